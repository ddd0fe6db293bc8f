"""The dashboard's figures: each an aggregate query (or two) returning cms.charts.Chart objects,
so the number of queries stays the same whatever the number of members, events or trainees.

Every function takes `today` (a date in Asia/Shanghai) rather than reading the clock, so the
tests can pass a fixed day. Months are calendar months in Asia/Shanghai.

Where "joined", "renewed" and "lapsed" come from:
- joined: membership applications approved, by the month of their decision (decided_at);
  companies added by import or by hand in the admin have no application and are not counted;
- renewed: the "members.renewed" entries of the Wagtail log (members.services.renew_membership),
  one per membership and month;
- lapsed: the "members.lapsed" entries (the lapse_memberships command), one per membership and
  month. A membership keeps only its current status, so the log is the one record of both.

The money charts (`dues`, a section of their own) read payments.Payment for what fell due and
payments.LedgerEntry for what was received and refunded, amounts in Decimal yuan.
"""

import datetime
import zoneinfo
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, DecimalField, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from wagtail.models import ModelLogEntry

from cms.charts import Chart
from cms.i18n import translated
from events.models import Booth, EventKind, EventPage, Registration
from members.models import Industry, Membership, MembershipApplication, Organisation, Tier
from payments.models import LedgerEntry, Method, Payment
from training.models import Attendance, CohortPage, Enrolment

ZONE = zoneinfo.ZoneInfo(settings.TIME_ZONE)
MONTHS = 12
EVENTS_SHOWN = 12
COHORTS_SHOWN = 12
LOOK_AHEAD_DAYS = 90


def start_of_day(day):
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=ZONE)


def add_months(day, months):
    """The first of the month `months` after (or before) day's month."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_keys(today, months=MONTHS):
    """The last `months` calendar months up to today's, oldest first, as (year, month)."""
    first = add_months(today, -(months - 1))
    return [
        (add_months(first, offset).year, add_months(first, offset).month)
        for offset in range(months)
    ]


def month_of(value):
    """(year, month) of a TruncMonth result in Asia/Shanghai."""
    if isinstance(value, datetime.datetime):
        value = value.astimezone(ZONE)
    return (value.year, value.month)


def percent(part, whole):
    """A share in per cent to one decimal; None (no bar, "–" in the table) of nothing."""
    return round(part * 100 / whole, 1) if whole else None


def members_over_time(today):
    """Joined, renewed and lapsed per month over the last twelve months (two queries)."""
    keys = month_keys(today)
    since = start_of_day(datetime.date(*keys[0], 1))
    until = start_of_day(add_months(today, 1))
    joined = dict.fromkeys(keys, 0)
    for row in (
        MembershipApplication.objects.filter(
            status=MembershipApplication.Status.APPROVED,
            decided_at__gte=since,
            decided_at__lt=until,
        )
        .annotate(month=TruncMonth("decided_at", tzinfo=ZONE))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by()
    ):
        joined[month_of(row["month"])] = row["count"]
    logged = {"members.renewed": dict.fromkeys(keys, 0), "members.lapsed": dict.fromkeys(keys, 0)}
    for row in (
        ModelLogEntry.objects.filter(
            action__in=list(logged), timestamp__gte=since, timestamp__lt=until
        )
        .annotate(month=TruncMonth("timestamp", tzinfo=ZONE))
        .values("action", "month")
        .annotate(count=Count("object_id", distinct=True))
        .order_by()
    ):
        logged[row["action"]][month_of(row["month"])] = row["count"]
    return [
        Chart(
            key="members-over-time",
            title=_("Members joined, renewed and lapsed by month"),
            kind="bar",
            categories=[f"{year}-{month:02d}" for year, month in keys],
            series=[
                (_("Joined"), [joined[key] for key in keys]),
                (_("Renewed"), [logged["members.renewed"][key] for key in keys]),
                (
                    pgettext("membership change", "Lapsed"),
                    [logged["members.lapsed"][key] for key in keys],
                ),
            ],
            unit=pgettext("unit", "companies"),
            category_label=_("Month"),
            description=_(
                "Joined: applications approved; renewed and lapsed: from the site history."
            ),
        )
    ]


def members_by_industry(today):
    """Member companies with an active membership per industry (one query)."""
    rows = (
        Industry.objects.annotate(
            count=Count(
                "organisations",
                filter=Q(organisations__membership__status=Membership.Status.ACTIVE),
            )
        )
        .filter(count__gt=0)
        .order_by("-count", "sort_order", "name")
        .values("name", "name_en", "count")
    )
    rows = list(rows)
    return [
        Chart(
            key="members-by-industry",
            title=_("Member companies by industry"),
            kind="bar",
            horizontal=True,
            categories=[translated(row["name"], row["name_en"]) for row in rows],
            series=[(_("Member units"), [row["count"] for row in rows])],
            unit=pgettext("unit", "companies"),
            category_label=_("Industry"),
        )
    ]


