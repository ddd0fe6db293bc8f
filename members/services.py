"""Membership operations. Views, admin views, commands and tests call these; nothing else
changes membership state. Each runs in one transaction, records who did what in Wagtail's log,
and sends its e-mail after the transaction commits."""

import datetime
import secrets

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from . import emails
from .errors import MembershipError
from .models import (
    Invitation,
    MemberProfile,
    Membership,
    MembershipApplication,
    Organisation,
    Tier,
    Viewer,
    Visibility,
)

RENEWAL_NOTICE_DAYS = 30
TERM_YEARS = 1


# -- who is looking ------------------------------------------------------------------------


def is_organiser(user):
    return bool(
        user.is_authenticated
        and (user.is_superuser or user.has_perm("members.change_organisation"))
    )


def profile_of(user):
    if not user.is_authenticated:
        return None
    try:
        return user.member_profile
    except MemberProfile.DoesNotExist:
        return None


def active_organisation_id(user):
    """The id of the member company this person belongs to, if its membership is active."""
    profile = profile_of(user)
    if profile is None or profile.organisation_id is None:
        return None
    active = Membership.objects.filter(
        organisation_id=profile.organisation_id, status=Membership.Status.ACTIVE
    ).exists()
    return profile.organisation_id if active else None


def viewer_for(user, organisation=None):
    """What this user is to this organisation's data: organiser, colleague, member or visitor."""
    if is_organiser(user):
        return Viewer.ORGANISER
    profile = profile_of(user)
    if organisation is not None and profile and profile.organisation_id == organisation.pk:
        return Viewer.COLLEAGUE
    if active_organisation_id(user):
        return Viewer.MEMBER
    return Viewer.ANONYMOUS


def editable_organisation(user):
    """The organisation this user may edit (owner or editor), or PermissionDenied."""
    profile = profile_of(user)
    if profile is None or not profile.can_edit_organisation:
        raise PermissionDenied
    return profile.organisation


# -- applications --------------------------------------------------------------------------


def submit_application(*, applicant, **fields):
    """Records a membership application for a signed-in person.

    Refuses (MembershipError) a second application while one awaits review, and an applicant
    who already belongs to an active member company. The unique constraint on pending
    applications makes the refusal hold between simultaneous requests too.
    """
    if MembershipApplication.objects.filter(
        applicant=applicant, status=MembershipApplication.Status.APPLIED
    ).exists():
        raise MembershipError(
            _("You already have an application awaiting review. We will e-mail you the result.")
        )
    if active_organisation_id(applicant):
        raise MembershipError(_("Your company is already a member of the association."))
    try:
        with transaction.atomic():
            application = MembershipApplication.objects.create(
                applicant=applicant,
                consented_at=timezone.now(),
                consent_version=settings.PRIVACY_POLICY_VERSION,
                language=translation.get_language() or settings.LANGUAGE_CODE,
                **fields,
            )
    except IntegrityError as error:
        raise MembershipError(
            _("You already have an application awaiting review. We will e-mail you the result.")
        ) from error
    log(instance=application, action="members.application_submitted", user=applicant)
    return application


