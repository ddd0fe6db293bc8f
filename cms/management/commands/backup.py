"""Writes the database and the uploaded files (public media and the private certificates) to
one .tar.gz: `manage.py backup [path]`, or `make backup`."""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone


def pg_environment(db):
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    args = ["-h", db.get("HOST") or "localhost", "-p", str(db.get("PORT") or 5432)]
    args += ["-U", db.get("USER") or "postgres"]
    return env, args


def folders():
    """The local folders with uploads, by their name inside the archive. With object storage
    (S3_BUCKET) the uploads are the bucket's, kept by its own versioning or replication."""
    if settings.S3_BUCKET:
        return {}
    return {"media": Path(settings.MEDIA_ROOT), "private": Path(settings.PRIVATE_MEDIA_ROOT)}


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="default: backups/alliance-<time>.tar.gz")

    def handle(self, *args, path=None, **options):
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        target = Path(path or settings.BASE_DIR / "backups" / f"alliance-{stamp}.tar.gz")
        target.parent.mkdir(parents=True, exist_ok=True)
        db = settings.DATABASES["default"]
        with tempfile.TemporaryDirectory() as work:
            work = Path(work)
            if connection.vendor == "sqlite":
                dump = work / "db.sqlite3"
                connection.ensure_connection()
                # SQLite's online backup: a consistent copy even while the site writes.
                with sqlite3.connect(dump) as copy:
                    connection.connection.backup(copy)
            elif connection.vendor == "postgresql":
                if not shutil.which("pg_dump"):
                    raise CommandError("pg_dump is missing: apt-get install postgresql-client")
                dump = work / "db.pgdump"
                env, conn = pg_environment(db)
                subprocess.run(  # noqa: S603 — arguments from the settings, not from users
                    [
                        shutil.which("pg_dump"),
                        *conn,
                        "--format=custom",
                        "--no-owner",
                        "-f",
                        str(dump),
                        db["NAME"],
                    ],
                    env=env,
                    check=True,
                )
            else:
                raise CommandError(f"No backup for the {connection.vendor} database.")
            manifest = {
                "created_at": timezone.now().isoformat(),
                "database": connection.vendor,
                "folders": sorted(folders()),
            }
            (work / "manifest.json").write_text(json.dumps(manifest, indent=2))
            with tarfile.open(target, "w:gz") as archive:
                archive.add(work / "manifest.json", "manifest.json")
                archive.add(dump, dump.name)
                for name, folder in folders().items():
                    if folder.exists():
                        archive.add(folder, name)
        self.stdout.write(f"Backup written: {target}")
