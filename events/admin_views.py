"""Organisers' booth screen: assign booths to an application, move an exhibitor, or reject."""

from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.admin import messages

from cms.parsing import parse_id
from cms.permissions import permission_or_404

from . import booths
from .errors import BoothError
from .forms import AssignBoothsForm, RejectBoothsForm
from .models import Booth, BoothApplication


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
