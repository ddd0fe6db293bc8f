"""Pieces the apps' Wagtail listings share: each row's main action, listings that open on
what waits, and exports that spreadsheets cannot turn into formulas."""

import datetime
import re
from decimal import Decimal

from django.contrib.admin.utils import label_for_field
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, SuspiciousOperation
from django.db import models
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_str
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import pgettext
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.views.generic.models import IndexView
from wagtail.coreutils import multigetattr
from wagtail.permission_policies import ModelPermissionPolicy

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def needs_guard(value):
    """Whether a spreadsheet could read this text as a formula. Text that already starts with
    apostrophes before such a character counts too, so that `unguard_cell` can tell the guard
    from an apostrophe of the text's own."""
    return isinstance(value, str) and value.lstrip("'").startswith(FORMULA_STARTS)


def safe_cell(value):
    """Text a spreadsheet would run as a formula (=HYPERLINK(…), +cmd…) gets a leading
    apostrophe, which Excel and WPS show as plain text. CSV has no other way to say "text"."""
    return "'" + value if needs_guard(value) else value


def unguard_cell(value):
    """The inverse of `safe_cell`, for imports: exactly one leading apostrophe comes off text
    that `safe_cell` would have guarded, so `+86 730 …` exported as `'+86 730 …` comes back as
    it was, and so does text of its own starting with `'=`."""
    if isinstance(value, str) and value.startswith("'") and needs_guard(value[1:]):
        return value[1:]
    return value


class SafeExportIndexView(IndexView):
    """Exports that open right in Excel and WPS as Chinese organisers use them, that never hand
    a spreadsheet member-written text it would run as a formula, and that are recorded in the
    audit log (who, when, which list, filters, how many rows).

    Each cell says what the listing says, in the language of the organiser downloading it:
    choices as their labels (`membership.status` too), yes/no as 是/否, related records by
    name, lists joined with 、, times in the portal's time zone (Asia/Shanghai), nothing for
    None. CSV starts with a byte order mark, without which Excel reads UTF-8 as GBK. XLSX cells
    are typed: dates and times as dates, numbers as numbers.

    CSV guards formula-like text with an apostrophe (`safe_cell`). XLSX writes it unchanged as
    a text cell marked "quote prefix", which Excel and WPS show and keep as text, even when
    someone edits the cell: `+86 730 …` reads as a phone number, not `'+86 730 …`.

    `export_value(item, field)` is the one place a value is looked up, for views that add
    columns of their own (add the names to `list_export` and `export_headings` too)."""

    def export_value(self, item, field):
        """The value of a `list_export` entry (a dotted path) for one object: the label of a
        field with choices, the members of a many-to-many relation, None for a related object
        that does not exist."""
        current = item
        for name in field.split("."):
            if current is None:
                return None
            if isinstance(current, models.Model):
                current = model_attribute(current, name)
            else:
                current = multigetattr(current, name)
        return current

    def to_row_dict(self, item):
        return {field: self.export_value(item, field) for field in self.list_export}

    def get_heading(self, queryset, field):
        if field in self.export_headings or "." not in field:
            return super().get_heading(queryset, field)
        # A dotted path without a heading of its own: the last field's verbose name.
        *relations, name = field.split(".")
        model = queryset.model
        try:
            for relation in relations:
                model = model._meta.get_field(relation).related_model
            return capfirst(force_str(label_for_field(name, model)))
        except (AttributeError, FieldDoesNotExist):
            return super().get_heading(queryset, field)

    def preprocess_field_value(self, field, value, export_format):
        # A function of the view's `custom_field_preprocess` for this field still wins; values
        # are otherwise turned into cells by `cell_value`, in place of Wagtail's
        # `custom_value_preprocess` (which writes times in UTC).
        if export_format in self.custom_field_preprocess.get(field, {}):
            value = super().preprocess_field_value(field, value, export_format)
        else:
            value = cell_value(value, export_format)
        if export_format == self.FORMAT_CSV or (needs_guard(value) and value.startswith("'")):
            # In XLSX only text with an apostrophe of its own before such a character gets
            # one more, so that the import's `unguard_cell` gives the text back as it was.
            return safe_cell(value)
        return value

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        from openpyxl.cell import WriteOnlyCell

        for field, value in row_dict.items():
            cell = WriteOnlyCell(
                worksheet, self.preprocess_field_value(field, value, self.FORMAT_XLSX)
            )
            if cell.data_type == "f" or needs_guard(cell.value):
                cell.data_type = "s"
                cell.quotePrefix = True
            elif isinstance(cell.value, datetime.datetime):
                cell.number_format = XLSX_DATETIME_FORMAT
            elif isinstance(cell.value, datetime.date):
                cell.number_format = XLSX_DATE_FORMAT
            elif isinstance(cell.value, datetime.time):
                cell.number_format = XLSX_TIME_FORMAT
            yield cell

    def write_xlsx(self, queryset, output):
        from openpyxl import Workbook

        # Dates as serial numbers (not iso_dates' ISO text cells), which every version of
        # Excel and WPS reads as dates.
        workbook = Workbook(write_only=True)
        worksheet = workbook.create_sheet(title=sheet_name(self.model._meta.verbose_name_plural))
        worksheet.append(self.get_heading(queryset, field) for field in self.list_export)
        for item in queryset:
            worksheet.append(self.generate_xlsx_row(worksheet, self.to_row_dict(item)))
        workbook.save(output)

    def stream_csv(self, queryset):
        # The rows are written after the view has returned, when Wagtail no longer applies the
        # organiser's language and time zone: each row is written in the request's.
        return in_request_locale(super().stream_csv(queryset), bom="\ufeff".encode())

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response

    def as_spreadsheet(self, queryset, spreadsheet_format):
        record_export(
            model=self.model,
            user=self.request.user,
            data={
                "format": spreadsheet_format,
                "rows": queryset.count(),
                "filters": {k: v for k, v in self.request.GET.items() if k != "export"},
            },
        )
        return super().as_spreadsheet(queryset, spreadsheet_format)