def members_by_secretariat(today):
    """Member companies with an active membership per secretariat (one query)."""
    rows = list(
        Organisation.objects.filter(membership__status=Membership.Status.ACTIVE)
        .values("secretariat__title", "secretariat__title_en")
        .annotate(count=Count("pk"))
        .order_by("-count", "secretariat__title")
    )
    return [
        Chart(
            key="members-by-secretariat",
            title=_("Member companies by secretariat"),
            kind="bar",
            horizontal=True,
            categories=[
                translated(row["secretariat__title"], row["secretariat__title_en"])
                if row["secretariat__title"]
                else _("No secretariat")
                for row in rows
            ],
            series=[(_("Member units"), [row["count"] for row in rows])],
            unit=pgettext("unit", "companies"),
            category_label=_("Secretariat"),
        )
    ]


def members_by_tier(today):
    """Member companies with an active membership per tier (one query)."""
    counts = dict(
        Membership.objects.filter(status=Membership.Status.ACTIVE)
        .values("tier")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("tier", "count")
    )
    return [
        Chart(
            key="members-by-tier",
            title=_("Member companies by tier"),
            kind="pie",
            categories=[str(tier.label) for tier in Tier],
            series=[(_("Member units"), [counts.get(tier.value, 0) for tier in Tier])],
            unit=pgettext("unit", "companies"),
            category_label=_("Tier"),
        )
    ]


def renewals_due(today):
    """Active memberships whose term ends in the next 90 days, in three 30-day windows
    (one query); today counts as day 0."""
    windows = [(0, 30), (31, 60), (61, LOOK_AHEAD_DAYS)]
    aggregates = {
        f"w{index}": Count(
            "pk",
            filter=Q(
                term_end__gte=today + datetime.timedelta(days=low),
                term_end__lte=today + datetime.timedelta(days=high),
            ),
        )
        for index, (low, high) in enumerate(windows)
    }
    counts = Membership.objects.filter(status=Membership.Status.ACTIVE).aggregate(**aggregates)
    return [
        Chart(
            key="renewals-due",
            title=_("Renewals due in the next 90 days"),
            kind="bar",
            categories=[
                _("within %(days)s days") % {"days": windows[0][1]},
                *(
                    _("in %(low)s–%(high)s days") % {"low": low, "high": high}
                    for low, high in windows[1:]
                ),
            ],
            series=[(_("Memberships due"), [counts[f"w{index}"] for index in range(3)])],
            unit=pgettext("unit", "companies"),
            category_label=_("Term ends"),
        )
    ]


def held_before(today):
    """What counts as already held on `today`: up to now when `today` is today, else up to
    the end of that day (the figures for a fixed date, as in the tests)."""
    if today == timezone.localdate(timezone=ZONE):
        return timezone.now()
    return start_of_day(today + datetime.timedelta(days=1))


def event_label(row):
    start = row["start"].astimezone(ZONE)
    return f"{start:%Y-%m-%d} {translated(row['title'], row['title_en'])}"


def events(today):
    """Registrations per event and the check-in rate of those already held, for the latest
    twelve events up to 90 days ahead (one query for both charts)."""
    now_limit = held_before(today)
    limit = start_of_day(today + datetime.timedelta(days=LOOK_AHEAD_DAYS + 1))
    confirmed = Q(registrations__status=Registration.Status.CONFIRMED)
    rows = list(
        EventPage.objects.live()
        .filter(start__lt=limit)
        .annotate(
            confirmed=Count("registrations", filter=confirmed),
            waitlisted=Count(
                "registrations",
                filter=Q(registrations__status=Registration.Status.WAITLISTED),
            ),
            checked_in=Count(
                "registrations", filter=confirmed & Q(registrations__checked_in_at__isnull=False)
            ),
        )
        .order_by("-start", "-pk")
        .values("pk", "title", "title_en", "start", "confirmed", "waitlisted", "checked_in")[
            :EVENTS_SHOWN
        ]
    )
    rows.reverse()
    held = [row for row in rows if row["start"] < now_limit]
    return [
        Chart(
            key="event-registrations",
            title=_("Registrations per event"),
            kind="bar",
            horizontal=True,
            categories=[event_label(row) for row in rows],
            series=[
                (_("Confirmed"), [row["confirmed"] for row in rows]),
                (_("Waitlisted"), [row["waitlisted"] for row in rows]),
                (_("Checked in"), [row["checked_in"] for row in rows]),
            ],
            unit=pgettext("unit", "people"),
            category_label=_("Event"),
        ),
        Chart(
            key="event-check-in-rates",
            title=_("Check-in rate per event"),
            kind="bar",
            horizontal=True,
            categories=[event_label(row) for row in held],
            series=[
                (
                    _("Checked in of confirmed (%)"),
                    [percent(row["checked_in"], row["confirmed"]) for row in held],
                )
            ],
            unit="%",
            category_label=_("Event"),
        ),
    ]


