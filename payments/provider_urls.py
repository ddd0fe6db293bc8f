"""Paying online, under /my/payments/."""

from django.urls import path

from . import provider_views

urlpatterns = [
    path("<str:reference>/pay/<slug:name>/", provider_views.pay, name="pay"),
    path("orders/<str:out_trade_no>/", provider_views.order, name="order"),
    path("orders/<str:out_trade_no>/status/", provider_views.order_status, name="order_status"),
    path("test-mode/<str:out_trade_no>/", provider_views.test_mode, name="test_mode"),
]