# Written the same way in Chinese and English: Excel and WPS read it as a date and time in any
# locale, where 12/03/2026 would be the 3rd of December to some and the 12th of March to others.
CSV_DATETIME_FORMAT = "%Y-%m-%d %H:%M"
CSV_TIME_FORMAT = "%H:%M"
XLSX_DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
XLSX_DATE_FORMAT = "yyyy-mm-dd"
XLSX_TIME_FORMAT = "hh:mm"


def sheet_name(name):
    """A worksheet's name as Excel allows it: 31 characters at most, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", " ", capfirst(force_str(name))).strip()[:31] or "Sheet1"


def in_request_locale(rows, *, bom):
    """The chunks of a streamed response, each made in the language and time zone active now
    (when the view runs), not in the ones active when the server sends them."""
    language, zone = translation.get_language(), timezone.get_current_timezone()

    def chunks():
        yield bom
        while True:
            with translation.override(language), timezone.override(zone):
                try:
                    chunk = next(rows)
                except StopIteration:
                    return
            yield chunk

    return chunks()


def model_attribute(instance, name):
    """One step of an export's dotted path on a model instance."""
    try:
        field = instance._meta.get_field(name)
    except FieldDoesNotExist:
        field = None
    if field is not None and not field.is_relation and field.choices:
        return instance._get_FIELD_display(field)
    try:
        value = getattr(instance, name)
    except ObjectDoesNotExist:  # a reverse one-to-one without its object
        return None
    if isinstance(value, models.Manager):
        return list(value.all())
    if callable(value):
        if getattr(value, "alters_data", False):
            raise SuspiciousOperation(f"Cannot call {value!r} from an export")
        value = value()
    return value


def cell_value(value, export_format):
    """A value as a spreadsheet cell holds it, in the active language and time zone: text,
    or for XLSX a number, a date or a (naive, local) date and time."""
    xlsx = export_format == SafeExportIndexView.FORMAT_XLSX
    if value is None:
        return None
    if isinstance(value, bool):
        return pgettext("spreadsheet", "Yes") if value else pgettext("spreadsheet", "No")
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(timezone.localtime(value))
        return value if xlsx else value.strftime(CSV_DATETIME_FORMAT)
    if isinstance(value, datetime.date):
        return value if xlsx else value.isoformat()
    if isinstance(value, datetime.time):
        return value if xlsx else value.strftime(CSV_TIME_FORMAT)
    if isinstance(value, int | float | Decimal):
        return value  # as a number in CSV too, so that a formula guard never marks -5 as text
    if isinstance(value, list | tuple | set | frozenset | models.QuerySet):
        items = (cell_value(item, export_format) for item in value)
        return pgettext("spreadsheet", ", ").join(
            force_str(item) for item in items if item not in (None, "")
        )
    return force_str(value)