def booth_occupancy(today):
    """Booths held, reserved and free at the latest twelve trade fairs (one query)."""
    rows = list(
        EventPage.objects.live()
        .filter(kind=EventKind.TRADE_FAIR)
        .annotate(
            total=Count("booths"),
            held=Count("booths", filter=Q(booths__status=Booth.Status.HELD)),
            reserved=Count("booths", filter=Q(booths__status=Booth.Status.RESERVED)),
        )
        .filter(total__gt=0)
        .order_by("-start", "-pk")
        .values("pk", "title", "title_en", "start", "total", "held", "reserved")[:EVENTS_SHOWN]
    )
    rows.reverse()
    return [
        Chart(
            key="booth-occupancy",
            title=_("Booth occupancy per trade fair"),
            kind="stacked",
            horizontal=True,
            categories=[event_label(row) for row in rows],
            series=[
                (pgettext("booths", "Held"), [row["held"] for row in rows]),
                (pgettext("booths", "Reserved"), [row["reserved"] for row in rows]),
                (
                    pgettext("booths", "Free"),
                    [row["total"] - row["held"] - row["reserved"] for row in rows],
                ),
            ],
            unit=pgettext("unit", "booths"),
            category_label=_("Trade fair"),
        )
    ]


def training(today):
    """Enrolment, completion and attendance for the latest twelve cohorts that start by 90
    days from today (two queries). Enrolled: accepted or completed; completed: certificate
    issued; attendance: sessions attended out of trainees × sessions."""
    limit = today + datetime.timedelta(days=LOOK_AHEAD_DAYS)
    live = Q(enrolments__status__in=Enrolment.LIVE_STATUSES)
    rows = list(
        CohortPage.objects.live()
        .filter(starts__lte=limit)
        .annotate(
            enrolled=Count("enrolments", filter=live, distinct=True),
            # A revoked certificate is not a completion.
            completed=Count(
                "enrolments",
                filter=Q(enrolments__status=Enrolment.Status.COMPLETED)
                & Q(enrolments__certificate__revoked_at__isnull=True),
                distinct=True,
            ),
            # Attendance is out of the sessions held so far.
            session_count=Count(
                "sessions", filter=Q(sessions__start__lt=held_before(today)), distinct=True
            ),
        )
        .order_by("-starts", "-pk")
        .values("pk", "title", "title_en", "starts", "enrolled", "completed", "session_count")[
            :COHORTS_SHOWN
        ]
    )
    rows.reverse()
    present = dict(
        Attendance.objects.filter(
            present=True,
            session__start__lt=held_before(today),
            session__cohort_id__in=[row["pk"] for row in rows],
            enrolment__cohort_id=F("session__cohort_id"),
            enrolment__status__in=Enrolment.LIVE_STATUSES,
        )
        .values("session__cohort_id")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("session__cohort_id", "count")
    )
    labels = [f"{row['starts']:%Y-%m} {translated(row['title'], row['title_en'])}" for row in rows]
    return [
        Chart(
            key="training-cohorts",
            title=_("Training enrolment and completion per cohort"),
            kind="bar",
            horizontal=True,
            categories=labels,
            series=[
                (_("Enrolled"), [row["enrolled"] for row in rows]),
                (_("Completed"), [row["completed"] for row in rows]),
            ],
            unit=pgettext("unit", "trainees"),
            category_label=_("Cohort"),
        ),
        Chart(
            key="training-attendance",
            title=_("Attendance per cohort"),
            kind="bar",
            horizontal=True,
            categories=labels,
            series=[
                (
                    _("Sessions attended (%)"),
                    [
                        percent(present.get(row["pk"], 0), row["enrolled"] * row["session_count"])
                        for row in rows
                    ],
                )
            ],
            unit="%",
            category_label=_("Cohort"),
        ),
    ]


