"""The annual report pack (年度工作报告): the figures an association files each year with its
registration authority, as one XLSX workbook with a sheet per topic, in the reader's language.

Where the numbers come from (a fixed number of queries whatever the year holds):
- member units at year end: memberships whose term covers 31 December of the year (term start
  on or before it, term end on or after it), whatever their status now: a company that lapsed
  in March was a member the December before. A company that lapsed and rejoined later starts a
  new term, so its earlier years are not counted again;
- individuals at year end: the people of those companies whose account existed by then;
- joined: applications approved in the year; left: "members.lapsed" log entries in the year;
  renewed: "members.renewed" log entries (one per membership);
- officers: member units at year end by tier (president, vice presidents, council members);
- events: published events that started in the year (and by the time of the report), with
  confirmed registrations and people checked in;
- training: published cohorts that started in the year, with trainees enrolled and completed,
  and certificates issued in the year (by issue date, revoked ones counted apart).
Years are calendar years in Asia/Shanghai.
"""

import datetime
import io

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from wagtail.models import ModelLogEntry

from cms.charts import sheet_name, write_row
from cms.i18n import translated
from events.models import EventKind, EventPage, Registration
from members.models import MemberProfile, Membership, MembershipApplication, Tier
from training.models import Certificate, CohortPage, Enrolment

from .figures import ZONE, start_of_day

OFFICER_TIERS = (Tier.PRESIDENT, Tier.VICE_PRESIDENT, Tier.STANDING_COUNCIL, Tier.COUNCIL)


def default_year(today):
    """The last complete year."""
    return today.year - 1


def year_bounds(year):
    return start_of_day(datetime.date(year, 1, 1)), start_of_day(datetime.date(year + 1, 1, 1))


def member_units(year):
    """Memberships whose term covers the year's last day, as a queryset."""
    year_end = datetime.date(year, 12, 31)
    return Membership.objects.filter(term_start__lte=year_end, term_end__gte=year_end).exclude(
        status=Membership.Status.APPLIED
    )


def figures(year, *, now=None):
    """Every number of the report for `year`, as plain data (the workbook is written from
    it, and the tests read it)."""
    now = now or timezone.now()
    since, until = year_bounds(year)
    held_until = min(until, now)
    units = member_units(year)
    by_tier = dict(
        units.values("tier").annotate(count=Count("pk")).order_by().values_list("tier", "count")
    )
    individuals = MemberProfile.objects.filter(
        organisation__membership__in=units, user__date_joined__lt=until
    ).count()
    joined = MembershipApplication.objects.filter(
        status=MembershipApplication.Status.APPROVED, decided_at__gte=since, decided_at__lt=until
    ).count()
    logged = dict(
        ModelLogEntry.objects.filter(
            action__in=["members.lapsed", "members.renewed"],
            timestamp__gte=since,
            timestamp__lt=until,
        )
        .values("action")
        .annotate(count=Count("object_id", distinct=True))
        .order_by()
        .values_list("action", "count")
    )
    officers = list(
        units.filter(tier__in=OFFICER_TIERS)
        .order_by("tier_rank", "organisation__sort_key")
        .values_list("tier", "organisation__name", "organisation__name_en")
    )
    confirmed = Q(registrations__status=Registration.Status.CONFIRMED)
    events = list(
        EventPage.objects.live()
        .filter(start__gte=since, start__lt=held_until)
        .annotate(
            confirmed=Count("registrations", filter=confirmed),
            checked_in=Count(
                "registrations", filter=confirmed & Q(registrations__checked_in_at__isnull=False)
            ),
        )
        .order_by("start", "pk")
        .values("title", "title_en", "kind", "start", "confirmed", "checked_in")
    )
    cohorts = list(
        CohortPage.objects.live()
        .filter(starts__gte=datetime.date(year, 1, 1), starts__lte=datetime.date(year, 12, 31))
        .annotate(
            enrolled=Count(
                "enrolments",
                filter=Q(enrolments__status__in=Enrolment.LIVE_STATUSES),
            ),
            # A revoked certificate is not a completion.
            completed=Count(
                "enrolments",
                filter=Q(enrolments__status=Enrolment.Status.COMPLETED)
                & Q(enrolments__certificate__revoked_at__isnull=True),
            ),
        )
        .order_by("starts", "pk")
        .values("title", "title_en", "starts", "ends", "enrolled", "completed")
    )
    certificates = Certificate.objects.filter(issued_at__gte=since, issued_at__lt=until).aggregate(
        issued=Count("pk"), revoked=Count("pk", filter=Q(revoked_at__isnull=False))
    )
    return {
        "year": year,
        "units": sum(by_tier.values()),
        "units_by_tier": [(tier, by_tier.get(tier.value, 0)) for tier in Tier],
        "individuals": individuals,
        "joined": joined,
        "left": logged.get("members.lapsed", 0),
        "renewed": logged.get("members.renewed", 0),
        "officers": officers,
        "events": events,
        "cohorts": cohorts,
        "certificates": certificates["issued"],
        "certificates_revoked": certificates["revoked"],
    }


