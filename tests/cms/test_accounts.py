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


def test_the_set_new_password_page_says_cancel_not_cancel_registration(
    client, make_user, mailoutbox
):
    make_user(email="forgot@example.com")
    client.post(reverse("account_reset_password"), {"email": "forgot@example.com"})
    response = client.get(link_in(mailoutbox[0]), follow=True)
    html = response.content.decode()
    assert "设置新密码" in html or "修改密码" in html
    assert re.search(r">\s*取消\s*<", html)
    assert "取消报名" not in html


def test_the_events_panel_still_says_cancel_registration():
    from django.utils.translation import gettext, pgettext

    assert pgettext("event registration", "Cancel") == "取消报名"
    assert gettext("Cancel") == "取消"


@pytest.mark.parametrize(
    ("prefix", "message"),
    [("", "密码太短，至少需要 8 个字符。"), ("/en", "This password is too short.")],
)
def test_password_rules_are_in_the_pages_language(client, prefix, message):
    response = client.post(
        f"{prefix}/accounts/signup/",
        {
            "email": "short@example.com",
            "name": "短密码",
            "password1": "Yy7!",
            "password2": "Yy7!",
            "consent": "on",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    if not prefix:
        assert "This password" not in html


# Idle organisers' and administrators' sessions (cms.sessions.AdminIdleTimeoutMiddleware).


def move_last_activity_back(client, seconds):
    from cms.sessions import LAST_ACTIVITY_KEY

    session = client.session
    session[LAST_ACTIVITY_KEY] -= seconds
    session.save()


def test_an_idle_organiser_is_signed_out_and_told_why(client, organiser, settings):
    client.force_login(organiser)
    assert client.get("/admin/").status_code == 200
    move_last_activity_back(client, settings.ADMIN_IDLE_TIMEOUT_SECONDS - 60)
    assert client.get("/admin/").status_code == 200  # still within the limit: clock restarts
    move_last_activity_back(client, settings.ADMIN_IDLE_TIMEOUT_SECONDS - 60)
    assert client.get("/admin/pages/").status_code == 200

    move_last_activity_back(client, settings.ADMIN_IDLE_TIMEOUT_SECONDS + 1)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response.url == reverse("account_login") + "?next=/admin/pages/"
    assert "_auth_user_id" not in client.session
    page = client.get(response.url).content.decode()
    assert "30 分钟内没有操作，已自动退出登录" in page


def test_the_idle_limit_is_a_setting_and_speaks_english_under_en(client, organiser, settings):
    settings.ADMIN_IDLE_TIMEOUT_SECONDS = 600
    client.force_login(organiser)
    client.get("/en/my/")
    move_last_activity_back(client, 601)
    response = client.get("/en/my/", follow=True)
    assert "_auth_user_id" not in client.session
    assert "signed out after 10 minutes without activity" in response.content.decode()


def test_members_keep_the_normal_session(client, make_user, settings):
    from cms.sessions import LAST_ACTIVITY_KEY

    client.force_login(make_user(email="relaxed@example.com"))
    assert client.get(reverse("dashboard")).status_code == 200
    assert LAST_ACTIVITY_KEY not in client.session
    session = client.session
    session[LAST_ACTIVITY_KEY] = 0  # as if idle for decades
    session.save()
    assert client.get(reverse("dashboard")).status_code == 200
    assert "_auth_user_id" in client.session


def test_account_mails_name_the_address_and_the_site(client, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": "nobody.here@example.com"})
    assert mailoutbox and "nobody.here@example.com" in mailoutbox[-1].body
