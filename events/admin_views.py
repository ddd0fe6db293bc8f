"""Organisers' own event screens: each event's organiser page (counts, registrations over
time, the answers, the people, and acting for them), the "new event" step that asks the kind
first, and the booth application review (assign booths, move an exhibitor, or reject)."""

from urllib.parse import urlencode

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.admin import messages

from cms.charts import Chart
from cms.parsing import parse_id
from cms.permissions import permission_or_404
from members.scoping import restrict_to_secretariats

from . import booths, services
from .admin_forms import AddPersonForm, AssignBoothsForm, NewEventForm, RejectBoothsForm
from .errors import BoothError, RegistrationError
from .models import (
    Booth,
    BoothApplication,
    EventIndexPage,
    EventKind,
    EventPage,
    Registration,
)

# The permission of every registration screen (services.manages_registrations).
MANAGES_REGISTRATIONS = "events.change_registration"


def person(registration):
    return registration.user.get_full_name() or registration.user.email


def registration_counts(event):
    """Seats taken, waitlist, check-ins and cancellations of one event, in one query."""
    status = Registration.Status
    return event.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=status.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(status=status.WAITLISTED)),
        cancelled=Count("pk", filter=Q(status=status.CANCELLED)),
        checked_in=Count("pk", filter=Q(status=status.CONFIRMED, checked_in_at__isnull=False)),
    )


def registrations_by_day(event):
    """Registrations made each day (Asia/Shanghai), with the running total, oldest first."""
    rows = (
        event.registrations.annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(
            made=Count("pk"),
            cancelled=Count("pk", filter=Q(status=Registration.Status.CANCELLED)),
        )
        .order_by("day")
    )
    total = 0
    days = []
    for row in rows:
        total += row["made"]
        days.append({**row, "total": total})
    return days


def registrations_chart(days):
    """The registrations by day as a chart (cms.charts), its numbers as its table."""
    return Chart(
        key="registrations",
        title=_("Registrations over time"),
        kind="line",
        categories=[f"{day['day']:%Y-%m-%d}" for day in days],
        series=[
            (_("Total so far"), [day["total"] for day in days]),
            (_("Registrations made"), [day["made"] for day in days]),
            (_("Of these cancelled"), [day["cancelled"] for day in days]),
        ],
        category_label=_("Day"),
    )


def answer_summary(event, questions):
    """For each question: how many answered, and for choice questions how many chose each
    answer (live registrations only)."""
    answers = list(
        event.registrations.exclude(status=Registration.Status.CANCELLED).values_list(
            "answers", flat=True
        )
    )
    summary = []
    for question in questions:
        given = [str(a.get(question.label, "")).strip() for a in answers if isinstance(a, dict)]
        given = [value for value in given if value]
        choices = None
        if question.choice_list:
            choices = [
                {"choice": choice, "count": given.count(choice)} for choice in question.choice_list
            ]
            other = len([value for value in given if value not in question.choice_list])
            if other:
                choices.append({"choice": _("Other answers"), "count": other})
        summary.append(
            {
                "question": question,
                "answered": len(given),
                "unanswered": len(answers) - len(given),
                "choices": choices,
            }
        )
    return summary


def answers_in_order(registration, questions):
    """The person's answers in the order of the event's questions, as (question, answer)."""
    answers = registration.answers if isinstance(registration.answers, dict) else {}
    return [
        (question.display_label, answers[question.label])
        for question in questions
        if answers.get(question.label)
    ]


def export_url(event, export_format):
    query = urlencode({"event": event.pk, "export": export_format})
    return f"{reverse('events_registrations:index')}?{query}"


