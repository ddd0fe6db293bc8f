"""The member self-service pages on a 390 px phone: nothing wider than the screen, and what a
thumb presses (header and footer links, the visibility choices) at least 44 px high."""

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from members.models import MemberProfile
from tests.e2e.conftest import DESKTOP, open_visitor

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE_WIDTH = 390
TARGET = 44
SELF_SERVICE = ["/my/", "/my/company/", "/my/profile/", "/my/colleagues/"]
HEADER_LINKS = ".topbar__links a, .topbar__links button"
FOOTER_LINKS = ".site-footer__list a, .site-footer__legal a"
CHOICE_LABELS = "label:has(> input[type=radio]), label:has(> input[type=checkbox])"


def picture(size, colour):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return ContentFile(buffer.getvalue())


def log_in(visitor, email, password):
    page = visitor.page
    visitor.goto("/accounts/login/")
    page.get_by_label("电子邮件").fill(email)
    page.get_by_label("密码").fill(password)
    visitor.follow(page.get_by_role("button", name="登录"))


def boxes(page, selector):
    """The rendered boxes of the visible elements `selector` matches, with their text."""
    return page.eval_on_selector_all(
        selector,
        """(elements) => elements
            .map((e) => ({text: e.textContent.trim(), box: e.getBoundingClientRect()}))
            .filter((e) => e.box.width > 0 && e.box.height > 0)
            .map((e) => ({text: e.text, width: e.box.width, height: e.box.height}))""",
    )


def too_small(page, selector):
    found = boxes(page, selector)
    assert found, f"nothing matches {selector}"
    return [b for b in found if b["height"] < TARGET or b["width"] < TARGET]


@pytest.fixture
def member(demo_accounts):
    """The demo member, owner of a company, with a logo and a photo whose stored names are
    long unbroken words (as the uploads' random names are)."""
    email, password = demo_accounts["member"]
    profile = MemberProfile.objects.select_related("organisation").get(user__email=email)
    profile.organisation.logo.save(
        "3f8a9c1d2e4b5a6978c0d1e2f3a4b5c6d7e8f9a0.png", picture((300, 120), (11, 58, 110))
    )
    profile.photo.save(
        "9d8c7b6a5f4e3d2c1b0a99887766554433221100.png", picture((200, 200), (168, 35, 42))
    )
    return email, password, profile


def test_self_service_pages_fit_a_phone_and_have_thumb_sized_targets(phone_visitor, member):
    email, password, _profile = member
    page = phone_visitor.page
    log_in(phone_visitor, email, password)

    for path in SELF_SERVICE:
        phone_visitor.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE_WIDTH, f"{path} is {width} px wide"
        assert not too_small(page, HEADER_LINKS), path
        assert not too_small(page, FOOTER_LINKS), path

    for path in ["/my/company/", "/my/profile/"]:
        phone_visitor.goto(path)
        labels = boxes(page, CHOICE_LABELS)
        assert any(label["text"] == "仅会员" for label in labels)
        assert [label for label in labels if label["height"] < TARGET] == [], path
        # The stored picture is shown and loaded; its path is not.
        preview = page.locator(".picture-input__preview")
        assert preview.evaluate("(img) => img.complete && img.naturalWidth > 0")
        assert "3f8a9c1d" not in page.locator("main").inner_text()
        assert "9d8c7b6a" not in page.locator("main").inner_text()

    # Tapping the words of a choice, not the small circle, chooses it.
    page.get_by_text("所有人", exact=True).first.click()
    assert page.locator("#id_phone_visibility_0").is_checked()


def test_a_chosen_picture_is_previewed_and_unticks_remove(phone_visitor, member):
    email, password, _profile = member
    page = phone_visitor.page
    log_in(phone_visitor, email, password)
    phone_visitor.goto("/my/company/")

    page.get_by_label("删除标志").check()
    page.get_by_label("选择新标志").set_input_files(
        files=[
            {
                "name": "new.png",
                "mimeType": "image/png",
                "buffer": picture((50, 50), (0, 0, 0)).read(),
            }
        ]
    )

    preview = page.locator(".picture-input__preview")
    assert preview.get_attribute("src").startswith("blob:")
    assert not page.get_by_label("删除标志").is_checked()
    phone_visitor.check()


def test_desktop_keeps_its_compact_header_and_choices(browser, demo_site, axe, member):
    email, password, _profile = member
    with open_visitor(browser, demo_site.url, axe, DESKTOP) as visitor:
        log_in(visitor, email, password)
        visitor.goto("/my/profile/")
        assert all(b["height"] < TARGET for b in boxes(visitor.page, HEADER_LINKS))
        assert all(b["height"] < TARGET for b in boxes(visitor.page, CHOICE_LABELS))
