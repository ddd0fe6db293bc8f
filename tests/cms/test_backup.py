"""make backup / make restore: a round trip on a SQLite site with uploads and certificates."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_backup_and_restore_round_trip(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
    }
    manage(env, "migrate", "--no-input", "-v", "0")
    (tmp_path / "media" / "images").mkdir(parents=True)
    (tmp_path / "media" / "images" / "logo.png").write_bytes(b"\x89PNG logo")
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "YY-2026-0001.pdf").write_bytes(b"%PDF-1.7 certificate")
    create = "from cms.models import User; User.objects.create_user(email='kept@example.com')"
    manage(env, "shell", "-c", create)

    archive = tmp_path / "backup.tar.gz"
    assert "Backup written" in manage(env, "backup", str(archive))

    # Things go wrong: the account is deleted, a certificate file lost, a stray file added.
    manage(env, "shell", "-c", "from cms.models import User; User.objects.all().delete()")
    (tmp_path / "private" / "YY-2026-0001.pdf").unlink()
    (tmp_path / "media" / "stray.txt").write_text("x")

    assert "Restored" in manage(env, "restore", str(archive), "--yes")
    count = (
        "from cms.models import User; print(User.objects.filter(email='kept@example.com').count())"
    )
    assert manage(env, "shell", "-c", count).strip().endswith("1")
    assert (tmp_path / "private" / "YY-2026-0001.pdf").read_bytes() == b"%PDF-1.7 certificate"
    assert (tmp_path / "media" / "images" / "logo.png").exists()
    assert not (tmp_path / "media" / "stray.txt").exists()
