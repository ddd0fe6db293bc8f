from django.urls import path

from . import views

app_name = "training"

# Under /certificates/: public verification, and downloads for holders and organisers.
urlpatterns = [
    path("verify/", views.verify_form, name="verify_form"),
    path("verify/<token:code>.json", views.verify_json, name="verify_json"),
    path("verify/<token:code>/", views.verify, name="verify"),
    path("download/<token:key>.pdf", views.download, name="download"),
]

# Under /my/training/: the signed-in person's applications.
my_urlpatterns = [
    path("cohorts/<id:pk>/apply/", views.apply, name="training_apply"),
    path("enrolments/<id:pk>/withdraw/", views.withdraw, name="training_withdraw"),
]
