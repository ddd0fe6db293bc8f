from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail import hooks

from cms.middleware import allow_features
from members.scoping import restrict_to_secretariats

from . import booths, calendar, services
from .errors import BoothError, RegistrationError
from .forms import BoothApplicationForm, CheckInForm, RegistrationForm
from .models import Audience, EventPage, Registration


def live_event(pk):
    return get_object_or_404(EventPage.objects.live().public(), pk=pk)


@login_required
@require_POST
def register(request, pk):
    event = live_event(pk)
    form = RegistrationForm(request.POST, event=event)
    if form.is_valid():
        try:
            registration = services.register(event=event, user=request.user, answers=form.answers())
        except RegistrationError as error:
            form.add_error(None, error.message)
        else:
            if registration.status == Registration.Status.CONFIRMED:
                messages.success(request, _("You are registered. Your ticket is below."))
            else:
                messages.info(
                    request,
                    _("The event is full: you are number %(position)s on the waitlist.")
                    % {"position": registration.waitlist_position},
                )
            return redirect(registration.get_absolute_url())
    # Show the event page again with the form, its errors and what was typed.
    context = event.get_context(request)
    context["registration_form"] = form
    return TemplateResponse(request, event.get_template(request), context)


def own_registration(request, code):
    """A registration its holder (or an organiser) may see; 404 for anyone else."""
    registration = get_object_or_404(
        Registration.objects.select_related("event", "user"), ticket_code=code
    )
    if registration.user_id != request.user.pk and not services.manages_registrations(request.user):
        raise Http404
    return registration


@login_required
def ticket(request, code):
    registration = own_registration(request, code)
    return render(
        request,
        "events/ticket.html",
        {
            "registration": registration,
            "event": registration.event,
            "qr": calendar.qr_svg(registration.ticket_code)
            if registration.status == Registration.Status.CONFIRMED
            else None,
        },
    )


@login_required
@require_POST
def cancel(request, code):
    registration = own_registration(request, code)
    try:
        services.cancel_registration(registration=registration, by=request.user)
    except RegistrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your registration has been cancelled."))
    return redirect(registration.event.url)


@require_GET
def event_ics(request, pk):
    event = live_event(pk)
    response = HttpResponse(calendar.calendar_for([event]), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


@require_GET
def feed(request):
    """Public upcoming events, for calendar apps to subscribe to."""
    events = (
        EventPage.objects.live()
        .public()
        .filter(end__gte=timezone.now(), audience=Audience.PUBLIC)
        .order_by("start")
    )
    # Other apps add their own dated entries (training sessions) through this hook.
    extra = [entry for entries in hooks.get_hooks("calendar_feed_entries") for entry in entries()]
    return HttpResponse(calendar.calendar_for(events, extra), content_type="text/calendar")


def organiser_event(request, pk):
    if not services.manages_registrations(request.user):
        raise Http404  # not 403: nothing confirms the page exists
    return get_object_or_404(restrict_to_secretariats(EventPage.objects.all(), request.user), pk=pk)


def check_in_counts(event):
    return event.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
        checked_in=Count(
            "pk", filter=Q(status=Registration.Status.CONFIRMED, checked_in_at__isnull=False)
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
@allow_features("camera")  # scanning tickets, on this page only
def check_in(request, pk):
    """The door: scan or type a ticket code, or find a name; works on a phone."""
    event = organiser_event(request, pk)
    form = CheckInForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            registration, first_time = services.check_in(
                event=event, code=form.cleaned_data["code"], by=request.user
            )
        except RegistrationError as error:
            result = {"ok": False, "message": error.message}
        else:
            result = {
                "ok": True,
                "first_time": first_time,
                "name": str(registration.user),
                "message": (
                    _("Checked in: %(name)s") if first_time else _("Already checked in: %(name)s")
                )
                % {"name": registration.user},
            }
        form = CheckInForm()
    query = request.GET.get("q", "").strip()
    matches = []
    if query:
        matches = (
            event.registrations.filter(status=Registration.Status.CONFIRMED)
            .filter(Q(user__name__icontains=query) | Q(user__email__icontains=query))
            .select_related("user")[:20]
        )
    return render(
        request,
        "events/check_in.html",
        {
            "event": event,
            "form": form,
            "result": result,
            "query": query,
            "matches": matches,
            "counts": check_in_counts(event),
        },
    )


@login_required
@require_GET
def check_in_counts_json(request, pk):
    return JsonResponse(check_in_counts(organiser_event(request, pk)))


@login_required
@require_http_methods(["GET", "POST"])
def apply_for_booths(request, pk):
    event = live_event(pk)
    form = BoothApplicationForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            booths.apply_for_booths(event=event, user=request.user, **form.cleaned_data)
        except BoothError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your booth application has been sent to the organisers."))
            return redirect(event.url)
    return render(request, "events/apply_for_booths.html", {"event": event, "form": form})
