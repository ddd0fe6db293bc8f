"""The messages money operations send, through the one message path (cms.messaging), each
after the operation commits and in the reader's language. A company's payment goes to its
owners and editors and the company's own address; a person's to that person. Templates:
payments/email/<name>_subject.txt and _body.txt."""

from cms.links import url_in
from cms.messaging import Recipient, send_message


def payer_recipients(payment):
    if payment.organisation_id:
        from members.services import company_recipients

        recipients = company_recipients(payment.organisation)
        if recipients:
            return recipients
    if payment.user_id and payment.user.is_active:
        return [Recipient.of(payment.user)]
    return []


def _send(payment, template, **extra):
    recipients = payer_recipients(payment)
    if not recipients:
        return
    send_message(
        to=recipients,
        template=f"payments/{template}",
        context=lambda recipient: {
            "payment": payment,
            "description": payment.description_in(recipient.language),
            "payment_url": url_in(
                recipient.language, "payments:detail", reference=payment.reference
            ),
            **extra,
        },
    )


def payment_due(payment):
    _send(payment, "payment_due")


def reminder_before(payment):
    _send(payment, "reminder_before")


def reminder_after(payment):
    _send(payment, "reminder_after")


def payment_received(payment, entry):
    _send(payment, "payment_received", entry=entry)


def payment_refunded(payment, amount):
    _send(payment, "payment_refunded", amount=amount)


def _send_fapiao(request, template):
    """A fapiao message goes to the payer's people and to the address the request gave (often
    the finance office's) if it is not one of theirs; that address reads it in the language of
    the person who asked."""
    recipients = list(payer_recipients(request.payment))
    addresses = {recipient.email.lower() for recipient in recipients if recipient.email}
    if request.email and request.email.lower() not in addresses:
        requester = request.requested_by
        language = getattr(requester, "language", "") or ""
        recipients.append(
            Recipient(email=request.email, name=request.buyer_name, language=language)
        )
    if not recipients:
        return
    payment = request.payment
    send_message(
        to=recipients,
        template=f"payments/{template}",
        context=lambda recipient: {
            "payment": payment,
            "fapiao": request,
            "description": payment.description_in(recipient.language),
            "payment_url": url_in(
                recipient.language, "payments:detail", reference=payment.reference
            ),
        },
    )


def fapiao_ready(request):
    _send_fapiao(request, "fapiao_ready")


def fapiao_refused(request):
    _send_fapiao(request, "fapiao_refused")
