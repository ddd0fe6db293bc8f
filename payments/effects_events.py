"""Event seats and fair booths.

A priced seat (events.Registration) is held until its payment's `hold_until`; unpaid after it
(payments.apply_deadlines, with the payment locked), the registration is cancelled and the
seat goes to the waitlist, whose first person then owes with a fresh hold
(events.services.release_unpaid_seat). Paying needs nothing more here: a seat with no open
payment shows its ticket. A seat's payment cancelled or fully refunded by an organiser gives
the seat up too. Locks: the payment (held by the caller), then the event, then the
registration, the order events.services takes them in.

Booth fees follow the booths (events.booths.charge_booths) and have no deadline effect: a
company that does not pay is the organisers' call, made by rejecting the application in the
fair's admin; cancelling or refunding the fee leaves the booths where they are."""

from django.utils.translation import gettext as _

from .effects import Handler, handles
from .models import Payment


@handles(Payment.Purpose.EVENT)
class EventSeatHandler(Handler):
    def overdue(self, payment, *, today, now=None):
        if not payment.registration_id or not payment.hold_until:
            return False
        from events.services import release_unpaid_seat

        return release_unpaid_seat(payment=payment, now=now)

    def cancelled(self, payment):
        from events.services import cancel_for_payment

        cancel_for_payment(payment=payment, reason=payment.reason or _("Payment cancelled"))

    def refunded(self, payment):
        from events.services import cancel_for_payment

        cancel_for_payment(payment=payment, reason=payment.reason or _("Payment refunded"))


@handles(Payment.Purpose.BOOTH)
class BoothFeeHandler(Handler):
    """Nothing follows from the fee's state by itself (see the module's note)."""
