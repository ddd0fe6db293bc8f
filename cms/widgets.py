"""Form widgets for the site's own pages (the Wagtail admin keeps its own)."""

from django import forms


class PictureInput(forms.ClearableFileInput):
    """A picture upload as people expect one: the current picture shown, a labelled chooser for
    a new one and a choice to remove it. Django's ClearableFileInput shows the stored path
    instead, which means nothing to the person and, one long unbroken word, pushed phone pages
    sideways."""

    template_name = "cms/widgets/image_input.html"
    # The field's own label names the whole group (preview, chooser, remove) as a legend.
    use_fieldset = True

    def __init__(self, *, choose_label, replace_label, remove_label, preview_alt, attrs=None):
        super().__init__(attrs)
        self.choose_label = choose_label
        self.replace_label = replace_label
        self.remove_label = remove_label
        self.preview_alt = preview_alt

    def id_for_label(self, id_):
        # The legend names the group and the chooser has a label of its own, so nothing should
        # point at the file input with `for` (a legend may not carry it).
        return ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        # Django leaves the remove box's state among the file input's own attributes.
        clear_checked = context["widget"]["attrs"].pop("checked", False)
        context["widget"].update(
            {
                "clear_checked": clear_checked,
                "choose_label": self.choose_label,
                "replace_label": self.replace_label,
                "remove_label": self.remove_label,
                "preview_alt": self.preview_alt,
            }
        )
        return context
