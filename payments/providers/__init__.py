"""Online payment providers: WeChat Pay (API v3), Alipay and the built-in test mode.

A provider turns an OnlineOrder into what the payer needs to pay it (a QR code's content, a
page to go to, the parameters of WeChat's in-browser payment), verifies the provider's
notifications and books them through payments.services (exactly once, the server's amount),
and sends refunds through the provider's refund API.

`get(name)` returns the provider; `enabled()` the ones named in PAYMENTS_PROVIDERS that are
fully configured, in that order."""

import dataclasses
import importlib

from django.conf import settings

# name → "module.Class"; a provider module imports its SDK only when it is used.
REGISTRY = {
    "wechat": "payments.providers.wechatpay.WeChatPay",
    "alipay": "payments.providers.alipay.Alipay",
    "test": "payments.providers.testmode.TestMode",
}


@dataclasses.dataclass
class RefundResult:
    state: str  # LedgerEntry.RefundState
    provider_reference: str = ""


@dataclasses.dataclass
class Checkout:
    """What the payer's page shows for an order: `kind` is "qr" (show `content` as a QR code
    to scan with the provider's app), "redirect" (go to `url`) or "jsapi" (call WeChat's
    in-browser payment with `params`)."""

    kind: str
    content: str = ""
    url: str = ""
    params: dict = dataclasses.field(default_factory=dict)

    def as_data(self):
        return dataclasses.asdict(self)


class ProviderError(Exception):
    """The provider could not be reached or refused the request; `message` is for the payer
    (in their language), `detail` for the log."""

    def __init__(self, message, detail=""):
        super().__init__(message)
        self.message = message
        self.detail = detail


class Provider:
    """The interface every provider keeps."""

    name = ""
    label = ""  # translated name shown on the button

    def is_configured(self):
        raise NotImplementedError

    def checkout(self, order, request):
        """Ask the provider to open `order` and return a Checkout (ProviderError otherwise)."""
        raise NotImplementedError

    def handle_notification(self, request):
        """Verify and book the provider's notification (payment or refund) and return the
        HttpResponse the provider's documentation asks for. Forged, unknown or wrong-amount
        notifications book nothing."""
        raise NotImplementedError

    def refund(self, *, received, refund, amount, reason):
        """Send a refund of `amount` (Decimal yuan) of ledger entry `received` through the
        provider; `refund` is the pending refund entry (its pk makes the refund number)."""
        raise NotImplementedError

    def query(self, order):
        """Ask the provider whether `order` was paid, booking it if so (for a payer who
        returns before the notification arrives). Returns True when it is paid."""
        return False


def get(name):
    """The provider called `name` (LookupError if there is none). Providers read their
    settings when called, so a new instance is cheap: the SDK client is built on first use."""
    try:
        dotted = REGISTRY[name]
    except KeyError as error:
        raise LookupError(name) from error
    module, _, cls = dotted.rpartition(".")
    return getattr(importlib.import_module(module), cls)()


def enabled():
    """The providers offered to payers, in the order PAYMENTS_PROVIDERS names them."""
    offered = []
    for name in settings.PAYMENTS_PROVIDERS:
        try:
            provider = get(name)
        except LookupError:
            continue
        if provider.is_configured():
            offered.append(provider)
    return offered
