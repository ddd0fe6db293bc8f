"""Public receipt check pages (under /receipts/)."""

app_name = "receipts"

urlpatterns = []