def _printable(value):
    """What the log stores: no control characters (PostgreSQL's jsonb refuses NUL, and a
    filter value typed into a URL may hold anything)."""
    if isinstance(value, str):
        return "".join(ch for ch in value if ch.isprintable() or ch == " ")[:500]
    if isinstance(value, dict):
        return {_printable(key): _printable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_printable(item) for item in value]
    return value


def record_export(*, model, user, data):
    """An export of personal data leaves a ModelLogEntry: Reports → Site history shows it."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry

    ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        label=str(model._meta.verbose_name_plural),
        action="portal.exported",
        data=_printable(data),
        user=user,
        object_id="0",  # a whole list, not one object (no row has id 0)
        timestamp=timezone.now(),
    )


def main_action(label, url_name, icon_name, url_arg=lambda instance: instance.pk):
    """An IndexView mixin making one screen each row's main action: the row's title links to it
    (review an application, open an event's organiser page) and it comes first in the row's
    menu; editing the raw record stays in the menu as the secondary action."""

    class MainAction:
        def main_action_url(self, instance):
            return reverse(url_name, args=[url_arg(instance)])

        def _get_title_column(self, field_name, column_class=TitleColumn, **kwargs):
            column_class = self._get_title_column_class(column_class)
            return self._get_custom_column(
                field_name, column_class, get_url=self.main_action_url, **kwargs
            )

        def get_list_more_buttons(self, instance):
            button = MenuItem(
                label, url=self.main_action_url(instance), icon_name=icon_name, priority=5
            )
            return [button, *super().get_list_more_buttons(instance)]

    return MainAction


class PendingFirstMixin:
    """A listing of things to decide opens on what waits (`pending_filter`, e.g.
    {"status": "applied"}), oldest first; choosing 全部 in the filter, or removing the filter's
    tag, shows everything, newest first as usual."""

    pending_filter = {}
    pending_ordering = "created_at"

    @cached_property
    def shows_pending_by_default(self):
        return not any(name in self.request.GET for name in self.pending_filter)

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        if self.shows_pending_by_default:
            data = self.request.GET.copy()
            for name, value in self.pending_filter.items():
                data[name] = value
            kwargs["data"] = data
        return kwargs

    def get_ordering(self):
        if self.shows_pending_by_default and "ordering" not in self.request.GET:
            return self.pending_ordering
        return super().get_ordering()

    @cached_property
    def active_filters(self):
        # Removing the pending filter's tag must show everything, not fall back to the
        # default: its link says so with an empty value.
        filters = super().active_filters
        names = {self.filters.form[name].auto_id: name for name in self.pending_filter}
        return [
            active._replace(
                removed_filter_url=f"{active.removed_filter_url}&{names[active.auto_id]}="
            )
            if active.auto_id in names
            else active
            for active in filters
        ]


class RestrictedViewSetMixin:
    """A ModelViewSet whose every view (listing and its exports, edit, inspect, delete,
    history, usage) sees only the rows `restrict(queryset, user)` leaves: an organiser scoped
    to some secretariats gets 404 for any other row, as if it did not exist."""

    def restrict(self, queryset, user):
        return queryset

    def restrict_form(self, form, user):
        """Narrows the create/edit form's choices (a company's secretariat, a membership's
        company) to the organiser's scope, so nothing can be moved or added outside it."""

    def construct_view(self, view_class, **kwargs):
        return super().construct_view(
            restricted_view(view_class, self.restrict, self.restrict_form), **kwargs
        )


def restricted_view(view_class, restrict, restrict_form=None):
    class Restricted(view_class):
        def get_form(self, *args, **kwargs):
            form = super().get_form(*args, **kwargs)
            if restrict_form is not None:
                restrict_form(form, self.request.user)
            return form

        def get_base_queryset(self):
            return restrict(super().get_base_queryset(), self.request.user)

        def get_object(self, *args, **kwargs):
            instance = super().get_object(*args, **kwargs)
            rows = type(instance)._default_manager.filter(pk=instance.pk)
            if not restrict(rows, self.request.user).exists():
                raise Http404
            return instance

    Restricted.__name__ = Restricted.__qualname__ = view_class.__name__
    Restricted.__module__ = view_class.__module__
    return Restricted


class NoAddPolicy(ModelPermissionPolicy):
    """For records that come from the site (applications, registrations): organisers change
    them in the admin but never add them there."""

    refused = {"add"}

    def user_has_permission(self, user, action):
        return action not in self.refused and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class ReadOnlyPolicy(NoAddPolicy):
    """For records that change only through a service's own screen."""

    refused = {"add", "change", "delete"}
