"""Deleting what was paid for keeps the ledger: the payments stay (with the payer's name and
what they were for) and what was still owed is cancelled; money received stays booked."""

import datetime

from events import services as events
from events.models import Registration
from payments import services
from payments.models import Payment
from tests.payments.test_event_fees import LATE, priced_event

BOOKED = datetime.date(2025, 6, 1)


def test_deleting_an_event_keeps_its_payments_and_cancels_what_was_owed(company, make_user):
    event = priced_event(capacity=5)
    unpaid = events.register(event=event, user=make_user(email="unpaid@example.com"), now=LATE)
    paid = events.register(event=event, user=company.owner, now=LATE)
    owed = Payment.objects.get(registration=unpaid)
    settled = Payment.objects.get(registration=paid)
    services.record_payment(
        payment=settled, amount=settled.amount, method="cash", booked_on=BOOKED, by=None
    )

    event.delete()

    assert not Registration.objects.filter(pk__in=[unpaid.pk, paid.pk]).exists()
    owed.refresh_from_db()
    settled.refresh_from_db()
    assert owed.registration is None and owed.state == Payment.State.CANCELLED
    assert owed.reason
    assert settled.registration is None and settled.state == Payment.State.PAID
    assert settled.entries.count() == 1 and settled.description


def test_deleting_a_company_keeps_its_payments_under_its_name(company, make_payment):
    due = make_payment(organisation=company, amount="2000.00")
    kept = make_payment(organisation=company, amount="500.00")
    services.record_payment(payment=kept, amount="500", method="cash", booked_on=BOOKED, by=None)
    name = company.name

    company.delete()

    due.refresh_from_db()
    kept.refresh_from_db()
    assert due.organisation is None and due.state == Payment.State.CANCELLED
    assert kept.organisation is None and kept.state == Payment.State.PAID
    assert kept.payer_name == name
