"""Online payment providers (filled in by the providers work).

`get(name)` returns the provider; `enabled()` the ones configured, in the order offered."""

import dataclasses


@dataclasses.dataclass
class RefundResult:
    state: str  # LedgerEntry.RefundState
    provider_reference: str = ""


def get(name):
    raise LookupError(name)


def enabled():
    return []
