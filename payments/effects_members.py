"""Dues and the membership term: unpaid past the grace period the term lapses, paid (or
waived) a term lapsed for its dues is active again."""

from django.utils import timezone
from wagtail.log_actions import log

from members.models import Membership

from .effects import Handler, handles
from .models import Payment


@handles(Payment.Purpose.DUES)
class DuesHandler(Handler):
    def _membership(self, payment):
        return (
            Membership.objects.select_for_update()
            .select_related("organisation")
            .get(pk=payment.membership_id)
        )

    def overdue(self, payment, *, today, now=None):
        if not payment.membership_id:
            return False
        membership = self._membership(payment)
        # Only the term these dues pay for lapses, and only while it runs.
        if membership.status != Membership.Status.ACTIVE or (
            payment.period_end and payment.period_end < today
        ):
            return False
        membership.status = Membership.Status.LAPSED
        membership.save(update_fields=["status"])
        log(
            instance=membership,
            action="members.lapsed",
            user=None,
            data={"reason": "dues", "payment": payment.reference},
        )
        from members import emails
        from members.services import company_recipients

        for recipient in company_recipients(membership.organisation):
            emails.membership_lapsed(membership, recipient)
        return True

    def settled(self, payment):
        if not payment.membership_id:
            return
        membership = self._membership(payment)
        today = timezone.localdate()
        if membership.status != Membership.Status.LAPSED or membership.term_end < today:
            return
        membership.status = Membership.Status.ACTIVE
        membership.save(update_fields=["status"])
        log(
            instance=membership,
            action="members.restored",
            user=None,
            data={"payment": payment.reference},
        )
