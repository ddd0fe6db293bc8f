"""Mail queued by the previous release (under its task names) is still delivered."""

import pytest

pytestmark = pytest.mark.django_db


def test_plain_mail_of_the_previous_release_is_delivered(mailoutbox):
    from cms.tasks import send_plain_mail

    send_plain_mail.enqueue("主题", "正文", ["someone@example.com"], attempt=2)
    assert [(mail.subject, mail.to) for mail in mailoutbox] == [("主题", ["someone@example.com"])]


def test_registration_mail_of_the_previous_release_is_delivered(
    make_event, people, mailoutbox, django_capture_on_commit_callbacks
):
    from events import services
    from events.tasks import send_registration_mail

    (person,) = people(1)
    registration = services.register(event=make_event(), user=person)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_registration_mail.enqueue(registration.pk)
    assert [mail.to for mail in mailoutbox] == [[person.email]]
