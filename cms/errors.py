"""The one shape of a refused operation.

A service refuses with a subclass of ServiceError carrying a message already translated for
the person who asked (a lazy translation is rendered in their language when shown); views
catch the app's class and show `error.message` beside the form. Each app names its own classes
for its domain (members: MembershipError; events: RegistrationError, BoothError; training:
EnrolmentError, CertificateError; …), so a booth refusal is never reported as a registration
refusal."""


class ServiceError(Exception):
    """An operation refused, with a message for the person who asked."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return str(self.message)


class PrivacyError(ServiceError):
    """A personal-data request refused (a second deletion request, one already dealt with)."""
