import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "Lake-Dongting-2026"
NEW_PASSWORD = "Junshan-Yinzhen-77"


def link_in(message):
    match = re.search(r"https?://[^/\s]+(/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def sign_up(client, email="wang.lei@example.com", name="王磊"):
    return client.post(
        reverse("account_signup"),
        {
            "email": email,
            "name": name,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "consent": "on",
        },
    )


def test_sign_up_verify_log_in_log_out_and_reset_password(client, mailoutbox):
    response = sign_up(client)
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = get_user_model().objects.get(email="wang.lei@example.com")
    assert user.name == "王磊"
    assert user.language == "zh-hans"
    assert user.privacy_consent_version == "2026-01" and user.privacy_consented_at

    # Verification is mandatory: no log-in before the link is opened.
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session

    # One mail: allauth does not resend the confirmation within three minutes.
    assert len(mailoutbox) == 1
    confirmation = mailoutbox[0]
    assert confirmation.to == [user.email]
    assert confirmation.subject == "【岳阳跨境电商协会】请确认您的Email地址"
    assert confirmation.body.startswith("您好，这里是岳阳市跨境电商协会。")
    confirm_url = link_in(confirmation)
    page = client.get(confirm_url)
    assert page.status_code == 200
    assert user.email in page.content.decode()
    response = client.post(confirm_url)
    assert response.status_code == 302
    assert user.emailaddress_set.get().verified

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    dashboard = client.get(reverse("dashboard"))
    assert "欢迎，王磊" in dashboard.content.decode()

    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 302  # back to the log-in page

    mailoutbox.clear()
    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    reset_url = link_in(mailoutbox[0])
    response = client.get(reset_url)  # allauth moves the key into the session and redirects
    assert response.status_code == 302
    response = client.post(response.url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302

    assert not client.login(email=user.email, password=PASSWORD)
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": NEW_PASSWORD}
    )
    assert response.status_code == 302 and response.url == reverse("dashboard")


def test_sign_up_with_bad_input_keeps_what_was_typed_and_says_why_in_chinese(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "not-an-email", "name": "赵敏", "password1": "abc", "password2": "abd"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="赵敏"' in html
    assert 'value="not-an-email"' in html
    assert "有效的电子邮件" in html or "电子邮件地址" in html
    assert not get_user_model().objects.filter(name="赵敏").exists()


def test_sign_up_with_a_taken_email_tells_the_owner_not_the_visitor(client, make_user, mailoutbox):
    # allauth does not reveal which addresses have accounts: the visitor sees the usual
    # "check your mail" page, and the address's owner is told someone tried to sign up.
    make_user(email="taken@example.com")
    response = sign_up(client, email="taken@example.com")
    assert response.status_code == 302
    assert get_user_model().objects.filter(email="taken@example.com").count() == 1
    assert mailoutbox[0].to == ["taken@example.com"]
    assert "已" in mailoutbox[0].subject


def test_sign_up_in_english_sends_english_mail_and_remembers_language(client, mailoutbox):
    response = client.post(
        "/en/accounts/signup/",
        {
            "email": "amy@example.com",
            "name": "Amy Lin",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "consent": "on",
        },
    )
    assert response.status_code == 302
    assert get_user_model().objects.get(email="amy@example.com").language == "en"
    assert mailoutbox[0].subject == (
        "[Yueyang Cross-border E-commerce Association] Please Confirm Your Email Address"
    )
    assert "Hello from Yueyang Cross-border E-commerce Association!" in mailoutbox[0].body


def test_password_change_needs_the_old_password(client, make_user):
    user = make_user(email="li@example.com", password=PASSWORD)
    client.force_login(user)
    url = reverse("account_change_password")
    response = client.post(
        url, {"oldpassword": "wrong", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    response = client.post(
        url, {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_failed_logins_are_rate_limited(client, make_user):
    user = make_user(email="target@example.com", password=PASSWORD)
    for _ in range(5):
        response = client.post(reverse("account_login"), {"login": user.email, "password": "nope"})
        assert "登录失败次数过多" not in response.content.decode()
    # Now even the right password is refused until the window passes.
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_account_mail_is_signed_by_the_association(client, mailoutbox):
    sign_up(client)
    message = mailoutbox[0]
    assert message.subject.startswith("【岳阳跨境电商协会】")
    assert "岳阳市跨境电商协会" in message.body
    assert "testserver!" not in message.body


def test_dashboard_requires_login_and_saves_profile(client, make_user):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    user = make_user(email="chen@example.com", name="陈")
    client.force_login(user)
    response = client.post(reverse("dashboard"), {"name": "陈思远", "language": "en"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.name, user.language) == ("陈思远", "en")


def test_dashboard_keeps_input_and_shows_error_on_bad_data(client, make_user):
    user = make_user(email="zhou@example.com", name="周")
    client.force_login(user)
    response = client.post(reverse("dashboard"), {"name": "周" * 101, "language": "xx"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "周" * 101 in html
    user.refresh_from_db()
    assert user.name == "周"


def test_logout_refuses_get(client, make_user):
    client.force_login(make_user())
    client.get(reverse("account_logout"))
    assert "_auth_user_id" in client.session


def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_demo_organiser_can_use_the_admin_and_member_cannot(client, demo_accounts):
    email, password = demo_accounts["organiser"]
    assert client.login(email=email, password=password)
    assert client.get("/admin/").status_code == 200
    client.logout()
    email, password = demo_accounts["member"]
    assert client.login(email=email, password=password)
    assert client.get("/admin/").status_code == 404  # not the login page: it would loop


def test_password_reset_mail_is_in_the_account_holders_language(client, make_user, mailoutbox):
    make_user(email="amy@example.com", language="en")
    client.post(reverse("account_reset_password"), {"email": "amy@example.com"})  # a Chinese page
    assert mailoutbox[0].subject.startswith("[Yueyang Cross-border E-commerce Association]")
    assert "Password Reset" in mailoutbox[0].subject


def test_apps_add_panels_to_the_dashboard(client, make_user):
    from django.utils.html import format_html
    from wagtail import hooks

    class Panel:
        order = 10

        def __init__(self, request):
            self.request = request

        def render(self):
            return format_html("<section class='panel'>{}</section>", self.request.user.email)

    client.force_login(make_user(email="panel@example.com"))
    with hooks.register_temporarily("register_dashboard_panel", Panel):
        html = client.get(reverse("dashboard")).content.decode()
    assert "<section class='panel'>panel@example.com</section>" in html
    assert "暂无内容" not in html


def test_sign_up_needs_the_privacy_consent(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "no.consent@example.com",
            "name": "钱多",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 200
    assert "请接受隐私政策后再注册" in response.content.decode()
    assert not get_user_model().objects.filter(email="no.consent@example.com").exists()
