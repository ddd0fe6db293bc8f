from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail import hooks

from cms.middleware import allow_features
from members.scoping import restrict_to_secretariats
from payments.errors import PaymentError
from payments.models import Payment
from payments.money import yuan

from . import booths, calendar, services
from .errors import BoothError, RegistrationError, UnpaidError
from .forms import BoothApplicationForm, CheckInForm, DoorPaymentForm, RegistrationForm
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
            payment = (
                registration.open_payment()
                if registration.status == Registration.Status.CONFIRMED and event.is_priced
                else None
            )
            if payment is not None:
                messages.success(
                    request,
                    _(
                        "You are registered. Your seat is held until %(until)s: pay %(amount)s "
                        "by then to receive your ticket."
                    )
                    % {
                        "until": timezone.localtime(payment.hold_until).strftime("%Y-%m-%d %H:%M"),
                        "amount": yuan(payment.outstanding),
                    },
                )
            elif registration.status == Registration.Status.CONFIRMED:
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
    """The person's registration; the ticket (its QR code) only for a confirmed seat with
    nothing left to pay, else what to pay and by when."""
    registration = own_registration(request, code)
    confirmed = registration.status == Registration.Status.CONFIRMED
    payment = registration.open_payment() if confirmed else None
    return render(
        request,
        "events/ticket.html",
        {
            "registration": registration,
            "event": registration.event,
            "payment": payment,
            "qr": calendar.qr_svg(registration.ticket_code)
            if confirmed and payment is None
            else None,
            "kept": services.money_kept(registration)
            if registration.status == Registration.Status.CANCELLED
            else 0,
        },
    )


@login_required
@require_POST
def cancel(request, code):
    registration = own_registration(request, code)
    try:
        services.cancel_registration(registration=registration, by=request.user)
    except (RegistrationError, PaymentError) as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your registration has been cancelled."))
        kept = services.money_kept(registration)
        if kept:
            messages.info(
                request,
                _(
                    "You paid %(amount)s for this seat: the organisers will refund it to you "
                    "(contact them if you have questions)."
                )
                % {"amount": yuan(kept)},
            )
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


def payment_admin_url(payment, back):
    """The payment's screen in the ledger, coming back to `back` after recording money."""
    try:
        return f"{reverse('payments_admin:payment', args=[payment.pk])}?next={back}"
    except NoReverseMatch:
        return ""


def unpaid_result(request, event, registration, payment):
    """The door's answer for a seat still to be paid: a warning, and the form to take the
    money (for organisers who handle payments) or to let the person in all the same."""
    back = reverse("events:check_in", args=[event.pk])
    takes_money = request.user.has_perm("payments.change_payment")
    return {
        "ok": False,
        "unpaid": True,
        "message": _("%(name)s has not paid yet: %(amount)s is still due.")
        % {"name": registration.user, "amount": yuan(payment.outstanding)},
        "registration": registration,
        "payment": payment,
        "door_form": DoorPaymentForm(
            initial={"code": registration.ticket_code, "amount": payment.outstanding}
        )
        if takes_money
        else None,
        "payment_url": payment_admin_url(payment, back) if takes_money else "",
    }


@login_required
@require_http_methods(["GET", "POST"])
@allow_features("camera")  # scanning tickets, on this page only
def check_in(request, pk):
    """The door: scan or type a ticket code, or find a name; works on a phone. A seat still
    to be paid is not checked in: the organiser takes the money (cash or POS) here, or lets
    the person in all the same."""
    event = organiser_event(request, pk)
    form = CheckInForm(request.POST or None)
    result = None
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action == "collect":
        door_form = DoorPaymentForm(request.POST)
        if door_form.is_valid():
            try:
                registration, payment, first_time = services.take_payment_at_door(
                    event=event,
                    code=door_form.cleaned_data["code"],
                    amount=door_form.cleaned_data["amount"],
                    method=door_form.cleaned_data["method"],
                    by=request.user,
                )
            except (RegistrationError, PaymentError) as error:
                result = {"ok": False, "message": error.message}
            else:
                if payment is not None and payment.is_open:
                    result = unpaid_result(request, event, registration, payment)
                else:
                    result = {
                        "ok": True,
                        "first_time": first_time,
                        "name": str(registration.user),
                        "message": _("Paid and checked in: %(name)s") % {"name": registration.user},
                    }
        else:
            result = {
                "ok": False,
                "message": " ".join(
                    str(error) for errors in door_form.errors.values() for error in errors
                ),
            }
        form = CheckInForm()
    elif request.method == "POST" and form.is_valid():
        try:
            registration, first_time = services.check_in(
                event=event,
                code=form.cleaned_data["code"],
                by=request.user,
                allow_unpaid=action == "let-in",
            )
        except UnpaidError as error:
            result = unpaid_result(request, event, error.registration, error.payment)
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
            .select_related("user")
        )
        if event.is_priced:
            matches = matches.annotate(
                unpaid=Exists(Payment.objects.open().filter(registration=OuterRef("pk")))
            )
        matches = matches[:20]
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
