"""Public receipt check pages (under /receipts/), reached from the receipt's QR code."""

from django.urls import path

from . import receipt_views

app_name = "receipts"

urlpatterns = [path("<token:code>/", receipt_views.check, name="check")]
