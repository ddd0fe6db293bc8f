"""Importing member companies from a spreadsheet (CSV or XLSX), row by row.

Every row is checked whole and saved in its own transaction: a row is created, updated or
rejected with its reasons, never half-written. The columns are those of the admin export, so a
file exported, corrected and imported again round-trips.
"""

import csv
import io
import re
from dataclasses import dataclass, field

from django import forms
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from wagtail.log_actions import log

from .models import (
    ORGANISATION_CONTACT_FORM_FIELDS,
    Industry,
    Market,
    Membership,
    Organisation,
    SalesPlatform,
    SecretariatPage,
    StaffBand,
    Tier,
    TradeBand,
    Visibility,
)

# (key, heading): the export writes these headings, the import reads them (or the keys).
COLUMNS = [
    ("name", gettext_lazy("Name (Chinese)")),
    ("name_en", gettext_lazy("Name (English)")),
    ("industry", gettext_lazy("Industry")),
    ("city", gettext_lazy("County or city")),
    ("secretariat", gettext_lazy("Secretariat")),
    ("founded_year", gettext_lazy("Founded in")),
    ("staff_band", gettext_lazy("Staff")),
    ("trade_band", gettext_lazy("Annual trade")),
    ("main_products", gettext_lazy("Main products")),
    ("export_markets", gettext_lazy("Export markets")),
    ("platforms", gettext_lazy("Sales platforms")),
    ("website", gettext_lazy("Website")),
    ("phone", gettext_lazy("Phone")),
    ("phone_visibility", gettext_lazy("Who sees the phone")),
    ("email", gettext_lazy("E-mail")),
    ("email_visibility", gettext_lazy("Who sees the e-mail")),
    ("wechat", gettext_lazy("WeChat ID")),
    ("wechat_visibility", gettext_lazy("Who sees the WeChat ID")),
    ("address", gettext_lazy("Address")),
    ("address_visibility", gettext_lazy("Who sees the address")),
    ("tier", gettext_lazy("Tier")),
    ("status", gettext_lazy("Membership status")),
    ("term_start", gettext_lazy("Term start")),
    ("term_end", gettext_lazy("Term end")),
]
LIST_SEPARATORS = re.compile(r"\s*[、,，;；/|]\s*")


class ImportError_(Exception):
    """The file as a whole cannot be read."""


@dataclass
class RowResult:
    number: int
    name: str
    outcome: str  # "created", "updated" or "rejected"
    errors: list = field(default_factory=list)


def read_rows(upload):
    """The file's rows as dicts keyed by column key; raises ImportError_ if unreadable."""
    name = upload.name.lower()
    if name.endswith(".xlsx"):
        try:
            workbook = load_workbook(upload, read_only=True, data_only=True)
        except Exception as error:
            raise ImportError_(_("This is not an Excel workbook we can read.")) from error
        sheet = workbook.worksheets[0]
        table = [
            ["" if cell is None else str(cell).strip() for cell in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    else:
        raw = upload.read()
        for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GB18030
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ImportError_(_("The CSV file is neither UTF-8 nor GB18030 text."))
        table = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]
    table = [row for row in table if any(row)]
    if not table:
        raise ImportError_(_("The file is empty."))
    keys = header_keys(table[0])
    if "name" not in keys:
        raise ImportError_(
            _("The first row must hold the column headings, including “%(heading)s”.")
            % {"heading": COLUMNS[0][1]}
        )
    return [dict(zip(keys, row, strict=False)) for row in table[1:]]


def header_keys(headings):
    known = {}
    for key, heading in COLUMNS:
        known[key] = key
        for language in ("zh-hans", "en"):
            with translation.override(language):
                known[str(heading).lower()] = key
    return [known.get(str(heading).strip().lower(), f"unknown:{heading}") for heading in headings]


def lookup(model, value, fields):
    value = value.strip()
    for name in fields:
        match = model.objects.filter(**{f"{name}__iexact": value}).first()
        if match:
            return match
    return None


def choice_value(choices, value):
    """Accepts a stored value or its label in either language."""
    value = value.strip()
    for stored, label in choices:
        candidates = {stored.lower()}
        for language in ("zh-hans", "en"):
            with translation.override(language):
                candidates.add(str(label).lower())
        if value.lower() in candidates:
            return stored
    return None


class OrganisationRowForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "name_en",
            "industry",
            "city",
            "secretariat",
            "founded_year",
            "staff_band",
            "trade_band",
            "main_products",
            "website",
            *ORGANISATION_CONTACT_FORM_FIELDS,
        ]


