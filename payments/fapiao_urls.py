"""URLs of this part of payments."""

urlpatterns = []
