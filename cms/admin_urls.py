"""The site shell's own admin screens, under /admin/privacy/ in the namespace cms_admin."""

from django.urls import path

from . import admin_views

app_name = "cms_admin"
urlpatterns = [
    path(
        "deletion-requests/<id:pk>/confirm/",
        admin_views.confirm_deletion,
        name="confirm_deletion",
    ),
]
