"""Rate limits on what strangers can try in bulk. Counts live in the cache, which production
requires to be the shared Redis (a per-process cache would let each worker count alone)."""

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()


def statuses(send, times):
    return [send(index).status_code for index in range(times)]


def test_failed_logins_are_limited(client):
    def attempt(index):
        return client.post(
            "/accounts/login/", {"login": "member@example.com", "password": f"wrong-{index}"}
        ).content.decode()

    first = attempt(0)
    assert "登录失败次数过多" not in first
    for index in range(1, 6):
        attempt(index)
    # Five failures for one account within five minutes: even the right password waits.
    right = client.post(
        "/accounts/login/", {"login": "member@example.com", "password": "demo-member-2026"}
    )
    assert "登录失败次数过多" in right.content.decode()
    assert "_auth_user_id" not in client.session


def test_signups_are_limited(client):
    codes = statuses(
        lambda i: client.post(
            "/accounts/signup/",
            {"email": f"bulk{i}@example.com", "password1": "x", "password2": "y"},
        ),
        25,
    )
    assert codes[0] == 200 and codes[-1] == 429


def test_password_resets_are_limited(client):
    codes = statuses(
        lambda i: client.post("/accounts/password/reset/", {"email": "member@example.com"}), 8
    )
    assert codes[0] == 302 and codes[-1] == 429


def test_the_admin_login_is_allauths(client):
    response = client.get("/admin/login/", {"next": "/admin/pages/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fpages%2F"
    # Posting to Wagtail's own form is not possible either.
    assert client.post("/admin/login/", {"username": "x", "password": "y"}).status_code == 405
    elsewhere = client.get("/admin/login/", {"next": "https://evil.example/"})
    assert elsewhere["Location"] == "/accounts/login/?next=%2Fadmin%2F"


def test_membership_applications_are_limited(client, make_user):
    # Only accepted applications count: a form sent back with errors uses none of the limit
    # (tests/members/test_apply_rate_limit.py).
    from members.models import Industry, MembershipApplication, SecretariatPage
    from tests.members.test_applications import application_data

    data = application_data(
        Industry.objects.get(slug="tea"), SecretariatPage.objects.get(slug="yueyang")
    )
    codes = []
    for index in range(7):
        client.force_login(make_user(email=f"applicant{index}@example.com"))
        client.post("/members/apply/", {"organisation_name": ""})  # errors: not counted
        codes.append(client.post("/members/apply/", data).status_code)
    assert codes[:5] == [302] * 5
    assert codes[5:] == [429, 429]
    applied = MembershipApplication.objects.filter(applicant__email__startswith="applicant")
    assert applied.count() == 5


def test_rate_limits_count_the_visitor_behind_trusted_proxies(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for index in range(10):
        client.get(
            "/certificates/verify/",
            {"serial": "YY-2026-9999", "name": f"人{index}"},
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )
    limited = client.get(
        "/certificates/verify/",
        {"serial": "YY-2026-9999", "name": "再"},
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    other = client.get(
        "/certificates/verify/",
        {"serial": "YY-2026-9999", "name": "别人"},
        HTTP_X_FORWARDED_FOR="198.51.100.2",
    )
    assert limited.status_code == 429
    assert other.status_code == 404  # another visitor behind the same proxy is not limited
