"""What the payments app holds about a person, for cms.privacy.

Payments and receipts are accounting records the association must keep (会计档案): deleting
an account leaves them, their amounts and receipt numbers, with the payer's name as the
receipt shows it; the account's link to them goes, and so do the fapiao contact details that
are the person's own (the requester's e-mail and phone)."""

from cms.privacy import PersonalData

from .models import FapiaoRequest, Payment


def export(user):
    payments = Payment.objects.filter(user=user).prefetch_related("entries")
    return {
        "payments": [
            {
                "reference": payment.reference,
                "for": payment.description,
                "payer": payment.payer_name,
                "amount": str(payment.amount),
                "received": str(payment.paid),
                "refunded": str(payment.refunded),
                "state": payment.state,
                "due_date": payment.due_date.isoformat(),
                "receipts": [
                    {
                        "number": entry.receipt_number,
                        "kind": entry.kind,
                        "method": entry.method,
                        "amount": str(entry.amount),
                        "date": entry.booked_on.isoformat(),
                    }
                    for entry in payment.entries.all()
                ],
            }
            for payment in payments
        ],
        "fapiao_requests": [
            {
                "kind": request.kind,
                "buyer": request.buyer_name,
                "tax_id": request.tax_id,
                "email": request.email,
                "phone": request.phone,
                "state": request.state,
                "number": request.number,
            }
            for request in FapiaoRequest.objects.filter(requested_by=user)
        ],
    }


def anonymise(user):
    FapiaoRequest.objects.filter(requested_by=user).update(email="", phone="")
    Payment.objects.filter(user=user).update(user=None)


def personal_data():
    return PersonalData("payments", export, anonymise)
