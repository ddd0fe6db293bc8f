import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60


def test_anonymous_pages_are_served_from_the_cache_with_their_headers(client):
    first = client.get("/")
    assert first["X-Page-Cache"] == "miss"
    second = client.get("/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert client.get("/en/")["X-Page-Cache"] == "miss"  # each language its own copy


def test_publishing_a_change_is_seen_at_once(client):
    from cms.models import HomePage

    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    home = HomePage.objects.get()
    home.intro = "缓存失效测试：新的导语"
    home.save_revision().publish()
    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert "缓存失效测试" in response.content.decode()


def test_a_member_edit_reaches_the_directory_at_once(client, django_user_model):
    from members import services

    client.get("/members/")
    organisation = services.profile_of(
        django_user_model.objects.get(email="member@example.com")
    ).organisation
    organisation.main_products = "缓存测试钓具"
    organisation.save()
    assert client.get("/members/")["X-Page-Cache"] == "miss"


def test_signed_in_people_and_private_pages_are_never_cached(client, django_user_model):
    client.force_login(django_user_model.objects.get(email="member@example.com"))
    client.get("/")
    assert "X-Page-Cache" not in client.get("/")
    client.logout()
    client.cookies.clear()
    for path in ["/accounts/login/", "/certificates/verify/", "/healthz"]:
        client.get(path)
        assert "X-Page-Cache" not in client.get(path), path


def test_pages_that_set_a_cookie_are_not_cached(client):
    # The login page hands out a CSRF token: it must not be shared.
    client.get(reverse("account_login"))
    assert "X-Page-Cache" not in client.get(reverse("account_login"))