def money_sum(expression, condition=None):
    return Sum(
        expression, filter=condition, output_field=DecimalField(max_digits=14, decimal_places=2)
    )


def dues(today):
    """Dues of today's calendar year by month: what fell due (cancelled dues owe nothing),
    what was received for dues (by the day booked), and what is still unpaid past its due
    date; and all money received this year by method, with refunds (two queries). Amounts
    are Decimal yuan."""
    year = today.year
    keys = [(year, month) for month in range(1, 13)]
    zero = Decimal("0.00")
    due = dict.fromkeys(keys, zero)
    overdue = dict.fromkeys(keys, zero)
    for row in (
        Payment.objects.filter(purpose=Payment.Purpose.DUES, due_date__year=year)
        .exclude(state=Payment.State.CANCELLED)
        .annotate(month=TruncMonth("due_date"))
        .values("month")
        .annotate(
            due=money_sum("amount"),
            overdue=money_sum(
                F("amount") - F("paid"),
                Q(state__in=Payment.OPEN_STATES, due_date__lt=today),
            ),
        )
        .order_by()
    ):
        due[month_of(row["month"])] = row["due"] or zero
        overdue[month_of(row["month"])] = row["overdue"] or zero
    received = dict.fromkeys(keys, zero)
    by_method = {method: {"received": zero, "refunded": zero} for method in Method.values}
    for row in (
        LedgerEntry.objects.filter(booked_on__year=year)
        .exclude(refund_state=LedgerEntry.RefundState.FAILED)
        .annotate(month=TruncMonth("booked_on"))
        .values("month", "method", "kind", "payment__purpose")
        .annotate(total=money_sum("amount"))
        .order_by()
    ):
        kind = "received" if row["kind"] == LedgerEntry.Kind.RECEIVED else "refunded"
        by_method.setdefault(row["method"], {"received": zero, "refunded": zero})
        by_method[row["method"]][kind] += row["total"]
        if kind == "received" and row["payment__purpose"] == Payment.Purpose.DUES:
            received[month_of(row["month"])] += row["total"]
    methods = [
        method
        for method in Method
        if by_method[method.value]["received"] or by_method[method.value]["refunded"]
    ]
    return [
        Chart(
            key="dues-by-month",
            title=_("Dues due, received and overdue by month, %(year)s") % {"year": year},
            kind="bar",
            categories=[f"{y}-{m:02d}" for y, m in keys],
            series=[
                (_("Due"), [due[key] for key in keys]),
                (_("Received"), [received[key] for key in keys]),
                (_("Overdue, unpaid"), [overdue[key] for key in keys]),
            ],
            unit=pgettext("unit", "yuan"),
            category_label=_("Month"),
            description=_(
                "Due and overdue by the month of the due date; received by the day the money "
                "was booked."
            ),
        ),
        Chart(
            key="received-by-method",
            title=_("Money received by method, %(year)s") % {"year": year},
            kind="bar",
            horizontal=True,
            categories=[str(method.label) for method in methods],
            series=[
                (_("Received"), [by_method[method.value]["received"] for method in methods]),
                (
                    pgettext("money", "Refunded"),
                    [by_method[method.value]["refunded"] for method in methods],
                ),
            ],
            unit=pgettext("unit", "yuan"),
            category_label=_("Method"),
            description=_("All payments: dues, event, booth and training fees."),
        ),
    ]


# In the dashboard's order; each builder gives one or more charts.
BUILDERS = [
    members_over_time,
    renewals_due,
    members_by_tier,
    members_by_industry,
    members_by_secretariat,
    events,
    booth_occupancy,
    training,
]
CHART_KEYS = {
    "members-over-time": members_over_time,
    "renewals-due": renewals_due,
    "members-by-tier": members_by_tier,
    "members-by-industry": members_by_industry,
    "members-by-secretariat": members_by_secretariat,
    "event-registrations": events,
    "event-check-in-rates": events,
    "booth-occupancy": booth_occupancy,
    "training-cohorts": training,
    "training-attendance": training,
    "dues-by-month": dues,
    "received-by-method": dues,
}
# The money side, a section of its own on the dashboard (two queries more).
MONEY_BUILDERS = [dues]


def dashboard(today):
    """Every chart of the dashboard, in order."""
    return [chart for builder in BUILDERS for chart in builder(today)]


def money(today):
    """The dues and money charts, in order."""
    return [chart for builder in MONEY_BUILDERS for chart in builder(today)]


def chart(key, today):
    """One chart by its key, or None."""
    builder = CHART_KEYS.get(key)
    if builder is None:
        return None
    return next(chart for chart in builder(today) if chart.key == key)
