from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("export.csv", views.directory_export, name="directory_export"),
    path("apply/", views.apply, name="apply"),
    path("invitations/<token:token>/", views.accept_invitation, name="accept_invitation"),
    path("<slug:slug>/", views.organisation_detail, name="organisation"),
]

# Self-service pages, mounted under /my/.
my_urlpatterns = (
    [
        path("company/", views.edit_organisation, name="edit_organisation"),
        path("profile/", views.edit_profile, name="edit_profile"),
        path("colleagues/", views.colleagues, name="colleagues"),
        path("colleagues/<id:pk>/remove/", views.remove_colleague, name="remove_colleague"),
    ],
    "my",
)
