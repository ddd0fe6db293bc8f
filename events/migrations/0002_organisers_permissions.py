"""Lets the Organisers group see, export and check in registrations."""

from django.db import migrations

from cms.permissions import ORGANISERS, grant, revoke

PERMISSIONS = [("events", f"{action}_registration") for action in ("view", "change")]


def forwards(apps, schema_editor):
    grant(apps, ORGANISERS, PERMISSIONS)


def backwards(apps, schema_editor):
    revoke(apps, ORGANISERS, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("cms", "0003_organisers_group"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
