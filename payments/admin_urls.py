"""The payments app's own admin screens, under /admin/payments/ in the namespace payments_admin
(the listings are Wagtail viewsets, registered in admin_ledger.py)."""

from django.urls import path

from . import admin_views

app_name = "payments_admin"
urlpatterns = [
    path("payment/<id:pk>/", admin_views.payment, name="payment"),
]