@transaction.atomic
def approve_application(
    *, application, by, organisation=None, tier=Tier.MEMBER, term_start=None, term_end=None
):
    """Approves a pending application: creates the member company (or links the applicant to the
    one the organiser chose), makes the applicant its owner (editor when the company already has
    people), starts an active term unless the company has one, and e-mails the applicant in
    their language. The applicant's contact details start hidden until they choose otherwise.

    Locks the application row, so two organisers approving at once cannot both succeed.
    """
    application = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != MembershipApplication.Status.APPLIED:
        raise MembershipError(_("This application has already been decided."))
    applicant = application.applicant
    current = profile_of(applicant)
    if current and current.organisation_id and active_organisation_id(applicant):
        raise MembershipError(_("The applicant already belongs to an active member company."))

    created = organisation is None
    if created:
        if Organisation.objects.filter(name=application.organisation_name).exists():
            raise MembershipError(
                _(
                    "A member company named %(name)s already exists. Choose it under “Link to "
                    "an existing member company” to add the applicant to it, or correct the name."
                )
                % {"name": application.organisation_name}
            )
        # Contact details start hidden: the new member chooses who sees them after approval.
        organisation = Organisation.objects.create(
            name=application.organisation_name,
            name_en=application.organisation_name_en,
            industry=application.industry,
            city=application.city,
            secretariat=application.secretariat,
            founded_year=application.founded_year,
            staff_band=application.staff_band,
            trade_band=application.trade_band,
            main_products=application.main_products,
            website=application.website,
            phone=application.company_phone,
            phone_visibility=Visibility.HIDDEN,
            email_visibility=Visibility.HIDDEN,
            wechat_visibility=Visibility.HIDDEN,
        )

    term_start = term_start or timezone.localdate()
    term_end = term_end or add_years(term_start, TERM_YEARS) - datetime.timedelta(days=1)
    membership = Membership.objects.filter(organisation=organisation).first()
    if membership is None or membership.status != Membership.Status.ACTIVE:
        # A company joining (or rejoining) starts a term; one already active keeps its own.
        membership, _created = Membership.objects.update_or_create(
            organisation=organisation,
            defaults={
                "tier": tier,
                "status": Membership.Status.ACTIVE,
                "term_start": term_start,
                "term_end": term_end,
            },
        )
        # The term's dues, at the tier's rate for the year (nothing when none is set).
        from payments.dues import create_dues

        create_dues(membership=membership, start=term_start, end=term_end, by=by)
    has_people = organisation.people.exclude(user=applicant).exists()
    profile, new_profile = MemberProfile.objects.get_or_create(user=applicant)
    profile.organisation = organisation
    profile.role = MemberProfile.Role.EDITOR if has_people else MemberProfile.Role.OWNER
    if new_profile:
        # What the applicant gave the secretariat is not published until they choose to.
        profile.title = application.applicant_title
        profile.phone = application.applicant_phone
        profile.wechat = application.applicant_wechat
        profile.email = applicant.email
        for name in MemberProfile.CONTACT_FIELDS:
            setattr(profile, f"{name}_visibility", Visibility.HIDDEN)
    profile.save()
    if not applicant.name:
        applicant.name = application.applicant_name
        applicant.save(update_fields=["name"])

    application.status = MembershipApplication.Status.APPROVED
    application.decided_by = by
    application.decided_at = timezone.now()
    application.organisation = organisation
    application.save()
    log(instance=application, action="members.application_approved", user=by)
    log(
        instance=organisation,
        action="wagtail.create" if created else "members.member_added",
        user=by,
        data={"person": applicant.email},
    )
    emails.application_approved(application, organisation)
    return application


@transaction.atomic
def reject_application(*, application, by, reason):
    """Rejects a pending application with a reason, which is e-mailed to the applicant."""
    reason = (reason or "").strip()
    if not reason:
        raise MembershipError(_("Give the applicant a reason for the rejection."))
    application = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != MembershipApplication.Status.APPLIED:
        raise MembershipError(_("This application has already been decided."))
    application.status = MembershipApplication.Status.REJECTED
    application.rejection_reason = reason
    application.decided_by = by
    application.decided_at = timezone.now()
    application.save()
    log(
        instance=application,
        action="members.application_rejected",
        user=by,
        data={"reason": reason},
    )
    emails.application_rejected(application)
    return application


# -- self-service --------------------------------------------------------------------------


def describe_changes(form):
    """{field label: [old, new]} for the fields a bound model form changed, as the reader
    sees them: choices by their label (公开, not `public`), related objects by their name."""
    return {
        str(form.fields[name].label): [
            _plain(form.fields[name], form.initial.get(name)),
            _plain(form.fields[name], form.cleaned_data.get(name)),
        ]
        for name in form.changed_data
    }


def _plain(field, value):
    """A short text for the history: labels for choices, file names for files, names joined
    for lists."""
    if value in (None, "") or value is False:
        return ""
    if isinstance(field, forms.ModelMultipleChoiceField):
        items = value if hasattr(value, "__iter__") else [value]
        pks = [getattr(item, "pk", item) for item in items]
        return "、".join(str(item) for item in field.queryset.filter(pk__in=pks))
    if isinstance(field, forms.ModelChoiceField):
        item = value if hasattr(value, "pk") else field.queryset.filter(pk=value).first()
        return str(item or "")
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value))
    if isinstance(value, File | FieldFile):
        return value.name or ""
    if isinstance(value, str | int | datetime.date):
        return str(value)
    if hasattr(value, "__iter__"):
        return "、".join(str(item) for item in value)
    return str(value)