def clean_row(row):
    """Turns a row's text into form data, related objects and membership terms; returns
    (data, m2m, membership, errors)."""
    errors = []
    data = {key: row.get(key, "") for key in OrganisationRowForm.Meta.fields}
    industry = lookup(Industry, row.get("industry", ""), ["name", "name_en", "slug"])
    if row.get("industry") and industry is None:
        errors.append(_("Unknown industry “%(value)s”.") % {"value": row["industry"]})
    data["industry"] = industry.pk if industry else ""
    secretariat = None
    if row.get("secretariat"):
        secretariat = lookup(
            SecretariatPage, row["secretariat"], ["title", "city", "city_en", "slug"]
        )
        if secretariat is None:
            errors.append(_("Unknown secretariat “%(value)s”.") % {"value": row["secretariat"]})
    data["secretariat"] = secretariat.pk if secretariat else ""
    for key, choices in (("staff_band", StaffBand.choices), ("trade_band", TradeBand.choices)):
        if row.get(key):
            value = choice_value(choices, row[key])
            if value is None:
                errors.append(_("“%(value)s” is not a valid choice.") % {"value": row[key]})
            data[key] = value or ""
    for key in ("phone_visibility", "email_visibility", "wechat_visibility", "address_visibility"):
        data[key] = choice_value(Visibility.choices, row.get(key, "")) or (
            Visibility.PUBLIC if key == "address_visibility" else Visibility.MEMBERS
        )
    m2m = {}
    for key, model in (("export_markets", Market), ("platforms", SalesPlatform)):
        items = []
        for name in filter(None, LIST_SEPARATORS.split(row.get(key, ""))):
            match = lookup(
                model, name, ["name", "name_en", "slug", *(["code"] if model is Market else [])]
            )
            if match is None:
                errors.append(_("Unknown “%(value)s”.") % {"value": name})
            else:
                items.append(match)
        m2m[key] = items
    membership = {}
    tier = choice_value(Tier.choices, row.get("tier", "")) if row.get("tier") else Tier.MEMBER
    status = (
        choice_value(Membership.Status.choices, row.get("status", ""))
        if row.get("status")
        else Membership.Status.ACTIVE
    )
    if tier is None or status is None:
        errors.append(_("Unknown tier or membership status."))
    membership_form = MembershipRowForm(
        {"term_start": row.get("term_start", ""), "term_end": row.get("term_end", "")}
    )
    if not membership_form.is_valid():
        for field_errors in membership_form.errors.values():
            errors.extend(field_errors)
    else:
        membership = {"tier": tier, "status": status, **membership_form.cleaned_data}
    return data, m2m, membership, errors


class MembershipRowForm(forms.Form):
    term_start = forms.DateField(label=gettext_lazy("Term start"))
    term_end = forms.DateField(label=gettext_lazy("Term end"))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("term_start"), cleaned.get("term_end")
        if start and end and end <= start:
            raise forms.ValidationError(_("The term must end after it starts."))
        return cleaned


def import_organisations(*, upload, by):
    """Imports every row it can and reports each; a rejected row leaves nothing behind."""
    results = []
    for number, row in enumerate(read_rows(upload), start=2):
        name = row.get("name", "").strip()
        data, m2m, membership, errors = clean_row(row)
        existing = Organisation.objects.filter(name=name).first() if name else None
        form = OrganisationRowForm(data, instance=existing)
        if not form.is_valid():
            for field_name, field_errors in form.errors.items():
                label = form.fields[field_name].label if field_name in form.fields else ""
                errors.extend(f"{label}: {error}" if label else error for error in field_errors)
        if errors:
            results.append(RowResult(number, name, "rejected", errors))
            continue
        with transaction.atomic():
            organisation = form.save()
            organisation.export_markets.set(m2m["export_markets"])
            organisation.platforms.set(m2m["platforms"])
            Membership.objects.update_or_create(organisation=organisation, defaults=membership)
            log(
                instance=organisation,
                action="members.imported",
                user=by,
                data={"row": number, "outcome": "updated" if existing else "created"},
            )
        results.append(RowResult(number, name, "updated" if existing else "created"))
    return results
