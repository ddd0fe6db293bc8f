import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k3Jx9-Vq2Lm8Zr4Tn6Wb0Yc5Hd7Pf1Gs3Ke9Ua2Ri8Oe4Nt6Mw0Qv5Bx7Cz1Dy3"


def run_manage(*args, **env):
    # A clean environment: the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process.
    dropped = {"SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in dropped}
    base.update(DJANGO_SETTINGS_MODULE="cms.settings.production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", ALLOWED_HOSTS="portal.example.com")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_manage("check", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="")
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must name" in result.stderr


def test_production_refuses_a_per_process_cache():
    result = run_manage(
        "check", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="portal.example.com", REDIS_URL=""
    )
    assert result.returncode != 0
    assert "REDIS_URL must point at the shared Redis" in result.stderr


def test_check_deploy_is_clean_with_a_secret_set(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="portal.example.com",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("url", "engine"),
    [
        ("postgres://u:p@db.internal:5432/alliance", "django.db.backends.postgresql"),
        ("sqlite:////tmp/x.sqlite3", "django.db.backends.sqlite3"),
    ],
)
def test_database_comes_from_database_url(url, engine):
    assert dev_setting("settings.DATABASES['default']['ENGINE']", DATABASE_URL=url) == engine


def dev_setting(expression, **env):
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django; django.setup(); from django.conf import settings; print({expression})",
        ],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.dev", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_redis_url_selects_the_shared_cache():
    backend = dev_setting(
        "settings.CACHES['default']['BACKEND']", REDIS_URL="redis://127.0.0.1:6379/1"
    )
    assert backend == "django.core.cache.backends.redis.RedisCache"


def test_email_url_configures_smtp():
    value = dev_setting(
        "(settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS,"
        " settings.EMAIL_USE_SSL, settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD)",
        EMAIL_URL="smtp://notice%40yyce.example:p%40ss@smtp.example.org:587",
    )
    assert value == (
        "('django.core.mail.backends.smtp.EmailBackend', 'smtp.example.org', 587, True, False,"
        " 'notice@yyce.example', 'p@ss')"
    )
    value = dev_setting(
        "(settings.EMAIL_PORT, settings.EMAIL_USE_SSL)", EMAIL_URL="smtps://smtp.example.org"
    )
    assert value == "(465, True)"


def test_s3_bucket_puts_uploads_and_certificates_in_object_storage():
    expression = (
        "(settings.STORAGES['default']['BACKEND'],"
        " settings.STORAGES['default']['OPTIONS']['location'],"
        " settings.STORAGES['certificates']['BACKEND'],"
        " settings.STORAGES['certificates']['OPTIONS']['location'],"
        " settings.STORAGES['certificates']['OPTIONS']['default_acl'])"
    )
    value = dev_setting(
        expression,
        S3_BUCKET="alliance-portal",
        S3_ENDPOINT_URL="https://oss-cn-shenzhen.aliyuncs.com",
    )
    assert value == (
        "('storages.backends.s3.S3Storage', 'media', 'storages.backends.s3.S3Storage',"
        " 'private', 'private')"
    )
    # Without it, local folders.
    assert dev_setting("settings.STORAGES['default']['BACKEND']") == (
        "django.core.files.storage.FileSystemStorage"
    )


PRODUCTION_ENV = {
    "SECRET_KEY": GOOD_KEY,
    "ALLOWED_HOSTS": "portal.example.com",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


@pytest.mark.parametrize(
    "key",
    [
        GOOD_KEY[:49],  # too short
        "ab" * 40,  # long, but two characters
        "django-insecure-" + GOOD_KEY,  # what startproject writes for development
    ],
)
def test_production_refuses_a_weak_secret_key(key):
    result = run_manage("check", **{**PRODUCTION_ENV, "SECRET_KEY": key})
    assert result.returncode != 0
    assert "SECRET_KEY must be set to a random value" in result.stderr
    assert "secrets.token_urlsafe" in result.stderr  # says how to make one


def test_serve_prod_makes_a_secret_key_production_accepts(tmp_path):
    makefile = (ROOT / "Makefile").read_text()
    generator = re.search(r"serve-prod-secret \|\| \$\(PY\) -c '([^']+)'", makefile).group(1)
    key = subprocess.run(
        [sys.executable, "-c", generator], capture_output=True, text=True, check=True
    ).stdout.strip()
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **{**PRODUCTION_ENV, "SECRET_KEY": key},
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def production_setting(expression, **env):
    dropped = {"SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "SECURE_HSTS_PRELOAD"}
    base = {k: v for k, v in os.environ.items() if k not in dropped}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django; django.setup(); from django.conf import settings; print({expression})",
        ],
        cwd=ROOT,
        env={**base, **PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "cms.settings.production", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_hsts_preload_only_when_asked_for():
    assert production_setting("settings.SECURE_HSTS_PRELOAD") == "False"
    assert production_setting("settings.SECURE_HSTS_PRELOAD", SECURE_HSTS_PRELOAD="1") == "True"


def test_production_sends_permissions_policy_on_static_files_too():
    order = production_setting("settings.MIDDLEWARE[:3]")
    assert order == (
        "['cms.middleware.PermissionsPolicyMiddleware', "
        "'django.middleware.security.SecurityMiddleware', "
        "'whitenoise.middleware.WhiteNoiseMiddleware']"
    )


def test_production_refuses_the_test_mode_provider_unless_told(tmp_path):
    common = {
        "SECRET_KEY": GOOD_KEY,
        "ALLOWED_HOSTS": "portal.example.com",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "PAYMENTS_PROVIDERS": "wechat,test",
    }
    result = run_manage("check", **common)
    assert result.returncode != 0
    assert "PAYMENTS_PROVIDERS names the test-mode provider" in result.stderr
    allowed = run_manage("check", PAYMENTS_ALLOW_TEST_MODE="1", **common)
    assert allowed.returncode == 0, allowed.stderr
