from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from . import admin_urls
from .admin_views import shows_numbers


class NumbersMenuItem(MenuItem):
    def is_shown(self, request):
        return shows_numbers(request.user)


@hooks.register("register_admin_urls")
def register_insights_admin_urls():
    return [path("insights/", include(admin_urls))]


@hooks.register("register_admin_menu_item")
def register_numbers_menu():
    menu = Menu(
        items=[
            NumbersMenuItem(
                pgettext_lazy("insights", "Charts"),
                reverse("insights_admin:dashboard"),
                icon_name="table",
                order=0,
            ),
            NumbersMenuItem(
                _("Annual report"),
                reverse("insights_admin:report"),
                icon_name="doc-full",
                order=10,
            ),
        ]
    )
    return SubmenuMenuItem(_("Numbers"), menu, icon_name="table", order=270)
