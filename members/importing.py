"""Importing member companies from a spreadsheet (CSV or XLSX), row by row.

Reading is bounded whatever the file claims. The upload is at most MAX_FILE_BYTES; an XLSX
workbook is refused before it is opened when its zip entries declare more than
XLSX_MAX_UNPACKED bytes or are packed suspiciously tightly (a zip bomb: Python's zipfile never
unpacks an entry past its declared size), and its sheet is read row by row in openpyxl's
read-only mode, ignoring the dimension the sheet declares. Past MAX_ROWS rows or MAX_COLUMNS
columns the file is refused with a message, before any row is imported.

Every row is checked whole and saved in its own transaction: a row is created, updated or
rejected with all its reasons, never half-written. The industries, markets, platforms,
secretariats and the companies the file names are looked up once per import, not per row.
Columns the file leaves out keep the company's values. The columns are those of the admin
export, so a file exported, corrected and imported again round-trips (the CSV export's
formula guard, a leading apostrophe, comes off again).

A file of up to SYNC_ROWS rows is imported at once; a larger one is imported by the task
worker (members.import_tasks) from a private copy, and the admin shows the run's progress.
Every import is recorded as an ImportRun with its row-by-row report, and each company it
created or changed gets a "members.imported" entry in its history saying what changed.
"""

import collections
import contextlib
import csv
import datetime
import io
import logging
import os
import time
import uuid
import zipfile
from dataclasses import asdict, dataclass, field

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from openpyxl import load_workbook
from wagtail.log_actions import log
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from cms.admin_listing import unguard_cell

