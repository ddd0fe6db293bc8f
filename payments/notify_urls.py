"""The providers' notification endpoints, at /payments/notify/<provider>/: outside the language
prefixes (a provider calls one fixed URL) and outside /my/ (no session: the signature is the
proof)."""

from django.urls import path

from . import provider_views

urlpatterns = [
    path("<slug:name>/", provider_views.notify, name="payments_notify"),
]
