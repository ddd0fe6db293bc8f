import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from cms.mfa import unused_recovery_codes
from members.models import MembershipApplication
from tests.e2e.conftest import DESKTOP, open_visitor

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "Dongting-Lake-88!"
COMPANY = "岳阳洞庭湖鲜食品有限公司"
PHONE = "0730-7788990"


def log_in(visitor, email, password):
    page = visitor.page
    visitor.goto("/accounts/login/")
    page.get_by_label("电子邮件").fill(email)
    page.get_by_label("密码").fill(password)
    visitor.follow(page.get_by_role("button", name="登录"))
    if "/accounts/2fa/authenticate/" in page.url:
        # Organisers sign in with a second factor: one of their recovery codes here (a code
        # from the app would depend on the clock).
        user = get_user_model().objects.get(email=email)
        page.get_by_label("验证码").fill(unused_recovery_codes(user)[0])
        visitor.follow(page.get_by_role("button", name="登录"))


def test_apply_approve_edit_and_hide_the_phone(browser, demo_site, axe, visitor, demo_accounts):
    user = get_user_model().objects.create_user(
        email="hu.jing@example.com", password=PASSWORD, name="胡静"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    # The visitor applies.
    page = visitor.page
    log_in(visitor, user.email, PASSWORD)
    visitor.goto("/members/apply/")
    page.get_by_label("企业名称（中文）").fill(COMPANY)
    page.get_by_label("行业").select_option(label="休闲食品")
    page.get_by_label("县（市、区）").fill("岳阳楼区")
    page.get_by_label("秘书处").select_option(label="岳阳秘书处")
    page.get_by_label("主营产品").fill("小龙虾、湖鲜礼盒")
    page.get_by_label("企业电话").fill(PHONE)
    page.get_by_label("您的姓名").fill("胡静")
    page.get_by_label("您的手机号码").fill("13812345678")
    page.locator("#id_consent").check()
    visitor.follow(page.get_by_role("button", name="提交申请"))
    assert page.get_by_text("等待审核").first.is_visible()
    application = MembershipApplication.objects.get(applicant=user)

    # An organiser approves it in the Wagtail admin.
    with open_visitor(browser, demo_site.url, axe, DESKTOP) as organiser:
        email, password = demo_accounts["organiser"]
        log_in(organiser, email, password)
        organiser.goto("/admin/members/applications/")
        assert organiser.page.get_by_text(COMPANY).first.is_visible()
        organiser.goto(f"/admin/members/applications/{application.pk}/review/")
        organiser.page.get_by_label("会员级别").select_option("council")
        organiser.follow(organiser.page.get_by_role("button", name="通过并邮件通知申请人"))
    application.refresh_from_db()
    assert application.status == "approved"

    # The new member makes the phone public, then hides it again.
    visitor.goto("/my/")
    visitor.follow(page.get_by_role("link", name="编辑企业资料"))
    page.get_by_label("主营产品").fill("小龙虾、湖鲜礼盒、藕粉")
    page.locator("input[name=phone_visibility][value=public]").check()
    visitor.follow(page.get_by_role("button", name="保存"))

    with open_visitor(browser, demo_site.url, axe, DESKTOP) as anonymous:
        anonymous.goto("/members/?q=洞庭湖鲜")
        assert anonymous.page.get_by_text("藕粉").first.is_visible()
        assert anonymous.page.get_by_text(PHONE).count() == 1

        page.locator("input[name=phone_visibility][value=hidden]").check()
        visitor.follow(page.get_by_role("button", name="保存"))

        anonymous.goto("/members/?q=洞庭湖鲜")
        assert anonymous.page.get_by_role("link", name=COMPANY).is_visible()
        assert anonymous.page.get_by_text(PHONE).count() == 0
        anonymous.follow(anonymous.page.get_by_role("link", name=COMPANY))
        assert anonymous.page.get_by_text("藕粉").first.is_visible()
        assert anonymous.page.get_by_text(PHONE).count() == 0