@transaction.atomic
def update_organisation(*, form, by):
    """Saves a member's edit of their company's profile (owners and editors only) and records
    who changed what in the company's history."""
    organisation = form.instance
    if editable_organisation(by).pk != organisation.pk:
        raise PermissionDenied
    changes = describe_changes(form)
    organisation = form.save()
    if changes:
        log(instance=organisation, action="members.profile_edited", user=by, data=changes)
    return organisation


@transaction.atomic
def update_profile(*, form, by):
    """Saves a person's edit of their own profile and records it in their company's history."""
    profile = form.instance
    if profile.user_id != by.pk:
        raise PermissionDenied
    changes = describe_changes(form)
    profile = form.save()
    if changes:
        log(instance=profile, action="members.profile_edited", user=by, data=changes)
        if profile.organisation_id:
            log(
                instance=profile.organisation,
                action="members.person_edited",
                user=by,
                data={"person": str(profile), **changes},
            )
    return profile


# Invitations go out from the association's address: no one may use them to flood a mailbox.
INVITATIONS_PER_SENDER = (10, datetime.timedelta(hours=1))
INVITATIONS_PER_ADDRESS = (3, datetime.timedelta(days=1))


def check_invitation_limits(*, by, email, organisation):
    """Refuses (MembershipError) an eleventh invitation from one person within an hour and a
    fourth from one company to one address within a day (per company, so nobody can use up
    an address's invitations for every other company). Counted from the log of invitations
    sent, which every process shares."""
    from wagtail.models import ModelLogEntry

    now = timezone.now()
    sent = ModelLogEntry.objects.filter(action="members.invited")
    limit, period = INVITATIONS_PER_SENDER
    if sent.filter(user_id=by.pk, timestamp__gte=now - period).count() >= limit:
        raise MembershipError(
            _("You have sent %(count)s invitations in the last hour. Please try again later.")
            % {"count": limit}
        )
    limit, period = INVITATIONS_PER_ADDRESS
    to_address = sent.filter(
        data__email=email, object_id=str(organisation.pk), timestamp__gte=now - period
    )
    if to_address.count() >= limit:
        raise MembershipError(
            _("This address has been invited several times today. Please try again tomorrow.")
        )


def pending_invitations(user):
    """Unexpired invitations to the person's verified addresses, for /my/ (so an invitation
    survives signing up and verifying the address in between)."""
    if not user.is_authenticated:
        return []
    emails = [
        address.lower()
        for address in user.emailaddress_set.filter(verified=True).values_list("email", flat=True)
    ]
    invitations = Invitation.objects.filter(email__in=emails, accepted_at=None).select_related(
        "organisation"
    )
    return [invitation for invitation in invitations if not invitation.expired]


@transaction.atomic
def invite_colleague(*, organisation, by, email, role=MemberProfile.Role.STAFF):
    """The owner invites a colleague by e-mail; the link in the mail adds them on sign-in."""
    profile = profile_of(by)
    if not profile or profile.organisation_id != organisation.pk or profile.role != "owner":
        raise PermissionDenied
    email = email.strip().lower()
    if organisation.people.filter(user__email__iexact=email).exists():
        raise MembershipError(_("This person is already one of your colleagues here."))
    check_invitation_limits(by=by, email=email, organisation=organisation)
    Invitation.objects.filter(organisation=organisation, email=email, accepted_at=None).delete()
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                organisation=organisation,
                email=email,
                role=role,
                token=secrets.token_urlsafe(32),
                invited_by=by,
            )
    except IntegrityError as error:  # the same invitation sent twice at once
        raise MembershipError(_("An invitation to this address was just sent.")) from error
    log(instance=organisation, action="members.invited", user=by, data={"email": email})
    emails.invitation(invitation, by)
    return invitation


@transaction.atomic
def accept_invitation(*, token, user):
    """Adds the signed-in person to the inviting company. The invitation must be addressed to
    one of their verified e-mail addresses and not be older than two weeks."""
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("organisation")
        .filter(token=token, accepted_at=None)
        .first()
    )
    if invitation is None or invitation.expired:
        raise MembershipError(_("This invitation is no longer valid. Ask for a new one."))
    verified = user.emailaddress_set.filter(verified=True, email__iexact=invitation.email)
    if not verified.exists():
        raise MembershipError(
            _("This invitation was sent to %(email)s. Sign in with that address to accept it.")
            % {"email": invitation.email}
        )
    profile, _created = MemberProfile.objects.get_or_create(user=user)
    if profile.organisation_id and profile.organisation_id != invitation.organisation_id:
        raise MembershipError(_("You already belong to another member company."))
    profile.organisation = invitation.organisation
    profile.role = invitation.role
    profile.email = profile.email or user.email
    profile.save()
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    log(
        instance=invitation.organisation,
        action="members.member_added",
        user=user,
        data={"person": user.email},
    )
    return invitation.organisation


