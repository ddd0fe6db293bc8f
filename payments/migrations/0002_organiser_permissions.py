"""Lets the Organisers group see the ledger, record money received, waive, cancel and refund
(payments.services, through the payment's admin screen), set the dues rates, match bank
statements and record fapiao. Payment settings (the account, the grace period) stay with the
administrators."""

from django.db import migrations

from cms.permissions import ORGANISERS, grant, revoke

PERMISSIONS = [
    ("payments", f"{action}_{model}")
    for model in ("payment", "ledgerentry", "duesrate", "fapiaorequest", "statementimport")
    for action in ("add", "change", "view")
] + [("payments", "view_onlineorder")]


def forwards(apps, schema_editor):
    grant(apps, ORGANISERS, PERMISSIONS)


def backwards(apps, schema_editor):
    revoke(apps, ORGANISERS, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0001_initial"),
        ("cms", "0003_organisers_group"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
