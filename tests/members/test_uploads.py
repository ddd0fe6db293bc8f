import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

pytestmark = pytest.mark.django_db


def png_bytes(size=(40, 30), colour=(200, 30, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def owner_client(client, make_organisation, make_member):
    organisation = make_organisation(name="上传测试有限公司")
    client.force_login(make_member(organisation, "uploader@example.com"))
    return client, organisation


def post_logo(client, upload):
    form = client.get(reverse("my:edit_organisation")).context["form"]
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k != "logo"}
    data["export_markets"] = []
    data["platforms"] = []
    data["logo"] = upload
    return client.post(reverse("my:edit_organisation"), data)


def test_a_real_picture_is_accepted_and_re_encoded(owner_client):
    client, organisation = owner_client
    response = post_logo(client, SimpleUploadedFile("logo.png", png_bytes(), "image/png"))
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.logo.name.startswith("logos/")
    assert organisation.logo.name != "logos/logo.png"  # renamed, re-encoded
    with Image.open(organisation.logo.path) as stored:
        assert stored.size == (40, 30)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("logo.png", b"this is not an image at all"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("logo.png", b"%PDF-1.4 pretending"),
    ],
)
def test_non_images_are_refused_with_a_message_and_nothing_saved(owner_client, name, content):
    client, organisation = owner_client
    response = post_logo(client, SimpleUploadedFile(name, content, "image/png"))
    assert response.status_code == 200
    assert "不是我们能读取的图片" in response.content.decode() or response.context["form"].errors
    assert response.context["form"].errors["logo"]
    organisation.refresh_from_db()
    assert not organisation.logo


def test_oversized_files_are_refused(owner_client):
    client, organisation = owner_client
    big = SimpleUploadedFile("big.png", b"\x89PNG" + b"0" * (2 * 1024 * 1024 + 10), "image/png")
    response = post_logo(client, big)
    assert response.status_code == 200
    assert response.context["form"].errors["logo"]
