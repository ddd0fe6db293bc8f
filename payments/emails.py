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


def fapiao_ready(request):
    _send(request.payment, "fapiao_ready", fapiao=request)


def fapiao_refused(request):
    _send(request.payment, "fapiao_refused", fapiao=request)
