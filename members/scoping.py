"""Which part of the association an organiser runs (members.models.OrganiserScope).

`scope_of(user)` is None for the whole view (administrators, and organisers without a scope)
or a Scope naming the secretariats and committees the organiser looks after. The `restrict_*`
functions narrow a queryset to what the organiser may see; the admin's listings, exports,
review screens and work queues all go through them, so a row outside the scope is a 404."""

from dataclasses import dataclass

from django.db.models import Q


@dataclass(frozen=True)
class Scope:
    secretariat_ids: frozenset
    committee_ids: frozenset

    def organisations(self, prefix=""):
        """A Q over Organisation (or over a model reaching it through `prefix`)."""
        condition = Q(**{f"{prefix}secretariat_id__in": self.secretariat_ids})
        if self.committee_ids:
            condition |= Q(**{f"{prefix}committee_seats__committee_id__in": self.committee_ids})
        return condition


def scope_of(user):
    """The organiser's scope, read once per request (kept on the user object)."""
    if not getattr(user, "is_authenticated", False) or user.is_superuser:
        return None
    if not hasattr(user, "_organiser_scope"):
        from .models import OrganiserScope

        scope = None
        row = OrganiserScope.objects.filter(user=user).first()
        if row is not None:
            # A scope whose secretariats and committees are all gone (pages deleted) sees
            # nothing, never the whole association.
            scope = Scope(
                frozenset(row.secretariats.values_list("pk", flat=True)),
                frozenset(row.committees.values_list("pk", flat=True)),
            )
        user._organiser_scope = scope
    return user._organiser_scope


def is_scoped(user):
    return scope_of(user) is not None


def restrict_organisations(queryset, user, prefix=""):
    """Member companies (or rows reaching one through `prefix`, e.g. "organisation__")."""
    scope = scope_of(user)
    if scope is None:
        return queryset
    return queryset.filter(scope.organisations(prefix)).distinct()


def restrict_applications(queryset, user):
    """Membership applications: those addressed to the organiser's secretariats (a committee
    chair decides none)."""
    scope = scope_of(user)
    if scope is None:
        return queryset
    return queryset.filter(secretariat_id__in=scope.secretariat_ids)


def restrict_to_secretariats(queryset, user, field="secretariat"):
    """Anything with a secretariat of its own (events): those of the organiser's
    secretariats."""
    scope = scope_of(user)
    if scope is None:
        return queryset
    return queryset.filter(**{f"{field}_id__in": scope.secretariat_ids})


def whole_view_only(user):
    """What only an organiser with the whole view decides (imports, account deletions)."""
    return not is_scoped(user)


def page_permissions(page, user, *, in_scope):
    """What Wagtail lets this organiser do to the page (edit, publish, delete, move, lock,
    privacy, bulk actions, revisions all ask this): nothing when the page lies outside their
    scope (`in_scope(scope)` is false)."""
    from wagtail.models import PagePermissionTester

    tester = PagePermissionTester(user, page)
    scope = scope_of(user)
    if scope is not None and not in_scope(scope):
        tester.permissions = set()
    return tester


def narrow_choices(form, user, **querysets):
    """For a scoped organiser, each named field of the form offers only `querysets[name]`
    (already restricted by the caller) and is required: a choice outside is refused as any
    invalid choice is."""
    if scope_of(user) is None:
        return
    for name, queryset in querysets.items():
        field = form.fields.get(name)
        if field is not None:
            field.queryset = queryset
            field.required = True
            if hasattr(field.widget, "is_required"):
                field.widget.is_required = True
