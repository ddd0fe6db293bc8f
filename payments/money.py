"""Amounts of money: always Decimal yuan with two places (fen), never float.

`to_amount` is the one way in: it takes what a person typed, a bank statement's cell, a
provider's integer fen or a Decimal, and refuses floats outright (a float has already lost the
fen). `yuan` shows an amount as Chinese users write it (¥1,200.00); `in_capitals` writes it the
way receipts and contracts do (人民币壹万贰仟元整)."""

import decimal
import re

import cn2an
from django.utils.translation import gettext as _

from .errors import PaymentError

FEN = decimal.Decimal("0.01")
ZERO = decimal.Decimal("0.00")
MAX_AMOUNT = decimal.Decimal("99999999.99")
_GROUPING = re.compile(r"(?<=\d),(?=\d{3}(\D|$))")


def to_amount(value, *, allow_zero=True):
    """The amount `value` means, as a Decimal with two places. Accepts Decimal, int (yuan),
    and text such as "1200", "1,200.00", "¥1 200.5", "１２００" (full-width digits); refuses
    float, negative amounts, more than two decimal places and anything else (PaymentError)."""
    if isinstance(value, float):
        raise TypeError("Amounts are never floats: pass a Decimal, an int or text.")
    if isinstance(value, bool):
        raise PaymentError(_("Enter an amount in yuan, such as 1200 or 1,200.00."))
    if isinstance(value, int):
        amount = decimal.Decimal(value)
    elif isinstance(value, decimal.Decimal):
        amount = value
    else:
        text = str(value or "").strip()
        # Full-width digits and punctuation from Chinese input methods.
        text = text.translate(str.maketrans("０１２３４５６７８９．，", "0123456789.,"))
        text = re.sub(r"^(¥|￥|RMB|CNY|人民币)\s*", "", text, flags=re.IGNORECASE)
        text = re.sub(r"\s*(元|yuan)$", "", text, flags=re.IGNORECASE)
        text = _GROUPING.sub("", text).replace(" ", "").replace("\u00a0", "")
        if not re.fullmatch(r"-?\d+(\.\d+)?", text):
            raise PaymentError(_("Enter an amount in yuan, such as 1200 or 1,200.00."))
        amount = decimal.Decimal(text)
    if not amount.is_finite() or amount != amount.quantize(FEN):
        raise PaymentError(_("An amount has at most two decimal places (fen)."))
    if amount < 0:
        raise PaymentError(_("An amount cannot be negative."))
    if amount == 0 and not allow_zero:
        raise PaymentError(_("Enter an amount greater than zero."))
    if amount > MAX_AMOUNT:
        raise PaymentError(_("That amount is too large."))
    return amount.quantize(FEN)


def from_fen(fen):
    """A provider's integer fen (WeChat Pay's `total`) as yuan."""
    if not isinstance(fen, int) or isinstance(fen, bool):
        raise PaymentError(_("Enter an amount in yuan, such as 1200 or 1,200.00."))
    return (decimal.Decimal(fen) / 100).quantize(FEN)


def to_fen(amount):
    """Yuan as integer fen, for providers that count in fen."""
    return int((to_amount(amount) * 100).to_integral_exact())


def yuan(amount):
    """¥1,200.00 (with a minus sign before the ¥ for a negative balance)."""
    if amount is None or amount == "":
        return ""
    amount = decimal.Decimal(amount).quantize(FEN)
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{abs(amount):,.2f}"


def in_capitals(amount):
    """The amount in Chinese capitals as a receipt writes it: 人民币壹万贰仟元整,
    人民币壹仟贰佰元伍角, 人民币零元整."""
    amount = to_amount(amount)
    if amount == 0:
        return "人民币零元整"
    return "人民币" + cn2an.an2cn(format(amount, "f"), "rmb")