def write_summary(sheet, data):
    year = data["year"]
    sheet.title = sheet_name(_("Summary"))
    write_row(sheet, [_("Annual report %(year)s") % {"year": year}], bold=True)
    write_row(sheet, [_("Item"), _("Number")], bold=True)
    rows = [
        (_("Member units at year end"), data["units"]),
        (_("Individual members at year end"), data["individuals"]),
        (_("Member units joined"), data["joined"]),
        (_("Member units left (lapsed)"), data["left"]),
        (_("Memberships renewed"), data["renewed"]),
        (_("Officer units (president, vice presidents, council)"), len(data["officers"])),
        (_("Meetings and events held"), len(data["events"])),
        (_("Event attendance (checked in)"), sum(row["checked_in"] for row in data["events"])),
        (_("Training cohorts held"), len(data["cohorts"])),
        (_("Trainees enrolled"), sum(row["enrolled"] for row in data["cohorts"])),
        (_("Certificates issued"), data["certificates"]),
    ]
    for row in rows:
        write_row(sheet, row)
    sheet.column_dimensions["A"].width = 48
    sheet.column_dimensions["B"].width = 14


def write_members(sheet, data):
    sheet.title = sheet_name(_("Members"))
    write_row(
        sheet, [_("Member units at 31 December %(year)s") % {"year": data["year"]}], bold=True
    )
    write_row(sheet, [_("Tier"), _("Member units")], bold=True)
    for tier, count in data["units_by_tier"]:
        write_row(sheet, [str(tier.label), count])
    write_row(sheet, [_("Total"), data["units"]], bold=True)
    write_row(sheet, [])
    write_row(sheet, [_("Item"), _("Number")], bold=True)
    write_row(sheet, [_("Individual members at year end"), data["individuals"]])
    write_row(sheet, [_("Member units joined"), data["joined"]])
    write_row(sheet, [_("Member units left (lapsed)"), data["left"]])
    write_row(sheet, [_("Memberships renewed"), data["renewed"]])
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 14


def write_officers(sheet, data):
    sheet.title = sheet_name(_("Officers"))
    write_row(sheet, [_("Tier"), _("Member units")], bold=True)
    counts = dict.fromkeys(OFFICER_TIERS, 0)
    for tier, _name, _name_en in data["officers"]:
        counts[tier] += 1
    for tier in OFFICER_TIERS:
        write_row(sheet, [str(tier.label), counts[tier]])
    write_row(sheet, [])
    write_row(sheet, [_("Tier"), _("Member company")], bold=True)
    for tier, name, name_en in data["officers"]:
        write_row(sheet, [str(Tier(tier).label), translated(name, name_en)])
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 48


def write_events(sheet, data):
    sheet.title = sheet_name(_("Events"))
    totals = {}
    for row in data["events"]:
        held, confirmed, checked_in = totals.get(row["kind"], (0, 0, 0))
        totals[row["kind"]] = (
            held + 1,
            confirmed + row["confirmed"],
            checked_in + row["checked_in"],
        )
    headings = [_("Kind"), _("Events held"), _("Confirmed registrations"), _("Checked in")]
    write_row(sheet, headings, bold=True)
    for kind in EventKind:
        if kind.value in totals:
            write_row(sheet, [str(kind.label), *totals[kind.value]])
    write_row(
        sheet,
        [
            _("Total"),
            len(data["events"]),
            sum(row["confirmed"] for row in data["events"]),
            sum(row["checked_in"] for row in data["events"]),
        ],
        bold=True,
    )
    write_row(sheet, [])
    write_row(
        sheet,
        [_("Date"), _("Event"), _("Kind"), _("Confirmed registrations"), _("Checked in")],
        bold=True,
    )
    for row in data["events"]:
        write_row(
            sheet,
            [
                row["start"].astimezone(ZONE).date(),
                translated(row["title"], row["title_en"]),
                str(EventKind(row["kind"]).label) if row["kind"] in EventKind.values else "",
                row["confirmed"],
                row["checked_in"],
            ],
        )
        sheet.cell(sheet.max_row, 1).number_format = "yyyy-mm-dd"
    for column, width in zip("ABCDE", (14, 44, 18, 18, 14), strict=True):
        sheet.column_dimensions[column].width = width


def write_training(sheet, data):
    sheet.title = sheet_name(_("Training"))
    write_row(
        sheet,
        [
            _("Cohort"),
            pgettext("cohort dates", "Starts"),
            pgettext("cohort dates", "Ends"),
            _("Enrolled"),
            _("Completed"),
        ],
        bold=True,
    )
    for row in data["cohorts"]:
        write_row(
            sheet,
            [
                translated(row["title"], row["title_en"]),
                row["starts"],
                row["ends"],
                row["enrolled"],
                row["completed"],
            ],
        )
        sheet.cell(sheet.max_row, 2).number_format = "yyyy-mm-dd"
        sheet.cell(sheet.max_row, 3).number_format = "yyyy-mm-dd"
    write_row(
        sheet,
        [
            _("Total"),
            None,
            None,
            sum(row["enrolled"] for row in data["cohorts"]),
            sum(row["completed"] for row in data["cohorts"]),
        ],
        bold=True,
    )
    write_row(sheet, [])
    write_row(sheet, [_("Item"), _("Number")], bold=True)
    write_row(sheet, [_("Certificates issued"), data["certificates"]])
    write_row(sheet, [_("of which revoked since"), data["certificates_revoked"]])
    for column, width in zip("ABCDE", (44, 14, 14, 12, 12), strict=True):
        sheet.column_dimensions[column].width = width


SHEETS = [write_summary, write_members, write_officers, write_events, write_training]


def annual_report(year, *, now=None):
    """The workbook for `year` as bytes."""
    data = figures(year, now=now)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for write in SHEETS:
        write(workbook.create_sheet(), data)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def filename(year):
    return _("annual-report-%(year)s.xlsx") % {"year": year}
