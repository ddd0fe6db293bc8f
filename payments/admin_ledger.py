"""Admin screens of this part of payments (registers its own Wagtail hooks)."""
