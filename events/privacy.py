"""What the events app holds about a person, for cms.privacy."""

from cms.privacy import PersonalData

from .models import BoothApplication, Registration


def export(user):
    return {
        "registrations": [
            {
                "event": registration.event.title,
                "status": registration.status,
                "registered_at": registration.created_at.isoformat(),
                "answers": registration.answers,
                "checked_in_at": (
                    registration.checked_in_at.isoformat() if registration.checked_in_at else None
                ),
            }
            for registration in Registration.objects.filter(user=user).select_related("event")
        ],
        "booth_applications": [
            {
                "event": application.event.title,
                "company": application.organisation.name,
                "status": application.status,
            }
            for application in BoothApplication.objects.filter(applicant=user).select_related(
                "event", "organisation"
            )
        ],
    }


def anonymise(user):
    """Registrations stay (seat counts, check-in figures) without the person's answers."""
    Registration.objects.filter(user=user).update(answers={})


def personal_data():
    return PersonalData("events", export, anonymise)
