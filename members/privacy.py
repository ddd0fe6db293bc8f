"""What the members app holds about a person, for cms.privacy."""

from cms.privacy import PersonalData

from .models import Invitation, MemberProfile, MembershipApplication


def export(user):
    profile = MemberProfile.objects.filter(user=user).select_related("organisation").first()
    data = {"profile": None, "applications": []}
    if profile:
        data["profile"] = {
            "company": profile.organisation.name if profile.organisation_id else None,
            "role": profile.role,
            "title": profile.title,
            "title_en": profile.title_en,
            "bio": profile.bio,
            "generation": profile.generation,
            "photo": profile.photo.name or None,
            "phone": profile.phone,
            "phone_visibility": profile.phone_visibility,
            "email": profile.email,
            "email_visibility": profile.email_visibility,
            "wechat": profile.wechat,
            "wechat_visibility": profile.wechat_visibility,
        }
    for application in MembershipApplication.objects.filter(applicant=user):
        data["applications"].append(
            {
                "company": application.organisation_name,
                "status": application.status,
                "created_at": application.created_at.isoformat(),
                "applicant_name": application.applicant_name,
                "applicant_title": application.applicant_title,
                "applicant_phone": application.applicant_phone,
                "applicant_wechat": application.applicant_wechat,
                "message": application.message,
                "consented_at": application.consented_at.isoformat(),
                "consent_version": application.consent_version,
            }
        )
    return data


def anonymise(user):
    """The person leaves their company's page; their applications keep the company's facts
    but not theirs; invitations to their address are withdrawn."""
    for profile in MemberProfile.objects.filter(user=user):
        if profile.photo:
            profile.photo.delete(save=False)
        profile.delete()
    MembershipApplication.objects.filter(applicant=user).update(
        applicant_name="—", applicant_title="", applicant_phone="", applicant_wechat="", message=""
    )
    Invitation.objects.filter(email__iexact=user.email).delete()


def identifiers(user):
    texts = []
    for profile in MemberProfile.objects.filter(user=user):
        texts += [profile.phone, profile.wechat, profile.email]
    for application in MembershipApplication.objects.filter(applicant=user):
        texts += [
            application.applicant_name,
            application.applicant_phone,
            application.applicant_wechat,
        ]
    return [text for text in texts if text]


def personal_history(entry):
    """The person's edits of their own profile: logged on the profile (their record) and on
    the company (the details only)."""
    if entry.content_type.model_class() is MemberProfile:
        return "record"
    if entry.action == "members.person_edited":
        return "details"
    return None


def personal_data():
    return PersonalData("members", export, anonymise, identifiers, personal_history)
