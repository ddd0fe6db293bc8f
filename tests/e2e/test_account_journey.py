import re

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "Nanhu-Lake-2026!"


def test_sign_up_verify_log_in_switch_to_english_log_out(visitor, mailoutbox):
    page = visitor.page
    visitor.goto("/")
    visitor.follow(page.get_by_role("link", name="注册", exact=True).first)
    assert page.url.endswith("/accounts/signup/")

    page.get_by_label("电子邮件").fill("xiao.hong@example.com")
    page.get_by_label("姓名").fill("肖红")
    page.locator("#id_password1").fill(PASSWORD)
    page.get_by_label("密码（重复）").fill(PASSWORD)
    page.get_by_label("我已阅读并接受隐私政策").check()
    visitor.follow(page.get_by_role("button", name="注册"))
    assert page.url.endswith("/accounts/confirm-email/")

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[0].body).group(0)
    page.goto(link)
    visitor.check()
    visitor.follow(page.get_by_role("button", name="确认"))
    assert page.url.endswith("/accounts/login/")

    page.get_by_label("电子邮件").fill("xiao.hong@example.com")
    page.get_by_label("密码").fill(PASSWORD)
    visitor.follow(page.get_by_role("button", name="登录"))
    assert page.url.endswith("/my/")
    assert page.get_by_role("heading", name="欢迎，肖红").is_visible()

    visitor.follow(page.get_by_role("link", name="English"))
    assert page.url.endswith("/en/my/")
    assert page.get_by_role("heading", name="Welcome, 肖红").is_visible()
    assert page.locator("html").get_attribute("lang") == "en"

    visitor.follow(page.get_by_role("button", name="Log out"))
    assert page.url.endswith("/en/")
    assert page.get_by_role("link", name="Log in").is_visible()


def test_home_news_and_search_on_a_phone(phone_visitor):
    page = phone_visitor.page
    phone_visitor.goto("/")
    page.get_by_text("菜单").click()
    phone_visitor.follow(page.locator(".mainnav__list--phone").get_by_role("link", name="新闻动态"))
    assert page.url.endswith("/news/")
    phone_visitor.follow(page.get_by_role("link", name=re.compile("走进汨罗钓具产业带")))
    page.get_by_label("站内搜索").fill("成长营")
    with page.expect_navigation():
        page.get_by_label("站内搜索").press("Enter")
    phone_visitor.check()
    assert page.get_by_role("link", name="跨境创二代成长营首期学员结业").is_visible()
    phone_visitor.goto("/no-such-page/", status=404)
    assert page.get_by_role("heading", name="页面不存在").is_visible()
