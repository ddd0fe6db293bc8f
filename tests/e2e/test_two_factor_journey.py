import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from cms.mfa import totp_code
from cms.permissions import ORGANISERS
from tests.e2e.test_membership_journey import log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "Junshan-Island-88!"


def test_a_new_organiser_sets_up_the_authenticator_app_then_reaches_the_admin(visitor):
    user = get_user_model().objects.create_user(
        email="xin.zuzhi@example.com", password=PASSWORD, name="辛组织"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    user.groups.add(Group.objects.get(name=ORGANISERS))
    page = visitor.page

    log_in(visitor, user.email, PASSWORD)  # lands on /my/, which sends them to the set-up
    assert page.url.endswith("/accounts/2fa/totp/activate/")
    assert page.get_by_text("必须启用双因素身份认证").is_visible()
    qr = page.locator("img.qr-code")
    assert qr.evaluate("(img) => img.complete && img.naturalWidth > 0")  # shown under the CSP

    secret = page.get_by_label("无法扫描时使用的密钥").input_value()
    page.get_by_label("验证码").fill(totp_code(secret))
    visitor.follow(page.get_by_role("button", name="激活"))
    assert page.url.endswith("/accounts/2fa/recovery-codes/")
    assert page.locator("#recovery_codes").input_value().count("\n") == 9

    visitor.follow(page.get_by_role("link", name="管理后台"))
    assert page.url.endswith("/admin/")
