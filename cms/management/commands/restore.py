"""Puts back a backup made by `manage.py backup`: the database and the uploaded files. Replaces
what is there now. `manage.py restore <path> --yes`, or `make restore FILE=<path>`."""

import json
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from .backup import folders, pg_environment


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--yes", action="store_true", help="do not ask before replacing")

    def handle(self, *args, path, yes=False, **options):
        source = Path(path)
        if not source.exists():
            raise CommandError(f"No such backup: {source}")
        if not yes and input("This replaces the database and the uploads. Type yes: ") != "yes":
            raise CommandError("Nothing restored.")
        with tempfile.TemporaryDirectory() as work:
            work = Path(work)
            with tarfile.open(source, "r:gz") as archive:
                archive.extractall(work, filter="data")  # refuses absolute paths and ../
            manifest = json.loads((work / "manifest.json").read_text())
            if manifest["database"] != connection.vendor:
                raise CommandError(
                    f"The backup holds a {manifest['database']} database; this site uses "
                    f"{connection.vendor}."
                )
            if connection.vendor == "sqlite":
                connection.ensure_connection()
                with sqlite3.connect(work / "db.sqlite3") as saved:
                    saved.backup(connection.connection)
            else:
                db = settings.DATABASES["default"]
                env, conn = pg_environment(db)
                connection.close()
                if not shutil.which("pg_restore"):
                    raise CommandError("pg_restore is missing: apt-get install postgresql-client")
                subprocess.run(  # noqa: S603 — arguments from the settings, not from users
                    [
                        shutil.which("pg_restore"),
                        *conn,
                        "--clean",
                        "--if-exists",
                        "--no-owner",
                        "--single-transaction",
                        "-d",
                        db["NAME"],
                        str(work / "db.pgdump"),
                    ],
                    env=env,
                    check=True,
                )
            for name, folder in folders().items():
                saved = work / name
                if folder.exists():
                    shutil.rmtree(folder)
                if saved.exists():
                    shutil.copytree(saved, folder)
        self.stdout.write(f"Restored from {source}")