@transaction.atomic
def remove_colleague(*, organisation, by, profile):
    """The owner removes a colleague from the company (not themselves)."""
    own = profile_of(by)
    if not own or own.organisation_id != organisation.pk or own.role != "owner":
        raise PermissionDenied
    if profile.organisation_id != organisation.pk:
        raise PermissionDenied
    if profile.pk == own.pk:
        raise MembershipError(_("You cannot remove yourself. Ask the secretariat to transfer."))
    profile.organisation = None
    profile.role = MemberProfile.Role.STAFF
    profile.save(update_fields=["organisation", "role"])
    log(
        instance=organisation,
        action="members.member_removed",
        user=by,
        data={"person": profile.user.email},
    )


# -- terms ---------------------------------------------------------------------------------


def add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def renew_membership(*, membership, by, term_end=None):
    """Starts the next term (a year from the end of the current one, or today if it lapsed)."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.status not in (Membership.Status.ACTIVE, Membership.Status.LAPSED):
        raise MembershipError(
            _("Only an active or lapsed membership is renewed (this one is %(status)s).")
            % {"status": membership.get_status_display()}
        )
    today = timezone.localdate()
    start = max(membership.term_end + datetime.timedelta(days=1), today)
    term_end = term_end or add_years(start, TERM_YEARS) - datetime.timedelta(days=1)
    if term_end <= today:
        raise MembershipError(_("The new term must end in the future."))
    if membership.status != Membership.Status.ACTIVE:
        membership.term_start = start
    membership.term_end = term_end
    membership.status = Membership.Status.ACTIVE
    membership.save()
    from payments.dues import create_dues

    create_dues(membership=membership, start=start, end=term_end, by=by)
    log(
        instance=membership,
        action="members.renewed",
        user=by,
        data={"term_end": term_end.isoformat()},
    )
    return membership


def lapse_memberships(*, today=None):
    """Marks active memberships whose term has ended as lapsed, tells each company (its owners
    and editors, and the company's own address) after commit; returns how many lapsed."""
    today = today or timezone.localdate()
    with transaction.atomic():
        expired = list(
            Membership.objects.select_for_update()
            .filter(status=Membership.Status.ACTIVE, term_end__lt=today)
            .select_related("organisation")
        )
        for membership in expired:
            membership.status = Membership.Status.LAPSED
            membership.save(update_fields=["status"])
            log(instance=membership, action="members.lapsed", user=None)
            for recipient in company_recipients(membership.organisation):
                emails.membership_lapsed(membership, recipient)
    return len(expired)


def company_recipients(organisation):
    """Who hears about the company's membership: its owners and editors in their own
    language, and the company's own e-mail address (in Chinese) when no one of them uses it."""
    from cms.messaging import Recipient

    people = organisation.people.filter(
        role__in=[MemberProfile.Role.OWNER, MemberProfile.Role.EDITOR], user__is_active=True
    ).select_related("user")
    recipients = [Recipient.of(person.user) for person in people]
    addresses = {recipient.email.lower() for recipient in recipients}
    if organisation.email and organisation.email.lower() not in addresses:
        recipients.append(Recipient(email=organisation.email, name=organisation.name))
    return recipients


def send_renewal_reminders(*, today=None):
    """E-mails the owners and editors of companies whose term ends within 30 days, and the
    company's own address, once per term (the term end is remembered on the membership);
    returns how many companies were reminded. A company with nobody to write to is not
    marked reminded: it is reminded once it has someone."""
    today = today or timezone.localdate()
    due = Membership.objects.filter(
        status=Membership.Status.ACTIVE,
        term_end__gte=today,
        term_end__lte=today + datetime.timedelta(days=RENEWAL_NOTICE_DAYS),
    ).select_related("organisation")
    sent = 0
    for membership in due:
        with transaction.atomic():
            locked = Membership.objects.select_for_update().get(pk=membership.pk)
            if locked.reminder_sent_for == locked.term_end:
                continue
            recipients = company_recipients(membership.organisation)
            if not recipients:
                continue
            locked.reminder_sent_for = locked.term_end
            locked.save(update_fields=["reminder_sent_for"])
            for recipient in recipients:
                emails.renewal_reminder(locked, recipient)
            sent += 1
    return sent
