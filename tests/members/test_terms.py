import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from members import services
from members.models import Membership

pytestmark = pytest.mark.django_db


def test_ended_terms_lapse_and_leave_the_directory(client, make_organisation):
    organisation = make_organisation(name="到期公司有限公司")
    membership = organisation.membership
    membership.term_end = timezone.localdate() - datetime.timedelta(days=1)
    membership.save()
    assert services.lapse_memberships() >= 1
    membership.refresh_from_db()
    assert membership.status == Membership.Status.LAPSED
    assert client.get(organisation.get_absolute_url()).status_code == 404


def test_reminder_is_sent_once_per_term(
    make_organisation, make_member, mailoutbox, django_capture_on_commit_callbacks
):
    organisation = make_organisation(name="快到期公司有限公司")
    make_member(organisation, "owner@example.com")
    make_member(organisation, "staff@example.com", role="staff")
    membership = organisation.membership
    membership.term_end = timezone.localdate() + datetime.timedelta(days=10)
    membership.save()
    Membership.objects.exclude(pk=membership.pk).update(reminder_sent_for=models_term_end())

    with django_capture_on_commit_callbacks(execute=True):
        first = services.send_renewal_reminders()
    with django_capture_on_commit_callbacks(execute=True):
        second = services.send_renewal_reminders()
    mine = [mail for mail in mailoutbox if "快到期公司有限公司" in mail.body]
    assert first >= 1 and second == 0
    assert len(mine) == 1
    assert mine[0].to == ["owner@example.com"]  # owners and editors, not staff
    assert membership.term_end.isoformat() in mine[0].subject


def models_term_end():
    from django.db.models import F

    return F("term_end")


def test_renewal_starts_a_new_term_and_a_new_reminder(make_organisation, organiser):
    organisation = make_organisation(name="续期公司有限公司")
    membership = organisation.membership
    membership.term_end = timezone.localdate() + datetime.timedelta(days=5)
    membership.reminder_sent_for = membership.term_end
    membership.save()
    old_end = membership.term_end
    services.renew_membership(membership=membership, by=organiser)
    membership.refresh_from_db()
    assert membership.term_end > old_end + datetime.timedelta(days=360)
    assert membership.reminder_sent_for != membership.term_end


def test_lapsed_membership_renewed_from_the_admin(client, make_organisation, organiser):
    organisation = make_organisation(name="补续公司有限公司", status="lapsed")
    Membership.objects.filter(pk=organisation.membership.pk).update(
        term_end=timezone.localdate() - datetime.timedelta(days=40)
    )
    organisation.refresh_from_db()
    client.force_login(organiser)
    url = f"/admin/members/memberships/{organisation.membership.pk}/renew/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"term_end": ""})
    assert response.status_code == 302
    organisation.membership.refresh_from_db()
    assert organisation.membership.status == Membership.Status.ACTIVE
    assert organisation.membership.term_start == timezone.localdate()


def test_daily_command_reports_what_it_did(make_organisation):
    organisation = make_organisation(name="命令公司有限公司")
    organisation.membership.term_end = timezone.localdate() - datetime.timedelta(days=3)
    organisation.membership.save()
    from io import StringIO

    output = StringIO()
    call_command("lapse_memberships", stdout=output)
    assert "lapsed" in output.getvalue()
    organisation.membership.refresh_from_db()
    assert organisation.membership.status == Membership.Status.LAPSED
