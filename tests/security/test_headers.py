import pytest

pytestmark = pytest.mark.django_db


def directives(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split("; ") if part}


def test_public_pages_forbid_inline_script_and_other_hosts(client):
    policy = directives(client.get("/"))
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]


def test_only_the_admin_allows_inline_script(client, organiser):
    client.force_login(organiser)
    policy = directives(client.get("/admin/"))
    assert "'unsafe-inline'" in policy["script-src"]
    assert directives(client.get("/my/"))["script-src"] == ["'self'"]


def test_profile_text_is_escaped(client, django_user_model):
    from members import services

    member = django_user_model.objects.get(email="member@example.com")
    organisation = services.profile_of(member).organisation
    organisation.main_products = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    organisation.save()
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "<img src=x onerror" not in html
    assert "&lt;script&gt;" in html


def permissions(response):
    return dict(part.split("=", 1) for part in response["Permissions-Policy"].split(", "))


@pytest.mark.parametrize("path", ["/", "/my/", "/no-such-page/", "/healthz", "/en/events/"])
def test_every_response_denies_the_browser_features_no_page_uses(client, path):
    policy = permissions(client.get(path))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert policy[feature] == "()"


def test_only_the_check_in_page_may_use_the_camera(client, organiser):
    from tests.events.conftest import create_event

    event = create_event()
    client.force_login(organiser)
    check_in = client.get(f"/events/{event.pk}/check-in/")
    assert check_in.status_code == 200
    assert permissions(check_in)["camera"] == "(self)"
    assert permissions(check_in)["microphone"] == "()"
    assert permissions(client.get(f"/events/{event.pk}/check-in/counts/"))["camera"] == "()"
