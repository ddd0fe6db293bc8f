import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.core import get_usage, is_ratelimited
from django_ratelimit.exceptions import Ratelimited

from cms.adapters import remember_return
from cms.admin_listing import record_export, safe_cell

from . import services
from .directory import PAGE_SIZES, OrganisationFilterSet, facet_counts, facets
from .forms import InvitationForm, MembershipApplicationForm, OrganisationForm, ProfileForm
from .models import (
    CommitteeSeat,
    Invitation,
    MemberProfile,
    Membership,
    MembershipApplication,
    Organisation,
    Viewer,
    visible_to,
)
from .services import MembershipError


def viewer_of_row(viewer, own_organisation_id):
    """The privacy level for each company in a list: colleagues see their own company whole."""
    return lambda organisation: (
        Viewer.COLLEAGUE
        if own_organisation_id == organisation.pk and viewer != Viewer.ORGANISER
        else viewer
    )


def filtered_directory(request):
    filterset = OrganisationFilterSet(request.GET or None, queryset=Organisation.objects.listed())
    queryset = filterset.qs.select_related("industry", "membership").order_by(
        "membership__tier_rank", "sort_key"
    )
    return filterset, queryset


def directory(request):
    filterset, queryset = filtered_directory(request)
    try:
        per_page = int(request.GET.get("per_page", PAGE_SIZES[0]))
    except ValueError:
        per_page = PAGE_SIZES[0]
    if per_page not in PAGE_SIZES:
        per_page = PAGE_SIZES[0]
    page = Paginator(queryset.prefetch_related("export_markets"), per_page).get_page(
        request.GET.get("page")
    )
    viewer = services.viewer_for(request.user)
    own = services.profile_of(request.user)
    privacy = viewer_of_row(viewer, own.organisation_id if own else None)
    rows = [{"organisation": org, "contacts": org.contacts_for(privacy(org))} for org in page]
    facet_list = facets(filterset, facet_counts(filterset.qs))
    return render(
        request,
        "members/directory.html",
        {
            "filterset": filterset,
            "facets": facet_list,
            "active_filters": sum(1 for facet in facet_list if facet["selected"]),
            "page_obj": page,
            "rows": rows,
            "per_page": per_page,
            "page_sizes": PAGE_SIZES,
            "can_export": viewer != Viewer.ANONYMOUS,
            "query": request.GET.get("q", ""),
        },
    )


# Exports carry contact details: a member may download the list now and then, not scrape it.
EXPORT_RATE = "20/h"


@login_required
def directory_export(request):
    """The filtered directory as CSV, for members and organisers, with only the contact details
    the person downloading it may see."""
    viewer = services.viewer_for(request.user)
    if viewer == Viewer.ANONYMOUS:
        raise Http404
    if is_ratelimited(
        request, group="directory-export", key="user", rate=EXPORT_RATE, increment=True
    ):
        raise Ratelimited
    _filterset, queryset = filtered_directory(request)
    rows = list(queryset.prefetch_related("export_markets"))
    # Members' downloads of contact details are logged like the organisers' exports.
    record_export(
        model=Organisation,
        user=request.user,
        data={
            "list": "member-directory",
            "filters": dict(request.GET.items()),
            "rows": len(rows),
        },
    )
    own = services.profile_of(request.user)
    privacy = viewer_of_row(viewer, own.organisation_id if own else None)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="member-directory-{stamp}.csv"'
    response.write("\ufeff")  # so that Excel opens Chinese text correctly
    writer = csv.writer(response)
    writer.writerow(
        [
            pgettext("company", "Name"),
            _("English name"),
            _("Industry"),
            _("County or city"),
            _("Main products"),
            _("Export markets"),
            _("Website"),
            _("Phone"),
            _("E-mail"),
            _("WeChat ID"),
            _("Address"),
            _("Directory page"),
        ]
    )
    for org in rows:
        contacts = org.contacts_for(privacy(org))
        writer.writerow(
            safe_cell(cell)
            for cell in [
                org.name,
                org.name_en,
                str(org.industry),
                org.city,
                org.main_products,
                "、".join(str(market) for market in org.export_markets.all()),
                org.website,
                contacts.get("phone", ""),
                contacts.get("email", ""),
                contacts.get("wechat", ""),
                contacts.get("address", ""),
                request.build_absolute_uri(org.get_absolute_url()),
            ]
        )
    return response


def organisation_detail(request, slug):
    organisation = get_object_or_404(
        Organisation.objects.select_related("industry", "secretariat", "membership"), slug=slug
    )
    viewer = services.viewer_for(request.user, organisation)
    listed = getattr(organisation, "membership", None) and (
        organisation.membership.status == Membership.Status.ACTIVE
    )
    if not listed and viewer not in (Viewer.ORGANISER, Viewer.COLLEAGUE):
        raise Http404
    roles = list(MemberProfile.Role.values)  # owners first, then editors, then staff
    people = [
        {"person": person, "contacts": person.contacts_for(viewer)}
        for person in sorted(
            organisation.people.select_related("user"),
            key=lambda person: (roles.index(person.role), person.pk),
        )
    ]
    seats = (
        CommitteeSeat.objects.filter(organisation=organisation, committee__live=True)
        .select_related("committee")
        .order_by("role_rank", "committee__path")
    )
    return render(
        request,
        "members/organisation_detail.html",
        {
            "organisation": organisation,
            "contacts": organisation.contacts_for(viewer),
            "address_visible": visible_to(organisation.address_visibility, viewer),
            "people": people,
            "seats": seats,
            "markets": organisation.export_markets.all(),
            "platforms": organisation.platforms.all(),
            "viewer": viewer,
            "listed": listed,
        },
    )


