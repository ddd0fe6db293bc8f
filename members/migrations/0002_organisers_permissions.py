"""Lets the Organisers group run the membership: review applications, keep companies, people
and memberships, extend the lists of industries, markets and platforms, import and export."""

from django.db import migrations

from cms.permissions import ORGANISERS, grant, revoke

PERMISSIONS = (
    [
        ("members", f"{action}_{model}")
        for model in ("organisation", "memberprofile", "membership", "membershipapplication")
        for action in ("add", "change", "view")
    ]
    + [
        ("members", f"{action}_{model}")
        for model in ("industry", "market", "salesplatform")
        for action in ("add", "change", "delete", "view")
    ]
    + [("members", "view_invitation")]
)


def forwards(apps, schema_editor):
    grant(apps, ORGANISERS, PERMISSIONS)


def backwards(apps, schema_editor):
    revoke(apps, ORGANISERS, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0001_initial"),
        ("cms", "0003_organisers_group"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
