"""The events app's own admin screens, under /admin/events/ in the namespace events_admin
(the listings are Wagtail viewsets, registered in wagtail_hooks.py)."""

from django.urls import path

from . import admin_views

app_name = "events_admin"
urlpatterns = [
    path("new/", admin_views.new_event, name="new_event"),
    path("<id:pk>/", admin_views.event, name="event"),
    path("<id:pk>/add-person/", admin_views.add_person, name="add_person"),
    path(
        "<id:pk>/registrations/<id:registration_pk>/cancel/",
        admin_views.cancel_registration,
        name="cancel_registration",
    ),
    path(
        "<id:pk>/registrations/<id:registration_pk>/promote/",
        admin_views.promote_registration,
        name="promote_registration",
    ),
    path(
        "<id:pk>/registrations/<id:registration_pk>/resend/",
        admin_views.resend_ticket,
        name="resend_ticket",
    ),
    path(
        "booth-applications/<id:pk>/review/",
        admin_views.review_booth_application,
        name="review_booth_application",
    ),
]
