from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("feed.ics", views.feed, name="feed"),
    path("tickets/<token:code>/", views.ticket, name="ticket"),
    path("tickets/<token:code>/cancel/", views.cancel, name="cancel"),
    path("<id:pk>/register/", views.register, name="register"),
    path("<id:pk>.ics", views.event_ics, name="event_ics"),
    path("<id:pk>/check-in/", views.check_in, name="check_in"),
    path("<id:pk>/booths/apply/", views.apply_for_booths, name="apply_for_booths"),
    path("<id:pk>/check-in/counts/", views.check_in_counts_json, name="check_in_counts"),
]
