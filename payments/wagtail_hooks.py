"""Payments in the admin: each part registers its own hooks in its module."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from . import admin_fapiao, admin_ledger, admin_statements  # noqa: F401  (their hooks)
from .panels import PaymentsPanel

hooks.register("register_dashboard_panel", PaymentsPanel)


@hooks.register("register_log_actions")
def register_payment_log_actions(actions):
    simple = {
        "payments.created": _("Payment due created"),
        "payments.amount_changed": _("Amount due changed"),
        "payments.received": _("Payment received"),
        "payments.order_opened": _("Online payment started"),
        "payments.notification_refused": _("Payment notification refused"),
        "payments.waived": _("Payment waived"),
        "payments.cancelled": _("Payment cancelled"),
        "payments.refunded": _("Payment refunded"),
        "payments.refund_failed": _("Refund failed"),
        "payments.statement_booked": _("Bank statement booked"),
        "payments.fapiao_requested": _("Fapiao requested"),
        "payments.fapiao_issued": _("Fapiao issued"),
        "payments.fapiao_refused": _("Fapiao request refused"),
        "payments.dues_rate_changed": _("Dues rate changed"),
        "members.restored": _("Membership restored (dues paid)"),
    }
    for action, label in simple.items():
        actions.register_action(action, label, label)


@hooks.register("register_personal_data")
def payments_personal_data():
    from .privacy import personal_data

    return personal_data()
