"""What training operations refuse with (see cms.errors)."""

from cms.errors import ServiceError


class TrainingError(ServiceError):
    """Any refused training operation."""


class EnrolmentError(TrainingError):
    """An application, decision or withdrawal refused."""


class AttendanceError(TrainingError):
    """An attendance grid or a result that cannot be saved."""


class CertificateError(TrainingError):
    """A certificate that cannot be issued, re-rendered or revoked."""
