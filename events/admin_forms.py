"""Forms of the organisers' own event screens (events.admin_views)."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Booth, EventKind


class AssignBoothsForm(forms.Form):
    """Offers the fair's free booths and the application's own; any booth of the fair is
    accepted, so that one taken meanwhile by another organiser is refused by the service in
    words ("B13 已分配给 …") rather than as an unknown choice with a database id."""

    booths = forms.ModelMultipleChoiceField(
        label=_("Booths"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["booths"]
        field.queryset = Booth.objects.filter(event=application.event)
        offered = Booth.objects.filter(event=application.event).filter(
            Q(status=Booth.Status.FREE) | Q(holder=application)
        )
        field.widget.choices = [(booth.pk, str(booth)) for booth in offered]
        self.initial.setdefault("booths", [booth.pk for booth in application.booths.all()])


class RejectBoothsForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the company)"), widget=forms.Textarea(attrs={"rows": 3})
    )


class AddPersonForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of their account"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


class NewEventForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What kind of event?"), choices=EventKind.choices, widget=forms.RadioSelect
    )
