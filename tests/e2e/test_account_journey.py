import re

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "Nanhu-Lake-2026!"


def test_sign_up_verify_log_in_switch_to_english_log_out(visitor, mailoutbox):
    page = visitor.page
    visitor.goto("/")
    page.get_by_role("link", name="注册", exact=True).first.click()
    visitor.check()
    assert page.url.endswith("/accounts/signup/")

    page.get_by_label("电子邮件").fill("xiao.hong@example.com")
    page.get_by_label("姓名").fill("肖红")
    page.locator("#id_password1").fill(PASSWORD)
    page.get_by_label("密码（重复）").fill(PASSWORD)
    page.get_by_role("button", name="注册").click()
    visitor.check()
    assert "/accounts/confirm-email/" in page.url

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[0].body).group(0)
    page.goto(link)
    visitor.check()
    page.get_by_role("button", name="确认").click()
    visitor.check()
    assert "/accounts/login/" in page.url

    page.get_by_label("电子邮件").fill("xiao.hong@example.com")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    visitor.check()
    assert page.url.endswith("/my/")
    assert page.get_by_role("heading", name="欢迎，肖红").is_visible()

    page.get_by_role("link", name="English").click()
    visitor.check()
    assert page.url.endswith("/en/my/")
    assert page.get_by_role("heading", name="Welcome, 肖红").is_visible()
    assert page.locator("html").get_attribute("lang") == "en"

    page.get_by_role("button", name="Log out").click()
    visitor.check()
    assert page.get_by_role("link", name="Log in").is_visible()


def test_home_news_and_search_on_a_phone(phone_visitor):
    page = phone_visitor.page
    phone_visitor.goto("/")
    page.get_by_text("菜单").click()
    page.locator(".mainnav__list--phone").get_by_role("link", name="新闻动态").click()
    phone_visitor.check()
    assert page.url.endswith("/news/")
    page.get_by_role("link", name=re.compile("走进汨罗钓具产业带")).click()
    phone_visitor.check()
    page.get_by_label("站内搜索").fill("成长营")
    page.get_by_label("站内搜索").press("Enter")
    phone_visitor.check()
    assert page.get_by_role("link", name="跨境创二代成长营首期学员结业").is_visible()
    phone_visitor.goto("/no-such-page/", status=404)
    assert page.get_by_role("heading", name="页面不存在").is_visible()
