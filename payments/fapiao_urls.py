"""The payer's fapiao pages, under /my/payments/ (namespace "payments")."""

from django.urls import path

from . import fapiao_views

urlpatterns = [
    path("<str:reference>/fapiao/", fapiao_views.request_fapiao, name="fapiao_request"),
    path("fapiao/<id:pk>/pdf/", fapiao_views.download, name="fapiao_pdf"),
]
