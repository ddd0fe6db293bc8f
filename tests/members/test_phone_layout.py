"""The member self-service pages as a person sees them: a picture field that shows the picture
(not its stored path), radio groups named by a legend, colleagues as a list that fits a phone.
The browser half (widths and tap targets at 390 px) is tests/e2e/test_phone_layout.py."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from members.models import MemberProfile

pytestmark = pytest.mark.django_db


def png_bytes(size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 58, 110)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def owner(client, make_organisation, make_member):
    organisation = make_organisation(name="版式测试有限公司")
    user = make_member(organisation, "layout-owner@example.com")
    client.force_login(user)
    return user, organisation


def visible_text(html):
    return re.sub(r"<[^>]*>", " ", html)


def form_data(response, *, skip):
    """The form's current values as a browser would post them back, files left out."""
    form = response.context["form"]
    data = {}
    for name in form.fields:
        if name == skip:
            continue
        value = form[name].value()
        if isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        else:
            data[name] = "" if value is None else value
    return data


def test_the_logo_field_shows_the_picture_not_its_stored_path(client, owner):
    _user, organisation = owner
    organisation.logo.save("stored-logo-name.png", ContentFile(png_bytes()))

    html = client.get(reverse("my:edit_organisation")).content.decode()

    assert "stored-logo-name" not in visible_text(html)
    assert f'href="{organisation.logo.url}"' not in html  # Django's link to the stored file
    assert "目前" not in html and "更改" not in html  # Django's "Currently" / "Change"
    preview = re.search(r'<img class="picture-input__preview" src="([^"]+)" alt="([^"]+)">', html)
    assert preview and preview.group(1) == organisation.logo.url
    assert preview.group(2) == "当前标志"
    assert '<label class="picture-input__choose" for="id_logo">选择新标志</label>' in html
    file_input = re.search(r'<input type="file" name="logo"[^>]*>', html).group(0)
    assert 'accept="image/png,image/jpeg,image/webp"' in file_input
    assert "checked" not in file_input
    assert re.search(r'<input type="checkbox" name="logo-clear" id="logo-clear_id"> 删除标志', html)
    assert "不超过 2 MB" in html and "600 像素" in html
    # The label names the group of preview, chooser and remove box.
    assert re.search(r'<fieldset class="field field--group field--picture"[^>]*>\s*<legend>', html)


def test_without_a_logo_there_is_no_preview_and_nothing_to_remove(client, owner):
    html = client.get(reverse("my:edit_organisation")).content.decode()
    assert "picture-input__preview" not in html
    assert '<label class="picture-input__choose" for="id_logo">选择标志</label>' in html
    assert "logo-clear" not in html


def test_remove_logo_clears_it(client, owner):
    _user, organisation = owner
    organisation.logo.save("to-remove.png", ContentFile(png_bytes()))
    url = reverse("my:edit_organisation")
    data = form_data(client.get(url), skip="logo")
    data["logo-clear"] = "on"

    response = client.post(url, data)

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert not organisation.logo


def test_after_a_refused_upload_the_stored_logo_is_still_shown(client, owner):
    _user, organisation = owner
    organisation.logo.save("kept.png", ContentFile(png_bytes()))
    stored = organisation.logo.name
    url = reverse("my:edit_organisation")
    data = form_data(client.get(url), skip="logo")
    data["logo"] = SimpleUploadedFile("fake.png", b"not a picture", "image/png")

    response = client.post(url, data)

    assert response.status_code == 200
    assert response.context["form"].errors["logo"]
    html = response.content.decode()
    assert f'src="{organisation.logo.url}"' in html
    assert "fake.png" not in html
    organisation.refresh_from_db()
    assert organisation.logo.name == stored


def test_the_profile_photo_field_shows_the_photo(client, owner):
    user, _organisation = owner
    profile = MemberProfile.objects.get(user=user)
    profile.photo.save("stored-photo-name.jpg", ContentFile(png_bytes()))

    html = client.get(reverse("my:edit_profile")).content.decode()

    assert "stored-photo-name" not in visible_text(html)
    assert f'src="{profile.photo.url}" alt="当前照片"' in html
    assert '<label class="picture-input__choose" for="id_photo">选择新照片</label>' in html
    assert "删除照片" in html


def test_visibility_radios_are_a_group_named_by_a_legend(client, owner):
    html = client.get(reverse("my:edit_profile")).content.decode()
    group = re.search(
        r'<fieldset class="field field--group field--radioselect"[^>]*>\s*<legend>([^<]+)</legend>'
        r'.*?name="phone_visibility"',
        html,
        re.S,
    )
    assert group and group.group(1) == "电话公开范围："
    # Each choice's text is inside its label, so the whole label is the tap target.
    assert re.search(r'<label for="id_phone_visibility_0"><input type="radio"[^>]*>\s*所有人', html)


def test_colleagues_are_a_list_not_a_table(client, owner, make_member):
    user, organisation = owner
    make_member(
        organisation, "long.colleague.address@example.com", MemberProfile.Role.EDITOR, name="周晓"
    )

    html = client.get(reverse("my:colleagues")).content.decode()

    assert "<table" not in html
    people = re.findall(r'<li class="people-list__item">(.*?)</li>', html, re.S)
    assert len(people) == 2
    colleague = next(p for p in people if "周晓" in p)
    assert "long.colleague.address@example.com" in colleague
    assert '<span class="badge">编辑</span>' in colleague
    # Each remove button says whom it removes; there is none for oneself.
    assert '移除<span class="visually-hidden"> 周晓</span>' in colleague
    own = next(p for p in people if user.email in p)
    assert "<button" not in own
