"""Lets the Organisers group keep booths and decide booth applications."""

from django.db import migrations

from cms.permissions import ORGANISERS, grant, revoke

PERMISSIONS = [
    ("events", f"{action}_{model}")
    for model in ("booth", "boothapplication")
    for action in ("add", "change", "view")
] + [("events", "delete_booth")]


def forwards(apps, schema_editor):
    grant(apps, ORGANISERS, PERMISSIONS)


def backwards(apps, schema_editor):
    revoke(apps, ORGANISERS, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("events", "0003_booths")]

    operations = [migrations.RunPython(forwards, backwards)]
