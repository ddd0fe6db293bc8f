"""Lets the Organisers group decide enrolments, mark attendance, issue and revoke
certificates and edit certificate templates."""

from django.db import migrations

from cms.permissions import ORGANISERS, grant, revoke

PERMISSIONS = [
    ("training", "view_enrolment"),
    ("training", "change_enrolment"),
    ("training", "view_certificate"),
    ("training", "change_certificate"),
    *(("training", f"{action}_certificatetemplate") for action in ("view", "add", "change")),
]


def forwards(apps, schema_editor):
    grant(apps, ORGANISERS, PERMISSIONS)


def backwards(apps, schema_editor):
    revoke(apps, ORGANISERS, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0001_initial"),
        ("cms", "0003_organisers_group"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