from .errors import ImportFileError
from .models import (
    ORGANISATION_CONTACT_FORM_FIELDS,
    ImportRun,
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

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 5 * 1024 * 1024  # the upload form's limit, enforced here again
MAX_ROWS = 20_000
MAX_COLUMNS = 60
SYNC_ROWS = 200  # files up to this many rows are imported within the request
XLSX_MAX_UNPACKED = 100 * 1024 * 1024  # all entries of the workbook, as declared
XLSX_MAX_RATIO = 100  # unpacked / packed, for entries over XLSX_RATIO_FROM bytes
XLSX_RATIO_FROM = 1024 * 1024
XLSX_MAX_ENTRIES = 1000
BATCH_ROWS = 100  # rows committed together (each its own savepoint)
BATCH_SECONDS = 0.25
PROGRESS_SECONDS = 1  # between progress updates of a run
STALE_AFTER = datetime.timedelta(minutes=15)
# Imports wait in the private storage (never served as media) until the worker has read them.
UPLOAD_STORAGE = "certificates"

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
HEADINGS = dict(COLUMNS)
LIST_SEPARATORS = ("、", ",", "，", ";", "；", "/", "|")

ORGANISATION_FIELDS = [
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
MEMBERSHIP_FIELDS = ["tier", "status", "term_start", "term_end"]
# Choice columns: the stored code or its label in Chinese or English, in any case.
CHOICES = {
    "staff_band": StaffBand,
    "trade_band": TradeBand,
    "phone_visibility": Visibility,
    "email_visibility": Visibility,
    "wechat_visibility": Visibility,
    "address_visibility": Visibility,
    "tier": Tier,
    "status": Membership.Status,
}
# Choices a company always has a value for: a blank cell keeps it (or the default when new).
DEFAULTS = {
    "phone_visibility": Visibility.MEMBERS,
    "email_visibility": Visibility.MEMBERS,
    "wechat_visibility": Visibility.MEMBERS,
    "address_visibility": Visibility.PUBLIC,
    "tier": Tier.MEMBER,
    "status": Membership.Status.ACTIVE,
}


class TooManyRows(ImportFileError):
    """The file has more data rows than the reader was asked to take."""


# -- reading ---------------------------------------------------------------------------------


@dataclass
class Sheet:
    """A file's data rows as (row number in the file, {column key: text}), and which column
    keys its headings named."""

    columns: frozenset
    rows: list


def read_rows(upload, *, name=None, max_rows=None):
    """Reads a CSV (UTF-8 with or without BOM, or GB18030) or XLSX file into a Sheet.

    Raises ImportFileError when the file cannot be imported as a whole: unreadable, too large
    (packed or unpacked), more than MAX_COLUMNS columns, no heading row naming the company
    column; TooManyRows past `max_rows` data rows. Memory and time stay bounded by the caps,
    whatever sizes the file declares."""
    name = (name or getattr(upload, "name", "") or "").lower()
    max_rows = MAX_ROWS if max_rows is None else max_rows
    with contextlib.suppress(AttributeError, OSError):
        upload.seek(0)
    data = upload.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(
            _("The file is too large: at most %(size)s MB.") % {"size": MAX_FILE_BYTES // 2**20}
        )
    physical_rows = xlsx_rows(data) if name.endswith(".xlsx") else csv_rows(data)
    with contextlib.closing(physical_rows):
        return collect(physical_rows, max_rows)


def collect(physical_rows, max_rows):
    keys = None
    rows = []
    # Blank rows are skipped, but only so many: a sheet claiming a row a million rows down
    # would otherwise be walked to it, one empty row at a time.
    for position, (number, values) in enumerate(physical_rows, start=1):
        if position > 2 * max_rows + 1:
            raise too_many_rows(max_rows)
        cells = [cell_text(value) for value in values]
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            continue
        if len(cells) > MAX_COLUMNS:
            raise ImportFileError(
                _(
                    "Row %(row)s has more than %(columns)s columns: import at most "
                    "%(columns)s columns (those of the member company export)."
                )
                % {"row": number, "columns": MAX_COLUMNS}
            )
        if keys is None:
            keys = header_keys(cells)
            if "name" not in keys:
                raise ImportFileError(
                    _("The first row must hold the column headings, including “%(heading)s”.")
                    % {"heading": HEADINGS["name"]}
                )
            continue
        if len(rows) >= max_rows:
            raise too_many_rows(max_rows)
        rows.append((number, dict(zip(keys, cells, strict=False))))
    if keys is None:
        raise ImportFileError(_("The file is empty."))
    return Sheet(columns=frozenset(key for key in keys if ":" not in key), rows=rows)


def too_many_rows(max_rows):
    return TooManyRows(
        _(
            "The file has more than %(rows)s rows below the headings: split it into files of "
            "at most %(rows)s rows."
        )
        % {"rows": f"{max_rows:,}"}
    )


def cell_text(value):
    """A cell as the text a form field reads, without the export's formula guard."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        text = value.date().isoformat() if value.time() == datetime.time() else str(value)
    elif isinstance(value, datetime.date | datetime.time):
        text = value.isoformat()
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))  # 2015.0 and 13800138000.0 as Excel keeps numbers
    else:
        text = str(value)
    return unguard_cell(text.strip())


def csv_rows(data):
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GB18030
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(_("The CSV file is neither UTF-8 nor GB18030 text."))
    reader = csv.reader(io.StringIO(text))
    number = 0
    try:
        for number, row in enumerate(reader, start=1):  # noqa: B007 (read after the loop)
            yield number, row
    except csv.Error as error:  # a NUL byte, a cell over csv's field size limit…
        raise ImportFileError(
            _("Row %(row)s of the CSV file cannot be read.") % {"row": number + 1}
        ) from error


def xlsx_rows(data):
    check_workbook_archive(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook
        raise ImportFileError(_("This is not an Excel workbook we can read.")) from error
    try:
        if not workbook.worksheets:
            return
        sheet = workbook.worksheets[0]
        # The declared dimension (<dimension ref="A1:XFD1048576"/>) would make openpyxl pad
        # every row to it and add empty rows down to it: read the cells that are there.
        sheet.reset_dimensions()
        yield from enumerate(sheet.iter_rows(min_row=1, min_col=1, values_only=True), start=1)
    except ImportFileError:
        raise
    except Exception as error:
        raise ImportFileError(_("This is not an Excel workbook we can read.")) from error
    finally:
        workbook.close()


def check_workbook_archive(data):
    """Refuses a workbook whose zip entries would unpack to too much, before openpyxl opens it.
    Python's zipfile stops (bad CRC) at an entry's declared size, so the declared sizes bound
    what reading can unpack."""
    try:
        entries = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as error:
        raise ImportFileError(_("This is not an Excel workbook we can read.")) from error
    unpacked = sum(entry.file_size for entry in entries)
    dense = any(
        entry.file_size > XLSX_RATIO_FROM
        and entry.file_size > XLSX_MAX_RATIO * max(entry.compress_size, 1)
        for entry in entries
    )
    if len(entries) > XLSX_MAX_ENTRIES or unpacked > XLSX_MAX_UNPACKED or dense:
        raise ImportFileError(
            _(
                "This workbook unpacks to far more data than a list of member companies holds "
                "(at most %(size)s MB), so it is not opened. Save the sheet again from Excel "
                "or WPS, or as CSV, and import that file."
            )
            % {"size": XLSX_MAX_UNPACKED // 2**20}
        )


def header_keys(headings):
    known = {}
    for key, heading in COLUMNS:
        known[key] = key
        for language in ("zh-hans", "en"):
            with translation.override(language):
                known[str(heading).lower()] = key
    return [known.get(heading.lower(), f"unknown:{heading}") for heading in headings]


# -- one row ---------------------------------------------------------------------------------


@dataclass
class RowResult:
    number: int
    name: str
    outcome: str  # "created", "updated" or "rejected"
    errors: list = field(default_factory=list)
    unchanged: bool = False  # an existing company the row matched exactly


class PreloadedChoiceField(forms.Field):
    """A choice among objects loaded once per import ({pk: object}): no query per row (a
    ModelChoiceField would fetch the object, and the model's validation check it exists)."""

    default_error_messages = {
        "invalid_choice": gettext_lazy(
            "Select a valid choice. That choice is not one of the available choices."
        )
    }

    def __init__(self, *, objects=None, **kwargs):
        self.objects = objects or {}
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.objects[int(value)]
        except (KeyError, TypeError, ValueError):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None

    def has_changed(self, initial, data):
        return str(initial or "") != str(data or "")


class OrganisationRowForm(forms.ModelForm):
    """A row's company fields, validated as the admin form would, against the lists the import
    loaded: the industry and secretariat come from them, and whether the name is taken is
    known from the companies loaded (a company added meanwhile fails the row's transaction)."""

    industry = PreloadedChoiceField()
    secretariat = PreloadedChoiceField(required=False)

    class Meta:
        model = Organisation
        fields = ORGANISATION_FIELDS

    def __init__(self, *args, industries, secretariats, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["industry"].objects = industries
        self.fields["secretariat"].objects = secretariats

    def _get_validation_exclusions(self):
        return {*super()._get_validation_exclusions(), "industry", "secretariat"}

    def validate_unique(self):
        pass


class MembershipRowForm(forms.Form):
    term_start = forms.DateField(label=gettext_lazy("Term start"))
    term_end = forms.DateField(label=gettext_lazy("Term end"))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("term_start"), cleaned.get("term_end")
        if start and end and end <= start:
            raise forms.ValidationError(_("The term must end after it starts."))
        return cleaned


def index_by(objects, fields):
    """{lower-cased value of any of `fields`: object}; earlier fields win."""
    found = {}
    for name in reversed(fields):
        for obj in reversed(objects):
            value = (getattr(obj, name) or "").strip().lower()
            if value:
                found[value] = obj
    return found


def choice_index(choices):
    """{code or label in Chinese or English, lower-cased: code}."""
    found = {}
    for code, label in choices.choices:
        for language in ("en", "zh-hans"):
            with translation.override(language):
                found[str(label).strip().lower()] = code
        found[code.lower()] = code
    return found


def split_list(text):
    for separator in LIST_SEPARATORS[1:]:
        text = text.replace(separator, LIST_SEPARATORS[0])
    return [item.strip() for item in text.split(LIST_SEPARATORS[0]) if item.strip()]


@dataclass
class Known:
    """A company as the import last saw it: the record, its markets and platforms, its
    membership (or None)."""

    organisation: Organisation
    markets: list
    platforms: list
    membership: Membership | None


class RowImporter:
    """Imports rows against lookups loaded once: the lists of industries, markets, platforms
    and secretariats; and the companies the rows name (with their markets, platforms and
    memberships), loaded a batch of rows ahead. Each row is one savepoint."""

    def __init__(self, *, by, columns, file_name=""):
        self.by = by
        self.columns = columns
        self.file_name = file_name
        self.industries = index_by(list(Industry.objects.all()), ["name", "name_en", "slug"])
        self.secretariats = index_by(
            list(SecretariatPage.objects.all()), ["title", "city", "city_en", "slug"]
        )
        self.markets = index_by(list(Market.objects.all()), ["name", "name_en", "slug", "code"])
        self.platforms = index_by(list(SalesPlatform.objects.all()), ["name", "name_en", "slug"])
        self.choices = {key: choice_index(choices) for key, choices in CHOICES.items()}
        self.by_pk = {
            "industries": {obj.pk: obj for obj in self.industries.values()},
            "secretariats": {obj.pk: obj for obj in self.secretariats.values()},
        }
        self.known = {}  # name: Known, for the companies the rows still to come name
        self.looked_up = set()  # names already looked for in the database
        self.saved = []  # the companies the current batch saved

    def load_companies(self, names):
        """The companies of these names not loaded yet, with their memberships, markets and
        platforms, in three queries (their industries and secretariats come from the lists)."""
        names = sorted({name for name in names if name} - self.looked_up)
        self.looked_up.update(names)
        if not names:
            return
        companies = {
            organisation.pk: organisation
            for organisation in Organisation.objects.filter(name__in=names).select_related(
                "membership"
            )
        }
        related = {"export_markets": {}, "platforms": {}}
        for name, objects in (("export_markets", self.markets), ("platforms", self.platforms)):
            by_pk = {obj.pk: obj for obj in objects.values()}
            through, source, target = relation(name)
            pairs = through.objects.filter(**{f"{source}__in": list(companies)})
            for company, pk in pairs.values_list(source, target).order_by("pk"):
                related[name].setdefault(company, []).append(by_pk[pk])
        for pk, organisation in companies.items():
            for key, objects in (("industry", "industries"), ("secretariat", "secretariats")):
                loaded = self.by_pk[objects].get(getattr(organisation, f"{key}_id"))
                if loaded is not None:  # the one object of the lists, not a query each
                    setattr(organisation, key, loaded)
            self.known[organisation.name] = Known(
                organisation,
                related["export_markets"].get(pk, []),
                related["platforms"].get(pk, []),
                getattr(organisation, "membership", None),
            )

    def import_rows(self, rows):
        """Yields a RowResult for each (number, row) in turn, once it is saved or rejected.

        Each row is its own savepoint, so a row that fails half-way is rolled back whole;
        the rows are committed in batches of at most BATCH_ROWS rows or BATCH_SECONDS. A
        commit per row would cost a disk flush per row (SQLite flushes several times per
        commit: 50 rows/s at best on this kind of machine), and a short batch keeps other
        writers waiting no longer than that. An error in a row ends the import: the rows
        before it are committed (and yielded) first, then it is raised.

        The list is emptied as it goes (each entry set to None once imported), and a company
        is forgotten after its last row, so that memory shrinks rather than grows."""
        remaining = collections.Counter(row.get("name", "") for _number, row in rows)
        position = 0
        while position < len(rows):
            # The companies a batch may touch are loaded before it, a batch's worth at a time:
            # all 20,000 at once would hold them all in memory for the whole run.
            self.load_companies(
                row.get("name", "") for _number, row in rows[position : position + BATCH_ROWS]
            )
            results, error = [], None
            deadline = time.monotonic() + BATCH_SECONDS
            self.saved = []
            with transaction.atomic():
                # Wagtail would queue a reference-index task per saved company (10,000 tasks
                # for the worker after a large file): each batch indexes its companies itself.
                with disable_reference_index_auto_update():
                    while position < len(rows) and len(results) < BATCH_ROWS:
                        if results and time.monotonic() > deadline:
                            break
                        number, row = rows[position]
                        rows[position] = None
                        position += 1
                        try:
                            results.append(self.import_row(number, row))
                        except Exception as exception:  # raised once the rows before are in
                            error = exception
                            break
                        name = row.get("name", "")
                        remaining[name] -= 1
                        if not remaining[name]:
                            self.known.pop(name, None)
                if ReferenceIndex.is_indexed(Organisation):
                    for organisation in self.saved:
                        ReferenceIndex.create_or_update_for_object(organisation)
            yield from results
            if error is not None:
                raise error

    def import_row(self, number, row):
        name = row.get("name", "")
        known = self.known.get(name) if name else None
        errors, data, relations, terms = self.read(row, known)
        instance = Organisation() if known is None else _copy(known.organisation)
        form = OrganisationRowForm(data, instance=instance, **self.by_pk)
        if not form.is_valid():
            for field_name, field_errors in form.errors.items():
                if field_name not in errors:  # an unknown industry is reported once, as such
                    errors[field_name] = list(field_errors)
        if errors:
            return RowResult(number, name, "rejected", flatten(errors))
        old = snapshot(known)
        try:
            with transaction.atomic():
                saved = self.save(form, known, relations, terms)
                new = snapshot(saved)
                changes = {
                    key: [old.get(key, ""), value]
                    for key, value in new.items()
                    if value != old.get(key, "")
                }
                if changes:
                    log(
                        instance=saved.organisation,
                        action="members.imported",
                        user=self.by,
                        data={
                            "row": number,
                            "file": self.file_name,
                            "outcome": "updated" if known else "created",
                            "changes": changes,
                        },
                    )
        except IntegrityError:  # the same company added elsewhere since the import began
            return RowResult(
                number,
                name,
                "rejected",
                [_("A company of this name was added meanwhile: import the row again.")],
            )
        self.known[name] = saved
        if changes:
            self.saved.append(saved.organisation)
        return RowResult(number, name, "updated" if known else "created", unchanged=not changes)

    def read(self, row, known):
        """The row as form data, relations and membership terms, with every error by column."""
        errors = {}
        present = self.columns
        organisation = known.organisation if known else None
        membership = known.membership if known else None
        data = {}
        for key in ORGANISATION_FIELDS:
            if key not in present:
                data[key] = form_value(organisation, key) if organisation else DEFAULTS.get(key, "")
                continue
            text = row.get(key, "")
            if key == "industry":
                data[key] = self.related(errors, key, text, self.industries)
            elif key == "secretariat":
                data[key] = self.related(errors, key, text, self.secretariats)
            elif key in CHOICES:
                keep = form_value(organisation, key) if organisation else DEFAULTS.get(key, "")
                data[key] = self.choice(errors, key, text) if text else keep
            else:
                data[key] = text
        relations = {}
        for key, index in (("export_markets", self.markets), ("platforms", self.platforms)):
            if key not in present:
                continue  # left as they are
            found = []
            for item in split_list(row.get(key, "")):
                match = index.get(item.lower())
                if match is None:
                    errors.setdefault(key, []).append(unknown_message(key, item))
                elif match not in found:
                    found.append(match)
            relations[key] = found
        terms = {}
        for key in ("tier", "status"):
            text = row.get(key, "") if key in present else ""
            if text:
                terms[key] = self.choice(errors, key, text)
            else:
                terms[key] = getattr(membership, key) if membership else DEFAULTS[key]
        dates = {}
        for key in ("term_start", "term_end"):
            text = row.get(key, "") if key in present else ""
            dates[key] = text or (getattr(membership, key).isoformat() if membership else "")
        dates_form = MembershipRowForm(dates)
        if dates_form.is_valid():
            terms.update(dates_form.cleaned_data)
        else:
            for key, field_errors in dates_form.errors.items():
                errors.setdefault(key if key in HEADINGS else "term_end", []).extend(field_errors)
        return errors, data, relations, terms

    def related(self, errors, key, text, index):
        if not text:
            return ""
        match = index.get(text.lower())
        if match is None:
            errors.setdefault(key, []).append(unknown_message(key, text))
            return ""
        return match.pk

    def choice(self, errors, key, text):
        code = self.choices[key].get(text.lower())
        if code is None:
            labels = pgettext("list separator", ", ").join(
                str(label) for label in CHOICES[key].labels
            )
            errors.setdefault(key, []).append(
                _("“%(value)s” is not one of the allowed values: %(allowed)s.")
                % {"value": text, "allowed": labels}
            )
            return ""
        return code

    def save(self, form, known, relations, terms):
        if known is None:
            organisation = form.save()
        else:
            organisation = form.save(commit=False)
            if form.changed_data:
                # Only what the row changed: an edit of the profile (the introduction, the
                # logo) saved while the import runs is kept.
                organisation.save(
                    update_fields=[*form.changed_data, "sort_key", "search_text", "updated_at"]
                )
        markets = relations.get("export_markets", known.markets if known else [])
        platforms = relations.get("platforms", known.platforms if known else [])
        moved = [
            replace_relation(organisation, name, objects, getattr(known, attr, []))
            for name, attr, objects in (
                ("export_markets", "markets", markets),
                ("platforms", "platforms", platforms),
            )
        ]
        if any(moved):
            organisation.refresh_search_text()
        membership = known.membership if known else None
        if membership is None:
            membership = Membership.objects.create(organisation=organisation, **terms)
        else:
            changed = [key for key, value in terms.items() if getattr(membership, key) != value]
            if changed:
                for key in changed:
                    setattr(membership, key, terms[key])
                membership.save(update_fields=[*changed, "tier_rank"])
        return Known(organisation, list(markets), list(platforms), membership)


def _copy(organisation):
    """A copy for the row's form to change, so a rejected row leaves the known company as it
    was."""
    import copy

    return copy.copy(organisation)


def relation(name):
    """A many-to-many field of Organisation as (through model, company column, other column)."""
    field = Organisation._meta.get_field(name)
    return field.remote_field.through, field.m2m_field_name(), field.m2m_reverse_field_name()


def replace_relation(organisation, name, objects, before):
    """Makes the company's `name` relation hold `objects`, given what it held `before`, with
    one delete and one insert on the through table; returns whether it changed. (The
    relation's m2m_changed receiver, which `set()` would call twice, refreshes the search text:
    the caller does that once for both relations.)"""
    through, source, target = relation(name)
    new, old = {obj.pk for obj in objects}, {obj.pk for obj in before}
    if new == old:
        return False
    if old - new:
        through.objects.filter(
            **{source: organisation.pk, f"{target}__in": sorted(old - new)}
        ).delete()
    through.objects.bulk_create(
        [through(**{f"{source}_id": organisation.pk, f"{target}_id": pk}) for pk in new - old],
        ignore_conflicts=True,  # already there if someone added it since the import began
    )
    return True


def form_value(organisation, key):
    value = getattr(organisation, f"{key}_id" if key in ("industry", "secretariat") else key)
    return "" if value is None else value


def unknown_message(key, value):
    messages = {
        "industry": _("Unknown industry “%(value)s”."),
        "secretariat": _("Unknown secretariat “%(value)s”."),
        "export_markets": _("Unknown export market “%(value)s”."),
        "platforms": _("Unknown sales platform “%(value)s”."),
    }
    return messages[key] % {"value": value}


def flatten(errors):
    """["Column: reason", …] in the order of the columns."""
    order = {key: position for position, (key, _heading) in enumerate(COLUMNS)}
    return [
        _("%(column)s: %(error)s") % {"column": HEADINGS[key], "error": error}
        if key in HEADINGS
        else str(error)
        for key in sorted(errors, key=lambda key: order.get(key, len(order)))
        for error in errors[key]
    ]


# -- the company's history -------------------------------------------------------------------


def snapshot(known):
    """{column key: text} of what the import writes, codes for choices: compared before and
    after a row to say what changed."""
    if known is None:
        return {}
    organisation = known.organisation
    values = {}
    for key in ORGANISATION_FIELDS:
        value = getattr(organisation, key)
        if key == "industry":
            value = value.name if value else ""
        elif key == "secretariat":
            value = value.title if value else ""
        values[key] = "" if value is None else str(value)
    values["export_markets"] = "、".join(market.name for market in known.markets)
    values["platforms"] = "、".join(platform.name for platform in known.platforms)
    membership = known.membership
    for key in MEMBERSHIP_FIELDS:
        value = getattr(membership, key) if membership else ""
        values[key] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return values


def display(key, value):
    """A stored value as people read it: labels for choice codes, in the reader's language."""
    if key in CHOICES and value:
        return str(dict(CHOICES[key].choices).get(value, value))
    return value or "—"


def import_message(log_entry):
    """The history's line for a "members.imported" entry: where it came from and each change,
    old → new, with display labels."""
    data = log_entry.data or {}
    where = {"row": data.get("row", "?"), "file": data.get("file") or "—"}
    if data.get("outcome") == "created":
        head = _("Created from row %(row)s of %(file)s") % where
    else:
        head = _("Updated from row %(row)s of %(file)s") % where
    changes = [
        _("%(column)s: %(old)s → %(new)s")
        % {
            "column": HEADINGS.get(key, key),
            "old": display(key, values[0]),
            "new": display(key, values[1]),
        }
        for key, values in (data.get("changes") or {}).items()
        if isinstance(values, list) and len(values) == 2
    ]
    return _("%(head)s: %(changes)s") % {
        "head": head,
        "changes": pgettext("list separator", "; ").join(changes),
    }


# -- runs --------------------------------------------------------------------------------------


def import_organisations(*, upload, by):
    """Imports every row it can of a file (up to MAX_ROWS) and reports each; a rejected row
    leaves nothing behind. Raises ImportFileError for a file that cannot be imported whole."""
    sheet = read_rows(upload)
    importer = RowImporter(by=by, columns=sheet.columns, file_name=_file_name(upload.name))
    return list(importer.import_rows(sheet.rows))


def start_import(*, upload, by, language=None):
    """Imports a file of up to SYNC_ROWS rows at once, or queues a larger one for the task
    worker; returns the ImportRun either way (a queued one with `in_background`). Raises
    ImportFileError, recording nothing, for a small file that cannot be imported; a large file
    is checked whole by the worker, before its first row, and a refused one fails the run with
    the reason."""
    file_name = _file_name(upload.name)
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    try:
        sheet = read_rows(upload, max_rows=SYNC_ROWS)
    except TooManyRows:
        sheet = None
    if sheet is not None:
        run = ImportRun.objects.create(
            requested_by=by,
            file_name=file_name,
            language=language,
            status=ImportRun.Status.RUNNING,
            total=len(sheet.rows),
        )
        execute(run, sheet)
        return run
    upload.seek(0)
    extension = os.path.splitext(file_name)[1].lower()
    storage = storages[UPLOAD_STORAGE]
    stored_name = storage.save(f"imports/{uuid.uuid4().hex}{extension}", upload)
    try:
        run = ImportRun.objects.create(
            requested_by=by,
            file_name=file_name,
            stored_name=stored_name,
            in_background=True,
            language=language,
        )
    except Exception:
        storage.delete(stored_name)
        raise
    from . import import_tasks

    transaction.on_commit(lambda: import_tasks.import_companies.enqueue(run.pk))
    return run


def run_import(run_id):
    """The worker's part: reads the run's file (all the caps apply), imports each row in its
    own transaction, counting progress on the run, and stores the report. The private copy of
    the file is deleted whatever happens. A task delivered twice runs once."""
    claimed = ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.QUEUED).update(
        status=ImportRun.Status.RUNNING, updated_at=timezone.now()
    )
    run = ImportRun.objects.select_related("requested_by").get(pk=run_id)
    if not claimed:
        return run
    storage = storages[UPLOAD_STORAGE]
    try:
        with translation.override(run.language or settings.LANGUAGE_CODE):
            try:
                with storage.open(run.stored_name, "rb") as handle:
                    sheet = read_rows(handle, name=run.file_name)
            except ImportFileError as error:
                finish(run, [], error=str(error))
                return run
            except OSError as error:
                logger.exception("Import run %s: the uploaded file is gone", run.pk)
                finish(
                    run,
                    [],
                    error=_("The uploaded file could not be read again: %(error)s")
                    % {"error": error},
                )
                return run
            ImportRun.objects.filter(pk=run.pk).update(total=len(sheet.rows))
            run.total = len(sheet.rows)
            execute(run, sheet)
    finally:
        delete_stored_file(run)
    return run


def execute(run, sheet):
    """Imports the sheet's rows for the run, the same way for a file imported at once and for
    one the worker imports, updating the run's counts as it goes and the report at the end."""
    importer = RowImporter(by=run.requested_by, columns=sheet.columns, file_name=run.file_name)
    results = []
    reported = time.monotonic()
    try:
        for result in importer.import_rows(sheet.rows):
            results.append(result)
            if time.monotonic() - reported > PROGRESS_SECONDS:
                ImportRun.objects.filter(pk=run.pk).update(
                    updated_at=timezone.now(), **counts(results)
                )
                reported = time.monotonic()
    except Exception as error:
        finish(
            run, results, error=_("The import stopped at an error: %(error)s") % {"error": error}
        )
        raise
    finish(run, results)
    return results


def counts(results):
    tally = {"done": len(results), "created": 0, "updated": 0, "rejected": 0}
    for result in results:
        tally[result.outcome] += 1
    return tally


def finish(run, results, *, error=""):
    values = {
        **counts(results),
        "report": [asdict(result) for result in results],
        "status": ImportRun.Status.FAILED if error else ImportRun.Status.DONE,
        "error": str(error)[:2000],
        "finished_at": timezone.now(),
        "updated_at": timezone.now(),
    }
    ImportRun.objects.filter(pk=run.pk).update(**values)
    for key, value in values.items():
        setattr(run, key, value)


def delete_stored_file(run):
    if not run.stored_name:
        return
    try:
        storages[UPLOAD_STORAGE].delete(run.stored_name)
    except OSError:
        logger.exception("Import run %s: could not delete %s", run.pk, run.stored_name)
    ImportRun.objects.filter(pk=run.pk).update(stored_name="")
    run.stored_name = ""


def give_up_stale(run):
    """A run that made no progress for STALE_AFTER died with its worker (or none is running):
    it is marked failed and its file deleted. Rows imported before stay."""
    if run.is_finished or run.updated_at > timezone.now() - STALE_AFTER:
        return run
    stopped = ImportRun.objects.filter(
        pk=run.pk, status=run.status, updated_at__lte=timezone.now() - STALE_AFTER
    ).update(
        status=ImportRun.Status.FAILED,
        error=_("Stopped: no progress for %(minutes)s minutes. Rows imported before are kept.")
        % {"minutes": int(STALE_AFTER.total_seconds() // 60)},
        finished_at=timezone.now(),
    )
    if stopped:
        delete_stored_file(run)
    run.refresh_from_db()
    return run


def _file_name(name):
    return os.path.basename(name or "")[:200] or "upload"
