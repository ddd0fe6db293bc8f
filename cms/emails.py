"""The messages the site shell sends, through the one message path (cms.messaging)."""

from .messaging import Recipient, send_message


def account_deleted(*, email, language):
    """To the address the account had: it is gone from the account by the time this is
    sent."""
    send_message(to=Recipient(email=email, language=language), template="cms/account_deleted")
