"""The events app's own admin screens, under /admin/events/ in the namespace events_admin
(the listings are Wagtail viewsets, registered in wagtail_hooks.py)."""

from django.urls import path

from . import admin_views

app_name = "events_admin"
urlpatterns = [
    path(
        "booth-applications/<id:pk>/review/",
        admin_views.review_booth_application,
        name="review_booth_application",
    ),
]
