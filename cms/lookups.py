"""Filters with a number the column cannot hold match nothing, whatever the lookup.

Since 5.0 Django answers `id=<too big>` on an integer column with an empty result instead of
querying (IntegerFieldOverflow: SQLite would raise OverflowError, a 500; PostgreSQL would
compare as numeric and scan the whole table). It does so for exact, gt, gte, lt and lte on
integer fields only. Left out are `in` (every ModelMultipleChoiceField: `pk__in=[…]`) and
lookups through a relation (a foreign key, a page's `page_ptr` behind `SecretariatPage`'s pk,
so every ModelChoiceField of pages). These lookups close that gap, for the project's forms and
filters and the Wagtail admin's alike. Imported (so registered) by CmsConfig.ready()."""

from django.core.exceptions import EmptyResultSet
from django.db.models import ForeignObject, IntegerField
from django.db.models.expressions import ColPairs
from django.db.models.fields.related_lookups import RelatedExact, RelatedIn
from django.db.models.lookups import In


def column_range(connection, field):
    """(lowest, highest) the integer column of `field` holds, or (None, None)."""
    try:
        return connection.ops.integer_field_range(field.get_internal_type())
    except KeyError:  # not an integer column
        return None, None


def fits(value, lowest, highest):
    if not isinstance(value, int):
        return True
    return (lowest is None or value >= lowest) and (highest is None or value <= highest)


def relation_target(lookup):
    """The field a single-column relation points at (its values are that field's)."""
    if isinstance(lookup.lhs, ColPairs):
        return None
    path_infos = getattr(lookup.lhs.output_field, "path_infos", None)
    return path_infos[-1].target_fields[-1] if path_infos else None


class InWithinRange:
    """`in` leaves out the values the column cannot hold; none left matches nothing."""

    def range_field(self):
        return self.lhs.output_field

    def batch_process_rhs(self, compiler, connection, rhs=None):
        field = self.range_field()
        if rhs is not None and field is not None and self.rhs_is_direct_value():
            lowest, highest = column_range(connection, field)
            rhs = [value for value in rhs if fits(value, lowest, highest)]
            if not rhs:
                raise EmptyResultSet
        return super().batch_process_rhs(compiler, connection, rhs)


@IntegerField.register_lookup
class IntegerFieldIn(InWithinRange, In):
    lookup_name = "in"


@ForeignObject.register_lookup
class RelatedInWithinRange(InWithinRange, RelatedIn):
    lookup_name = "in"

    def range_field(self):
        return relation_target(self)


@ForeignObject.register_lookup
class RelatedExactWithinRange(RelatedExact):
    lookup_name = "exact"

    def process_rhs(self, compiler, connection):
        target = relation_target(self)
        if target is not None and not fits(self.rhs, *column_range(connection, target)):
            raise EmptyResultSet
        return super().process_rhs(compiler, connection)
