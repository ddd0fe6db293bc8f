"""Training fees: a cohort's fee is owed on acceptance (training.services.decide_enrolment)
and cancelled when the trainee withdraws. Its state changes nothing by itself: an unpaid fee
past its due date shows in the organisers' overdue queue, and whether the trainee keeps the
place is the organisers' decision, not a deadline's (a cohort has no waitlist moving up by
itself, unlike an event's seats)."""

from .effects import Handler, handles
from .models import Payment


@handles(Payment.Purpose.TRAINING)
class TrainingFeeHandler(Handler):
    pass
