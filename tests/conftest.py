import io

import pytest
from django.core.management import call_command

from cms.demo import content


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Loads the demo content once per run; each test's changes are rolled back around it."""
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def demo_accounts():
    """The demo accounts by role: {"member": (email, password), ...}."""
    return {role: (email, password) for email, password, _name, role in content.ACCOUNTS}


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
