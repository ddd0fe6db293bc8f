import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_chinese_is_the_default_whatever_the_browser_says(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="zh-CN">' in html
    assert "登录" in html


def test_english_pages_live_under_en(client):
    response = client.get("/en/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "From Yueyang&#x27;s industrial belts to the world" in html
    assert "Log in" in html and "Latest news" in html
    assert 'href="/en/about/"' in html  # menu links stay in English
    assert "Yueyang Cross-border E-commerce Association" in html


def test_switcher_links_to_the_same_page_in_the_other_language(client):
    html = client.get("/news/eight-secretariats/").content.decode()
    assert 'href="/en/news/eight-secretariats/" lang="en"' in html
    html = client.get("/en/news/eight-secretariats/").content.decode()
    assert 'href="/news/eight-secretariats/" lang="zh-CN"' in html
    assert "Eight city secretariats now serve" in html


def test_untranslated_fields_fall_back_to_chinese(client):
    from cms.models import NewsArticlePage

    article = NewsArticlePage.objects.get(slug="eight-secretariats")
    article.title_en = ""
    article.save_revision().publish()
    html = client.get("/en/news/eight-secretariats/").content.decode()
    assert "八个城市秘书处全面运转" in html


def test_account_pages_and_errors_are_in_english_under_en(client):
    html = client.get("/en/accounts/login/").content.decode()
    assert "Sign In" in html and "Password" in html
    response = client.post("/en/accounts/login/", {"login": "x@example.com", "password": "bad"})
    assert "not correct" in response.content.decode()


def test_search_page_is_translated(client):
    assert "搜索" in client.get(reverse("search")).content.decode()
    assert "Search for" in client.get("/en/search/").content.decode()


def test_dates_are_shown_in_shanghai_time():
    from django.conf import settings

    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.LANGUAGE_CODE == "zh-hans"
