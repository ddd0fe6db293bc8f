from cms.errors import ServiceError


class PaymentError(ServiceError):
    """A money operation refused (an amount that is not one, a payment already settled, a
    refund larger than what was paid, …)."""


class NotificationError(PaymentError):
    """A provider's notification refused: bad signature, unknown order, wrong amount."""


class FapiaoError(PaymentError):
    """A fapiao request refused."""
