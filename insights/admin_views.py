"""Organisers' screens: the dashboard of charts, each chart's table as XLSX, and the annual
report pack. Everyone else gets 404, as for the other organisers' screens."""

import functools
import io
from urllib.parse import quote

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from openpyxl import Workbook

from members.scoping import whole_view_only

from . import figures, reports

# The Organisers group has it (members/migrations/0002); members and trainees do not.
VIEW_NUMBERS = "members.view_organisation"
FIRST_YEAR = 2000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def shows_numbers(user):
    """The numbers are the whole association's: organisers with the whole view see them, an
    organiser scoped to some secretariats does not (members.scoping)."""
    return user.has_perm(VIEW_NUMBERS) and whole_view_only(user)


def organisers_only(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not shows_numbers(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def attachment(filename, fallback):
    """Content-Disposition with the name as written (RFC 5987, for Chinese names) and an
    ASCII name for clients that do not read filename*."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


def xlsx_response(content, *, filename, fallback):
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = attachment(filename, fallback)
    response["Cache-Control"] = "private, no-store"
    return response


@organisers_only
@require_GET
def dashboard(request):
    today = timezone.localdate()
    charts = figures.dashboard(today)
    by_key = {chart.key: chart for chart in charts}
    tier = by_key["members-by-tier"]
    headline = [
        (_("Member units"), sum(tier.series[0][1]), _("with an active membership")),
        (
            _("Renewals due"),
            sum(by_key["renewals-due"].series[0][1]),
            _("in the next 90 days"),
        ),
        (
            _("Joined"),
            sum(by_key["members-over-time"].series[0][1]),
            _("in the last 12 months"),
        ),
    ]
    return render(
        request,
        "insights/admin/dashboard.html",
        {
            "charts": charts,
            "money_charts": figures.money(today),
            "headline": headline,
            "today": today,
        },
    )


@organisers_only
@require_GET
def chart_xlsx(request, key):
    chart = figures.chart(key, timezone.localdate())
    if chart is None:
        raise Http404
    workbook = Workbook()
    chart.to_xlsx(workbook.active)
    out = io.BytesIO()
    workbook.save(out)
    return xlsx_response(out.getvalue(), filename=f"{chart.title}.xlsx", fallback=f"{key}.xlsx")


def year_choices():
    this_year = timezone.localdate().year
    return [(year, str(year)) for year in range(this_year, FIRST_YEAR - 1, -1)]


class ReportForm(forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int, choices=year_choices)


@organisers_only
@require_GET
def report(request):
    form = ReportForm(initial={"year": reports.default_year(timezone.localdate())})
    return render(request, "insights/admin/report.html", {"form": form})


@organisers_only
@require_GET
def report_xlsx(request):
    form = ReportForm(request.GET)
    if not form.is_valid():
        raise Http404
    year = form.cleaned_data["year"]
    return xlsx_response(
        reports.annual_report(year),
        filename=reports.filename(year),
        fallback=f"annual-report-{year}.xlsx",
    )
