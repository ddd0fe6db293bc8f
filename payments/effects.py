"""What a payment's state means for what it pays for.

Each purpose registers its handlers with `handles(purpose)`; payments.services calls them,
under the payment's row lock and inside its transaction, when a payment is settled (paid in
full or waived), cancelled, refunded in full, or overdue (dues past the grace period, an event
seat past its hold). A handler returns True from `overdue` when it acted. The handlers live
beside this module: effects_members (dues), effects_events (event seats and booths),
effects_training (cohort fees)."""

HANDLERS = {}
# Imported by PaymentsConfig.ready(), so every handler is registered before the first payment.
MODULES = ("payments.effects_members", "payments.effects_events", "payments.effects_training")


class Handler:
    """Does nothing; a purpose's handler overrides what it cares about."""

    def settled(self, payment):
        pass

    def cancelled(self, payment):
        pass

    def refunded(self, payment):
        pass

    def overdue(self, payment, *, today, now=None):
        return False


def handles(*purposes):
    def register(cls):
        for purpose in purposes:
            HANDLERS[purpose] = cls()
        return cls

    return register


def handler(payment):
    return HANDLERS.get(payment.purpose) or Handler()


def settled(payment):
    handler(payment).settled(payment)


def cancelled(payment):
    handler(payment).cancelled(payment)


def refunded(payment):
    handler(payment).refunded(payment)


def overdue(payment, *, today, now=None):
    return bool(handler(payment).overdue(payment, today=today, now=now))
