"""The receipt's PDF, under /my/payments/ (namespace "payments")."""

from django.urls import path

from . import receipt_views

urlpatterns = [path("receipts/<token:code>.pdf", receipt_views.download, name="receipt")]
