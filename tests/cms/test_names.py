"""Names refuse invisible characters that can disguise them (direction overrides, zero-width
characters, other format characters), with a Chinese message, keeping the rest of the form;
the middle dot of transcribed names stays allowed."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from cms.validators import validate_display_multiline_text, validate_display_text

pytestmark = pytest.mark.django_db

PASSWORD = "Lake-Dongting-2026"
REFUSED = [
    "\u202e",  # right-to-left override
    "\u202a",  # left-to-right embedding
    "\u2066",  # left-to-right isolate
    "\u2069",  # pop directional isolate
    "\u200b",  # zero-width space
    "\u200d",  # zero-width joiner
    "\u200f",  # right-to-left mark
    "\ufeff",  # byte order mark
    "\u061c",  # Arabic letter mark
    "\u00ad",  # soft hyphen
    "\u2060",  # word joiner
    "\x07",  # a control character
]
ALLOWED = ["王磊", "阿依古丽·买买提", "巴特尔•额尔敦", "Amy Lin", "O'Brien-Zhang", "李 明"]


@pytest.mark.parametrize("char", REFUSED)
def test_invisible_characters_are_refused(char):
    with pytest.raises(ValidationError) as error:
        validate_display_text(f"刘{char}芳")
    assert f"U+{ord(char):04X}" in error.value.messages[0]


@pytest.mark.parametrize("name", ALLOWED)
def test_names_people_write_are_allowed(name):
    validate_display_text(name)


def test_multiline_text_keeps_its_line_breaks_but_not_the_rest():
    validate_display_multiline_text("第一行\n第二行\r\n\t缩进")
    with pytest.raises(ValidationError):
        validate_display_multiline_text("第一行\n\u202e第二行")
    with pytest.raises(ValidationError):
        validate_display_text("第一行\n第二行")


def test_the_model_field_refuses_them():
    user = get_user_model()(email="model@example.com", name="刘\u200b芳")
    with pytest.raises(ValidationError) as error:
        user.full_clean(exclude=["password"])
    assert "name" in error.value.message_dict


def test_sign_up_refuses_them_in_chinese_and_keeps_what_was_typed(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "spoof@example.com",
            "name": "刘芳\u202egnp.exe",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "consent": "on",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "不可见字符（U+202E）" in html
    assert 'value="spoof@example.com"' in html
    assert "gnp.exe" in html
    assert not get_user_model().objects.filter(email="spoof@example.com").exists()


def test_the_profile_form_refuses_them_and_keeps_what_was_typed(client, make_user):
    user = make_user(email="profile@example.com", name="陈思远")
    client.force_login(user)
    response = client.post(reverse("dashboard"), {"name": "陈\u200b思远", "language": "en"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "不可见字符（U+200B）" in html
    assert "思远" in html
    assert '<option value="en" selected>' in html
    user.refresh_from_db()
    assert (user.name, user.language) == ("陈思远", "zh-hans")


def test_the_profile_form_takes_a_transcribed_name(client, make_user):
    user = make_user(email="uyghur@example.com")
    client.force_login(user)
    response = client.post(reverse("dashboard"), {"name": "阿依古丽·买买提", "language": "zh-hans"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.name == "阿依古丽·买买提"


def test_english_pages_say_it_in_english(client):
    response = client.post(
        "/en/accounts/signup/",
        {
            "email": "spoof@example.com",
            "name": "Amy\u200bLin",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "consent": "on",
        },
    )
    assert "invisible characters (U+200B)" in response.content.decode()
