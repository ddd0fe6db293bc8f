"""The dashboard and the annual report, under /admin/insights/ in the namespace insights_admin."""

from django.urls import path

from . import admin_views

app_name = "insights_admin"
urlpatterns = [
    path("", admin_views.dashboard, name="dashboard"),
    path("charts/<slug:key>.xlsx", admin_views.chart_xlsx, name="chart_xlsx"),
    path("report/", admin_views.report, name="report"),
    path("report.xlsx", admin_views.report_xlsx, name="report_xlsx"),
]
