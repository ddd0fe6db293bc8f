"""What event operations refuse with (see cms.errors)."""

from cms.errors import ServiceError


class EventError(ServiceError):
    """Any refused event operation."""


class RegistrationError(EventError):
    """A registration, cancellation or check-in refused."""


class BoothError(EventError):
    """A booth application, assignment, move or rejection refused."""
