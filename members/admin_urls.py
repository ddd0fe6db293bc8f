"""The members app's own admin screens, under /admin/members/ in the namespace members_admin
(the listings are Wagtail viewsets, registered in wagtail_hooks.py)."""

from django.urls import path

from . import admin_views

app_name = "members_admin"
urlpatterns = [
    path(
        "applications/<id:pk>/review/",
        admin_views.review_application,
        name="review_application",
    ),
    path("memberships/<id:pk>/renew/", admin_views.renew_membership, name="renew_membership"),
    path("import/", admin_views.import_view, name="import"),
    path("import/<id:pk>/", admin_views.import_run, name="import_run"),
]
