"""The training app's own admin screens, under /admin/training/ in the namespace
training_admin (the listings are Wagtail viewsets, registered in wagtail_hooks.py)."""

from django.urls import path

from . import admin_views

app_name = "training_admin"
urlpatterns = [
    path("cohorts/", admin_views.cohorts, name="cohorts"),
    path("cohorts/<id:pk>/", admin_views.cohort_grid, name="cohort"),
    path("runs/<id:pk>/", admin_views.run_progress, name="run"),
    path("enrolments/<id:pk>/review/", admin_views.review_enrolment, name="review_enrolment"),
    path("certificates/<id:pk>/detail/", admin_views.certificate_detail, name="certificate"),
    path("templates/<id:pk>/preview/", admin_views.preview_template, name="preview_template"),
]
