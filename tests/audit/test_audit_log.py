"""Every organiser action leaves a log entry (who, when, what) that Wagtail's admin shows in
Reports → Site history."""

import pytest
from wagtail.models import ModelLogEntry, PageLogEntry

pytestmark = pytest.mark.django_db


def entries(action):
    return list(ModelLogEntry.objects.filter(action=action)) + list(
        PageLogEntry.objects.filter(action=action)
    )


def test_organiser_actions_are_logged(
    client, organiser, make_event, people, make_cohort, enrol, complete, make_user
):
    from events import services as events
    from members import services as members
    from members.models import Industry, SecretariatPage
    from training import certificates as training

    # approve / reject membership applications
    first = members.submit_application(
        applicant=make_user(email="a1@example.com", name="甲"),
        organisation_name="审计测试一号有限公司",
        industry=Industry.objects.first(),
        city="岳阳楼区",
        secretariat=SecretariatPage.objects.first(),
        applicant_name="甲",
        applicant_phone="1",
    )
    members.approve_application(application=first, by=organiser)
    # check-in
    event = make_event()
    (guest,) = people(1)
    registration = events.register(event=event, user=guest)
    events.check_in(event=event, code=registration.ticket_code, by=organiser)
    # attendance, issue, revoke
    cohort = make_cohort()
    enrolment = enrol(cohort)
    complete(cohort, [enrolment])
    certificate, _created = training.issue_certificate(enrolment=enrolment, by=organiser)
    training.revoke_certificate(certificate=certificate, by=organiser, reason="测试")

    for action in (
        "members.application_approved",
        "events.checked_in",
        "training.attendance",
        "training.issued",
        "training.revoked",
    ):
        logged = entries(action)
        assert logged, f"no log entry for {action}"
        assert logged[-1].user_id == organiser.pk

    # an export from the admin
    client.force_login(organiser)
    response = client.get("/admin/training/certificates/?export=csv")
    assert response.status_code == 200
    (export,) = entries("portal.exported")
    assert export.user_id == organiser.pk and export.data["format"] == "csv"
    assert export.data["rows"] >= 1

    # all of it visible to organisers in the admin's site history
    client.force_login(organiser)
    history = client.get("/admin/reports/site-history/")
    assert history.status_code == 200
    assert "导出列表" in history.content.decode()
