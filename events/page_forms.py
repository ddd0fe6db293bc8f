"""The event page's editor form (EventPage.base_form_class): imports no models, so that the
models module can name it."""

from wagtail.admin.forms import WagtailAdminPageForm


class EventPageForm(WagtailAdminPageForm):
    """An organiser scoped to some secretariats creates and edits events of those only: the
    secretariat is required and offers only theirs (members.scoping)."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        from members.models import SecretariatPage
        from members.scoping import narrow_choices, scope_of

        scope = scope_of(for_user) if for_user is not None else None
        if scope is not None:
            narrow_choices(
                self,
                for_user,
                secretariat=SecretariatPage.objects.filter(pk__in=scope.secretariat_ids),
            )
            if len(scope.secretariat_ids) == 1 and not self.initial.get("secretariat"):
                self.initial["secretariat"] = next(iter(scope.secretariat_ids))
