"""What event operations refuse with (see cms.errors)."""

from cms.errors import ServiceError


class EventError(ServiceError):
    """Any refused event operation."""


class RegistrationError(EventError):
    """A registration, cancellation or check-in refused."""


class BoothError(EventError):
    """A booth application, assignment, move or rejection refused."""


class UnpaidError(RegistrationError):
    """A check-in refused because the seat is still to be paid: carries the registration and
    its open payment, for the door to take the money."""

    def __init__(self, *, registration, payment):
        from django.utils.translation import gettext_lazy as _

        from payments.money import yuan

        super().__init__(
            _("%(name)s has not paid yet: %(amount)s is still due.")
            % {"name": registration.user, "amount": yuan(payment.outstanding)}
        )
        self.registration = registration
        self.payment = payment