@permission_or_404(MANAGES_REGISTRATIONS)
@require_http_methods(["GET"])
def event(request, pk):
    """The organiser page of one event."""
    event = get_object_or_404(scoped_events(request.user), pk=pk)
    questions = list(event.questions.all())
    people = list(
        event.registrations.exclude(status=Registration.Status.CANCELLED)
        .select_related("user", "checked_in_by")
        .order_by("created_at", "pk")
    )
    for registration in people:
        registration.answer_list = answers_in_order(registration, questions)
    counts = registration_counts(event)
    fair = None
    if event.kind == EventKind.TRADE_FAIR:
        fair = {
            **event.booths.aggregate(
                held=Count("pk", filter=Q(status=Booth.Status.HELD)),
                free=Count("pk", filter=Q(status=Booth.Status.FREE)),
                total=Count("pk"),
            ),
            "waiting": event.booth_applications.filter(
                status=BoothApplication.Status.APPLIED
            ).count(),
            "applications_url": (
                f"{reverse('events_booth_applications:index')}?{urlencode({'event': event.pk})}"
            ),
        }
    return render(
        request,
        "events/admin/event.html",
        {
            "event": event,
            "counts": counts,
            "fair": fair,
            "seats_free": (
                None if event.capacity is None else max(event.capacity - counts["confirmed"], 0)
            ),
            "chart": registrations_chart(registrations_by_day(event)),
            "answers": answer_summary(event, questions),
            "confirmed": [r for r in people if r.status == Registration.Status.CONFIRMED],
            "waitlisted": [r for r in people if r.status == Registration.Status.WAITLISTED],
            "add_form": AddPersonForm(),
            "export_csv_url": export_url(event, "csv"),
            "export_xlsx_url": export_url(event, "xlsx"),
            "edit_url": reverse("wagtailadmin_pages:edit", args=[event.pk]),
            "check_in_url": reverse("events:check_in", args=[event.pk]),
            "registrations_url": (
                f"{reverse('events_registrations:index')}?{urlencode({'event': event.pk})}"
            ),
        },
    )


def back(event):
    return redirect("events_admin:event", pk=event.pk)


@permission_or_404(MANAGES_REGISTRATIONS)
@require_POST
def add_person(request, pk):
    event = get_object_or_404(scoped_events(request.user), pk=pk)
    form = AddPersonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the e-mail address of the person's account."))
        return back(event)
    try:
        registration = services.add_registration(
            event=event, email=form.cleaned_data["email"], by=request.user
        )
    except RegistrationError as error:
        messages.error(request, error.message)
    else:
        if registration.status == Registration.Status.CONFIRMED:
            message = _("%(name)s is registered and has been e-mailed their ticket.")
        else:
            message = _("All seats are taken: %(name)s is on the waitlist and has been told.")
        messages.success(request, message % {"name": person(registration)})
    return back(event)


def scoped_events(user):
    """The events this organiser runs: all of them, or their secretariats' (members.scoping)."""
    return restrict_to_secretariats(EventPage.objects.all(), user)


def event_registration(request, pk, registration_pk):
    """A registration of this event, or 404 (a stale link, another event's registration, an
    event outside the organiser's secretariats)."""
    return get_object_or_404(
        restrict_to_secretariats(
            Registration.objects.select_related("event", "user"), request.user, "event__secretariat"
        ),
        pk=registration_pk,
        event_id=pk,
    )


@permission_or_404(MANAGES_REGISTRATIONS)
@require_http_methods(["GET", "POST"])
def cancel_registration(request, pk, registration_pk):
    """Cancels for someone, after a confirmation step; the seat goes to the waitlist."""
    registration = event_registration(request, pk, registration_pk)
    event = registration.event
    if request.method == "GET":
        if registration.status == Registration.Status.CANCELLED:
            messages.error(request, _("This registration was already cancelled."))
            return back(event)
        waiting = event.registrations.filter(status=Registration.Status.WAITLISTED).exists()
        return render(
            request,
            "events/admin/confirm_cancel.html",
            {
                "event": event,
                "registration": registration,
                "name": person(registration),
                "seat_goes_to_waitlist": (
                    registration.status == Registration.Status.CONFIRMED and waiting
                ),
            },
        )
    try:
        promoted = services.cancel_registration(registration=registration, by=request.user)
    except RegistrationError as error:
        messages.error(request, error.message)
    else:
        message = _("The registration of %(name)s is cancelled.") % {"name": person(registration)}
        if promoted is not None:
            message += " " + _(
                "%(name)s moved up from the waitlist and has been e-mailed their ticket."
            ) % {"name": person(promoted)}
        messages.success(request, message)
    return back(event)


