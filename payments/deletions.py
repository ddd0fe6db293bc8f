"""When something paid for is deleted (a company, a term, a registration, a booth
application, an enrolment — directly or with the event or cohort it belongs to), its payments
stay in the ledger (Payment keeps the payer's name and what it was for) and what was still
owed on it is cancelled: no reminder, no dues, no queue entry for something that is gone.
Money already received stays booked for the treasurer to refund."""

import contextlib

from django.db.models.signals import pre_delete
from django.utils.translation import gettext as _

from .errors import PaymentError
from .models import Payment

# The models a payment can pay for, by the Payment field that links them.
LINKS = {
    "members.Organisation": "organisation",
    "members.Membership": "membership",
    "events.Registration": "registration",
    "events.BoothApplication": "booth_application",
    "training.Enrolment": "enrolment",
}


def cancel_what_is_owed(sender, instance, **kwargs):
    from . import services

    field = LINKS[sender._meta.label]
    for payment in Payment.objects.open().filter(**{field: instance}, paid=0):
        # A payment settled meanwhile has nothing left to cancel.
        with contextlib.suppress(PaymentError):
            services.cancel_payment(
                payment=payment, reason=_("What it paid for was deleted."), follow=False
            )


def connect():
    from django.apps import apps

    for label in LINKS:
        pre_delete.connect(
            cancel_what_is_owed,
            sender=apps.get_model(label),
            dispatch_uid=f"payments.cancel_what_is_owed.{label}",
        )
