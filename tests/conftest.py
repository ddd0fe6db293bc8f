import io
import os

import pytest
from django.core.management import call_command

from cms.demo import content


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Loads the demo content once per run; each test's changes are rolled back around it."""
    from django.db import connections

    for alias in connections:
        contents = getattr(connections[alias], "_test_serialized_contents", None)
        if contents is not None:
            SERIALIZED_CONTENTS[alias] = contents
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=io.StringIO())
        give_demo_organisers_authenticators()


# The authenticator-app secret of the demo organiser and administrator in the tests: their
# accounts must have two-factor sign-in (cms.mfa), which `force_login` and `client.login` do not
# ask for but the site checks is set up.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def give_demo_organisers_authenticators():
    from django.contrib.auth import get_user_model

    from cms.mfa import ensure_demo_totp

    for email, _password, _name, role in content.ACCOUNTS:
        if role in {"organiser", "secretariat", "administrator"}:
            ensure_demo_totp(get_user_model().objects.get(email=email), DEMO_TOTP_SECRET)


SERIALIZED_CONTENTS = {}


def restore_serialized_contents():
    """Hands the post-migration snapshot to this context's connection objects (see e2e)."""
    from django.db import connections

    for alias, contents in SERIALIZED_CONTENTS.items():
        connections[alias]._test_serialized_contents = contents


@pytest.fixture
def demo_accounts():
    """The demo accounts by role: {"member": (email, password), ...}."""
    return {role: (email, password) for email, password, _name, role in content.ACCOUNTS}


@pytest.fixture
def organiser(db, demo_accounts, django_user_model):
    """The demo organiser (in the Organisers group)."""
    email, _password = demo_accounts["organiser"]
    return django_user_model.objects.get(email=email)


@pytest.fixture
def make_user(db, django_user_model):
    """Creates a signed-up user with a verified e-mail address."""
    from allauth.account.models import EmailAddress

    def make(email="someone@example.com", password="Correct-Horse-42", **fields):
        user = django_user_model.objects.create_user(email=email, password=password, **fields)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        return user

    return make


@pytest.fixture(autouse=True)
def steady_rate_limit_windows(monkeypatch):
    """django-ratelimit counts in fixed windows that end at a wall-clock instant: a test that
    sends N+1 requests against an N-per-minute limit passed or failed by whether a window ended
    among them. Its clock stands still for the length of a test (the counts are cleared between
    tests); allauth's limits slide and need nothing."""
    import time
    import types

    from django_ratelimit import core

    now = time.time()
    monkeypatch.setattr(core, "time", types.SimpleNamespace(time=lambda: now))


@pytest.fixture(autouse=True)
def clear_cache():
    """Rate-limit counters live in the cache; each test starts with none. The test client
    leaves the last request's language active: reset it so `reverse` in tests gives Chinese."""
    from django.core.cache import cache
    from django.utils import translation

    cache.clear()
    translation.activate("zh-hans")
    yield
    cache.clear()
    translation.deactivate()


def pytest_collection_modifyitems(config, items):
    """In CI the SQLite run leaves the PostgreSQL concurrency tests to `make test-postgres`,
    which CI runs next, rather than reporting them skipped; elsewhere they are skipped with a
    message saying how to run them."""
    from django.db import connection

    if os.environ.get("CI") and connection.vendor != "postgresql":
        kept = [item for item in items if "postgresql_concurrency" not in item.keywords]
        if len(kept) != len(items):
            config.hook.pytest_deselected(items=[i for i in items if i not in kept])
            items[:] = kept
