"""Two-factor sign-in: organisers and administrators must set up an authenticator app before
they reach the admin; log-in then asks for its code (or a recovery code, once); members are
not forced."""

import base64
import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.contrib.auth.models import Group
from django.urls import reverse

from cms.mfa import (
    ensure_demo_totp,
    has_authenticator,
    is_privileged,
    totp_code,
    unused_recovery_codes,
)
from cms.permissions import ORGANISERS
from tests.conftest import DEMO_TOTP_SECRET

pytestmark = pytest.mark.django_db

PASSWORD = "Baling-Tower-2026"
ACTIVATE = "/accounts/2fa/totp/activate/"
AUTHENTICATE = "/accounts/2fa/authenticate/"


@pytest.fixture
def new_organiser(make_user):
    """An organiser who has not set up two-factor sign-in yet."""
    user = make_user(email="new.organiser@example.com", password=PASSWORD, name="新组织者")
    user.groups.add(Group.objects.get(name=ORGANISERS))
    return user


def log_in(client, user, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": user.email, "password": password})


def messages_on(response):
    return [str(message) for message in response.context["messages"]]


def test_an_organiser_without_an_authenticator_is_sent_to_set_one_up(client, new_organiser):
    response = log_in(client, new_organiser)
    assert response.status_code == 302  # no code asked yet: there is no authenticator

    for path in ["/admin/", "/admin/members/applications/", reverse("dashboard")]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url == ACTIVATE

    page = client.get("/admin/", follow=True)
    assert page.redirect_chain[-1][0] == ACTIVATE
    html = page.content.decode()
    assert "必须启用双因素身份认证" in html  # why
    assert "site-header" in html and "设置身份验证器应用" in html  # the site's layout, Chinese
    # The QR code is inline, and the strict CSP of the account pages lets it show.
    match = re.search(r'<img class="qr-code" src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert match
    assert base64.b64decode(match.group(1)).decode().lstrip().startswith("<?xml")
    policy = page.headers["Content-Security-Policy"]
    img_src = next(part for part in policy.split(";") if part.strip().startswith("img-src"))
    assert "data:" in img_src.split()
    assert "http" not in img_src


def test_activating_then_logging_in_asks_for_the_code_and_opens_the_admin(client, new_organiser):
    log_in(client, new_organiser)
    client.get(ACTIVATE)
    secret = client.session[SECRET_SESSION_KEY]

    response = client.post(ACTIVATE, {"code": totp_code(secret, steps=5)})  # long expired
    assert response.status_code == 200
    assert "验证码不正确" in response.content.decode()
    assert not has_authenticator(new_organiser)

    response = client.post(ACTIVATE, {"code": totp_code(secret)})
    assert response.status_code == 302
    assert response.url == reverse("mfa_view_recovery_codes")
    codes_page = client.get(response.url).content.decode()
    assert has_authenticator(new_organiser)
    assert all(code in codes_page for code in unused_recovery_codes(new_organiser))
    assert client.get("/admin/").status_code == 200

    client.post(reverse("account_logout"))
    response = log_in(client, new_organiser)
    assert response.status_code == 302
    assert response.url == AUTHENTICATE
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # to the log-in page, not in
    page = client.get(AUTHENTICATE).content.decode()
    assert "验证码" in page and "恢复码" in page

    # The code shown one period on (allowed by MFA_TOTP_TOLERANCE): not the one just used.
    response = client.post(AUTHENTICATE, {"code": totp_code(secret, steps=1)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_recovery_code_works_once(client, organiser, demo_accounts):
    email, password = demo_accounts["organiser"]
    code = unused_recovery_codes(organiser)[0]

    response = log_in(client, organiser, password)
    assert response.url == AUTHENTICATE
    response = client.post(AUTHENTICATE, {"code": code})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert code not in unused_recovery_codes(organiser)

    client.post(reverse("account_logout"))
    log_in(client, organiser, password)
    response = client.post(AUTHENTICATE, {"code": code})
    assert response.status_code == 200
    assert "验证码不正确" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_member_is_not_forced(client, make_user):
    member = make_user(email="plain.member@example.com", password=PASSWORD)
    assert not is_privileged(member)
    response = log_in(client, member)
    assert response.status_code == 302 and response.url == reverse("dashboard")
    assert client.get(reverse("dashboard")).status_code == 200
    assert client.get("/").status_code == 200
    # They may still set it up.
    assert client.get(ACTIVATE).status_code == 200


def test_superusers_are_held_to_it_too(client, make_user):
    admin = make_user(email="root@example.com", password=PASSWORD, is_superuser=True)
    log_in(client, admin)
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url == ACTIVATE


def test_a_session_opened_without_the_code_is_still_checked(client, new_organiser):
    # force_login skips allauth's stages: what counts is the account having an authenticator.
    client.force_login(new_organiser)
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url == ACTIVATE


def test_organisers_cannot_switch_it_off(client, organiser, demo_accounts):
    _email, password = demo_accounts["organiser"]
    log_in(client, organiser, password)
    client.post(AUTHENTICATE, {"code": unused_recovery_codes(organiser)[0]})
    # An authenticator from before this log-in: changing it asks for the password again.
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.url.startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": password})
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 200
    assert "不能关闭双因素身份认证" in response.content.decode()
    assert has_authenticator(organiser)


def test_account_pages_in_english(client, new_organiser):
    log_in(client, new_organiser)
    page = client.get("/en" + ACTIVATE).content.decode()
    assert "Set up an authenticator app" in page
    assert "设置" not in page


def test_ensure_demo_totp_gives_a_known_secret_and_can_run_again(make_user):
    user = make_user(email="demo.organiser@example.com")
    url = ensure_demo_totp(user, DEMO_TOTP_SECRET)
    assert url.startswith("otpauth://totp/demo.organiser%40example.com?")
    assert f"secret={DEMO_TOTP_SECRET}" in url
    assert "issuer=" in url and "testserver" not in url
    codes = unused_recovery_codes(user)
    assert len(codes) == 10

    assert ensure_demo_totp(user, DEMO_TOTP_SECRET) == url
    assert Authenticator.objects.filter(user=user).count() == 2
    assert unused_recovery_codes(user) == codes

    other = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU"
    ensure_demo_totp(user, other)
    totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    assert totp.wrap().validate_code(totp_code(other))
    with pytest.raises(ValueError):
        ensure_demo_totp(user, "not base32!")


def test_the_demo_organiser_has_an_authenticator(organiser):
    assert is_privileged(organiser)
    assert has_authenticator(organiser)
