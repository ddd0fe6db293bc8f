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
