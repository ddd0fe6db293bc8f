"""Receipts: a numbered PDF for each payment received (filled in by the receipts work)."""

import secrets


def new_code():
    return secrets.token_urlsafe(18)  # 144 random bits: the public check page's address


def after_booking(entry):
    """Called inside the booking's transaction, once the entry has its receipt number."""