@permission_or_404(MANAGES_REGISTRATIONS)
@require_POST
def promote_registration(request, pk, registration_pk):
    registration = event_registration(request, pk, registration_pk)
    try:
        services.promote_registration(registration=registration, by=request.user)
    except RegistrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(name)s moved up from the waitlist and has been e-mailed their ticket.")
            % {"name": person(registration)},
        )
        event = registration.event
        taken = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
        if event.capacity is not None and taken > event.capacity:
            messages.warning(
                request,
                _("The event now has %(taken)s people for %(seats)s seats.")
                % {"taken": taken, "seats": event.capacity},
            )
    return back(registration.event)


@permission_or_404(MANAGES_REGISTRATIONS)
@require_POST
def resend_ticket(request, pk, registration_pk):
    registration = event_registration(request, pk, registration_pk)
    try:
        services.resend_ticket(registration=registration, by=request.user)
    except RegistrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The ticket was sent again to %(email)s.") % {"email": registration.user.email},
        )
    return back(registration.event)


@require_http_methods(["GET"])
def new_event(request):
    """Asks the kind of event first, then opens Wagtail's editor for a new event under the
    events index, with that kind chosen."""
    index = EventIndexPage.objects.first()
    if index is None or not index.permissions_for_user(request.user).can_add_subpage():
        raise Http404
    form = NewEventForm(request.GET if "kind" in request.GET else None)
    if form.is_valid():
        add_url = reverse("wagtailadmin_pages:add", args=["events", "eventpage", index.pk])
        return redirect(f"{add_url}?{urlencode({'kind': form.cleaned_data['kind']})}")
    return render(request, "events/admin/new_event.html", {"form": form, "index": index})


@permission_or_404("events.change_boothapplication")
@require_http_methods(["GET", "POST"])
def review_booth_application(request, pk):
    application = get_object_or_404(
        restrict_to_secretariats(
            BoothApplication.objects.select_related(
                "event", "organisation", "applicant", "decided_by"
            ),
            request.user,
            "event__secretariat",
        ),
        pk=pk,
    )
    assign_form = AssignBoothsForm(prefix="assign", application=application)
    reject_form = RejectBoothsForm(prefix="reject")
    try:
        if request.method == "POST" and "assign" in request.POST:
            assign_form = AssignBoothsForm(request.POST, prefix="assign", application=application)
            if assign_form.is_valid():
                booths.assign_booths(
                    application=application,
                    booths=list(assign_form.cleaned_data["booths"]),
                    by=request.user,
                )
                messages.success(request, _("Booths assigned: the company has been e-mailed."))
                return redirect("events_booth_applications:index")
        elif request.method == "POST" and "reject" in request.POST:
            reject_form = RejectBoothsForm(request.POST, prefix="reject")
            if reject_form.is_valid():
                booths.reject_booth_application(
                    application=application,
                    by=request.user,
                    reason=reject_form.cleaned_data["reason"],
                )
                messages.success(request, _("Rejected: the company has been e-mailed."))
                return redirect("events_booth_applications:index")
        elif request.method == "POST" and "move" in request.POST:
            source = Booth.objects.filter(
                pk=parse_id(request.POST.get("source")), holder=application
            ).first()
            target = Booth.objects.filter(
                pk=parse_id(request.POST.get("target")), event=application.event
            ).first()
            if source is None or target is None:
                raise BoothError(_("Choose a booth of this exhibitor and a free booth."))
            booths.move_exhibitor(source=source, target=target, by=request.user)
            messages.success(request, _("Moved to booth %(number)s.") % {"number": target.number})
            return redirect("events_admin:review_booth_application", pk=application.pk)
    except BoothError as error:
        messages.error(request, error.message)
    return render(
        request,
        "events/admin/review_booth_application.html",
        {
            "application": application,
            "assign_form": assign_form,
            "reject_form": reject_form,
            "held": application.booths.order_by("number"),
            "free": Booth.objects.filter(event=application.event, status=Booth.Status.FREE),
        },
    )
