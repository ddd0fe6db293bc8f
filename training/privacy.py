"""What the training app holds about a person, for cms.privacy."""

from cms.privacy import PersonalData

from .models import Attendance, Certificate, Enrolment


def export(user):
    enrolments = Enrolment.objects.filter(user=user).select_related("cohort")
    present = {}
    for enrolment_id, session_present in Attendance.objects.filter(
        enrolment__user=user
    ).values_list("enrolment_id", "present"):
        present.setdefault(enrolment_id, []).append(session_present)
    return {
        "enrolments": [
            {
                "cohort": enrolment.cohort.title,
                "status": enrolment.status,
                "applied_at": enrolment.applied_at.isoformat(),
                "motivation": enrolment.motivation,
                "sessions_attended": sum(present.get(enrolment.pk, [])),
                "sessions_marked": len(present.get(enrolment.pk, [])),
                "score": str(enrolment.score) if enrolment.score is not None else None,
                "passed": enrolment.passed,
                "comment": enrolment.result_comment,
            }
            for enrolment in enrolments
        ],
        "certificates": [
            {
                "serial": certificate.serial,
                "holder_name": certificate.holder_name,
                "issued_at": certificate.issued_at.isoformat(),
                "revoked": certificate.is_revoked,
                "verification_code": certificate.code,
            }
            for certificate in Certificate.objects.filter(enrolment__user=user)
        ],
    }


def anonymise(user):
    """Enrolments keep their place in the cohort's figures without the person's words.
    Certificates stay verifiable: holder, number and dates as the certificate shows them."""
    Enrolment.objects.filter(user=user).update(motivation="", result_comment="")


def personal_data():
    return PersonalData("training", export, anonymise)