APPLY_RATE = "5/h"
APPLY_LIMIT = {"group": "membership-apply", "key": "ip", "rate": APPLY_RATE}


def apply_limit_reached(request):
    """Whether this address already sent as many accepted applications as APPLY_RATE allows.
    Only accepted ones count (see `apply`), so someone correcting a form is never locked out."""
    usage = get_usage(request, **APPLY_LIMIT)
    return usage is not None and usage["count"] >= usage["limit"]


@login_required
@require_http_methods(["GET", "POST"])
def apply(request):
    pending = MembershipApplication.objects.filter(
        applicant=request.user, status=MembershipApplication.Status.APPLIED
    ).first()
    if pending:
        return render(request, "members/apply_pending.html", {"application": pending})
    if services.active_organisation_id(request.user):
        messages.info(request, _("Your company is already a member of the association."))
        return redirect("dashboard")
    initial = {"applicant_name": request.user.name}
    form = MembershipApplicationForm(request.POST or None, initial=initial)
    # Applications reach the organisers' inbox: a few an hour from one address is plenty.
    if request.method == "POST" and apply_limit_reached(request):
        form.is_valid()
        form.add_error(None, _("Too many applications from your network. Please try again later."))
        return render(request, "members/apply.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        fields = {name: value for name, value in form.cleaned_data.items() if name != "consent"}
        try:
            services.submit_application(applicant=request.user, **fields)
        except MembershipError as error:
            form.add_error(None, error.message)
        else:
            get_usage(request, increment=True, **APPLY_LIMIT)
            messages.success(
                request, _("Thank you! Your application has been sent to the secretariat.")
            )
            return redirect("members:apply")
    return render(request, "members/apply.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def edit_organisation(request):
    try:
        organisation = services.editable_organisation(request.user)
    except PermissionDenied:
        raise Http404 from None
    form = OrganisationForm(request.POST or None, request.FILES or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.update_organisation(form=form, by=request.user)
        messages.success(request, _("The company profile has been saved."))
        return redirect("my:edit_organisation")
    return render(
        request, "members/edit_organisation.html", {"form": form, "organisation": organisation}
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_profile(request):
    profile, _created = MemberProfile.objects.get_or_create(
        user=request.user, defaults={"email": request.user.email}
    )
    form = ProfileForm(request.POST or None, request.FILES or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        services.update_profile(form=form, by=request.user)
        messages.success(request, _("Your profile has been saved."))
        return redirect("my:edit_profile")
    return render(request, "members/edit_profile.html", {"form": form, "profile": profile})


def owned_organisation(user):
    profile = services.profile_of(user)
    if not profile or not profile.organisation_id or profile.role != MemberProfile.Role.OWNER:
        raise Http404
    return profile.organisation


@login_required
@require_http_methods(["GET", "POST"])
def colleagues(request):
    organisation = owned_organisation(request.user)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_colleague(
                organisation=organisation,
                by=request.user,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
        except MembershipError as error:
            form.add_error("email", error.message)
        else:
            messages.success(
                request,
                _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]},
            )
            return redirect("my:colleagues")
    people = organisation.people.select_related("user").order_by("role", "pk")
    invitations = organisation.invitations.filter(accepted_at=None).order_by("-created_at")
    return render(
        request,
        "members/colleagues.html",
        {
            "organisation": organisation,
            "people": people,
            "invitations": invitations,
            "form": form,
        },
    )


@login_required
@require_POST
def remove_colleague(request, pk):
    organisation = owned_organisation(request.user)
    profile = get_object_or_404(MemberProfile, pk=pk, organisation=organisation)
    try:
        services.remove_colleague(organisation=organisation, by=request.user, profile=profile)
    except MembershipError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("%(name)s no longer belongs to the company.") % {"name": profile}
        )
    return redirect("my:colleagues")


@require_http_methods(["GET", "POST"])
def accept_invitation(request, token):
    if not request.user.is_authenticated:
        # Kept through logging in or signing up (and verifying the address) in this browser:
        # the log-in sends the person back here (cms.adapters); /my/ also lists it.
        remember_return(request, request.get_full_path())
        return redirect_to_login(request.get_full_path())
    if request.method == "POST":
        try:
            organisation = services.accept_invitation(token=token, user=request.user)
        except MembershipError as error:
            messages.error(request, error.message)
            return redirect("dashboard")
        messages.success(
            request, _("You now belong to %(company)s.") % {"company": organisation.display_name}
        )
        return redirect("dashboard")
    invitation = get_object_or_404(
        Invitation.objects.select_related("organisation"), token=token, accepted_at=None
    )
    return render(request, "members/accept_invitation.html", {"invitation": invitation})
