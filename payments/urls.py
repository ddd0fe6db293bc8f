from django.urls import include, path

from . import views

app_name = "payments"

# Under /my/payments/: the signed-in person's (and their company's) payments.
urlpatterns = [
    path("", views.my_payments, name="mine"),
    path("<str:reference>/", views.detail, name="detail"),
    path("", include("payments.provider_urls")),
    path("", include("payments.receipt_urls")),
    path("", include("payments.fapiao_urls")),
]
