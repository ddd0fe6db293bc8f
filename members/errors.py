"""What membership operations refuse with (see cms.errors)."""

from cms.errors import ServiceError


class MembershipError(ServiceError):
    """An application, a term, a profile edit or an invitation refused."""


class ImportFileError(ServiceError):
    """A spreadsheet that cannot be imported as a whole (unreadable, too large, no columns)."""
