"""Organisers' booth screen: assign booths to an application, move an exhibitor, or reject."""

from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.admin import messages

from cms.permissions import permission_or_404

from . import services
from .forms import AssignBoothsForm, RejectBoothsForm
from .models import Booth, BoothApplication
from .services import RegistrationError


@permission_or_404("events.change_boothapplication")
@require_http_methods(["GET", "POST"])
def review_booth_application(request, pk):
    application = get_object_or_404(
        BoothApplication.objects.select_related("event", "organisation", "applicant"), pk=pk
    )
    assign_form = AssignBoothsForm(prefix="assign", application=application)
    reject_form = RejectBoothsForm(prefix="reject")
    try:
        if request.method == "POST" and "assign" in request.POST:
            assign_form = AssignBoothsForm(request.POST, prefix="assign", application=application)
            if assign_form.is_valid():
                services.assign_booths(
                    application=application,
                    booths=list(assign_form.cleaned_data["booths"]),
                    by=request.user,
                )
                messages.success(request, _("Booths assigned: the company has been e-mailed."))
                return redirect("events_booth_applications:index")
        elif request.method == "POST" and "reject" in request.POST:
            reject_form = RejectBoothsForm(request.POST, prefix="reject")
            if reject_form.is_valid():
                services.reject_booth_application(
                    application=application,
                    by=request.user,
                    reason=reject_form.cleaned_data["reason"],
                )
                messages.success(request, _("Rejected: the company has been e-mailed."))
                return redirect("events_booth_applications:index")
        elif request.method == "POST" and "move" in request.POST:
            source = Booth.objects.filter(
                pk=_number(request.POST.get("source")), holder=application
            ).first()
            target = Booth.objects.filter(
                pk=_number(request.POST.get("target")), event=application.event
            ).first()
            if source is None or target is None:
                raise RegistrationError(_("Choose a booth of this exhibitor and a free booth."))
            services.move_exhibitor(source=source, target=target, by=request.user)
            messages.success(request, _("Moved to booth %(number)s.") % {"number": target.number})
            return redirect("events_booth_review", pk=application.pk)
    except RegistrationError as error:
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


def _number(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
