"""Pieces the apps' Wagtail listings share: each row's main action, listings that open on
what waits, and exports that spreadsheets cannot turn into formulas."""

from django.urls import reverse
from django.utils.functional import cached_property
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.views.generic.models import IndexView
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
    """Exports never hand a spreadsheet member-written text it would run as a formula, and each
    export is recorded in the audit log (who, when, which list, filters, how many rows).

    CSV guards such text with an apostrophe (`safe_cell`). XLSX writes it unchanged as a text
    cell marked "quote prefix", which Excel and WPS show and keep as text, even when someone
    edits the cell: `+86 730 …` reads as a phone number, not `'+86 730 …`."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV or (needs_guard(value) and value.startswith("'")):
            # In XLSX only text with an apostrophe of its own before such a character gets
            # one more, so that the import's `unguard_cell` gives the text back as it was.
            return safe_cell(value)
        return value

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        for cell in super().generate_xlsx_row(worksheet, row_dict, date_format=date_format):
            if needs_guard(cell.value):
                cell.data_type = "s"
                cell.quotePrefix = True
            yield cell

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
    from django.utils import timezone
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
