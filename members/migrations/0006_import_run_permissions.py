"""Lets the Organisers group start company imports and follow their progress and reports."""

from django.db import migrations

from cms.permissions import ORGANISERS, grant, revoke

PERMISSIONS = [("members", "add_importrun"), ("members", "view_importrun")]


def forwards(apps, schema_editor):
    grant(apps, ORGANISERS, PERMISSIONS)


def backwards(apps, schema_editor):
    revoke(apps, ORGANISERS, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0005_import_run"),
        ("cms", "0003_organisers_group"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
