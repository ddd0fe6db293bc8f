"""The Wagtail admin is only for organisers: to anyone else signed in it does not exist (404),
as the organisers' other screens; anonymous visitors are sent to the site's login."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(django_user_model):
    return django_user_model.objects.get(email="member@example.com")


@pytest.mark.parametrize("path", ["/admin/", "/admin/pages/", "/admin/login/?next=/admin/"])
def test_a_signed_in_member_gets_not_found_without_a_redirect_loop(client, member, path):
    client.force_login(member)
    response = client.get(path, follow=True)
    assert response.status_code == 404
    assert response.redirect_chain == []
    assert "site-header" in response.content.decode()  # the site's own 404 page


def test_anonymous_visitors_go_to_the_sites_login(client):
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/pages/"


def test_organisers_get_the_admin(client, organiser):
    client.force_login(organiser)
    assert client.get("/admin/").status_code == 200
    # An organiser sent to the admin's login goes on to the site's (and from there back in).
    assert client.get("/admin/login/?next=/admin/pages/").status_code == 302
