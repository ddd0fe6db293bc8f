"""Lets the Organisers group see and confirm account deletion requests."""

from django.db import migrations

from cms.permissions import ORGANISERS, grant, revoke

PERMISSIONS = [("cms", f"{action}_deletionrequest") for action in ("view", "change")]


def forwards(apps, schema_editor):
    grant(apps, ORGANISERS, PERMISSIONS)


def backwards(apps, schema_editor):
    revoke(apps, ORGANISERS, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("cms", "0005_deletion_requests")]

    operations = [migrations.RunPython(forwards, backwards)]
