"""Row locks for the length of a transaction."""

from django.db import transaction


def lock_row(model, pk, *fields):
    """Locks the row `pk` of `model` until the surrounding transaction ends, so whoever counts
    or numbers under it (seats, places, certificate numbers) is alone in every process.

    Only the model's own table is locked (FOR UPDATE OF self): a Wagtail page model's queryset
    joins the page tree, which PostgreSQL would otherwise refuse to lock across outer joins.
    Returns the values of `fields` (one value for one field, a tuple for several, the pk for
    none). Must run inside transaction.atomic(); raises model.DoesNotExist if the row is gone."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_row() needs a transaction: call it inside transaction.atomic().")
    rows = model._base_manager.select_for_update(of=("self",)).filter(pk=pk)
    if len(fields) == 1:
        return rows.values_list(fields[0], flat=True).get()
    if fields:
        return rows.values_list(*fields).get()
    return rows.values_list("pk", flat=True).get()
