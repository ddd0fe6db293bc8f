import io

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from cms.models import NewsArticlePage, SiteSettings

pytestmark = pytest.mark.django_db


def counts():
    return {
        "pages": Page.objects.count(),
        "news": NewsArticlePage.objects.live().count(),
        "images": get_image_model().objects.count(),
        "users": get_user_model().objects.count(),
        "emails": EmailAddress.objects.count(),
        "tags": Tag.objects.count(),
        "sites": Site.objects.count(),
        "menu": len(SiteSettings.for_site(Site.objects.get()).main_menu),
    }


def test_load_demo_twice_gives_the_same_content():
    before = counts()  # the suite loaded the demo once already
    output = io.StringIO()
    call_command("load_demo", stdout=output)
    call_command("load_demo", stdout=io.StringIO())
    assert counts() == before
    assert before["news"] >= 6
    assert before["users"] >= 4
    printed = output.getvalue()
    for email in (
        "admin@example.com",
        "organiser@example.com",
        "member@example.com",
        "trainee@example.com",
    ):
        assert email in printed
    assert "password" in printed


def test_demo_accounts_can_log_in_with_the_printed_passwords(client, demo_accounts):
    for email, password in demo_accounts.values():
        assert client.login(email=email, password=password), email
        client.logout()


def test_demo_site_is_the_default_site_with_the_home_page_at_root():
    site = Site.objects.get()
    assert site.is_default_site
    assert site.root_page.specific.__class__.__name__ == "HomePage"
    # Wagtail's placeholder "Welcome" page is gone.
    assert not Page.objects.filter(depth=2).exclude(pk=site.root_page.pk).exists()
