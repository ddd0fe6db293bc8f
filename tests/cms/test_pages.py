import pytest
from django.urls import reverse
from django.views.defaults import server_error

from cms.models import HomePage, NewsArticlePage, NewsIndexPage, StandardPage

pytestmark = pytest.mark.django_db


def test_home_page_renders_demo_content_in_chinese(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-CN">' in html
    assert "岳阳市跨境电商协会" in html
    assert "149" in html and "会员企业" in html
    assert "最新动态" in html  # "Latest news" heading, translated
    assert "湘ICP备" in html  # the filing number line in the footer
    for article in NewsArticlePage.objects.live().order_by("-date")[:3]:
        assert article.title in html


def test_every_page_type_renders(client):
    for model in (HomePage, StandardPage, NewsIndexPage, NewsArticlePage):
        page = model.objects.live().first()
        assert page is not None, model
        response = client.get(page.url)
        assert response.status_code == 200, (model, page.url)
        assert page.title in response.content.decode()


def test_news_article_shows_date_body_tags_and_cover(client):
    article = NewsArticlePage.objects.get(slug="second-industry-conference")
    html = client.get(article.url).content.decode()
    assert "2026-02-12" in html
    assert "君山银针" in html
    assert 'class="tag"' in html and "年度大会" in html
    assert 'class="article__cover"' in html


def test_news_index_filters_by_tag(client):
    index = NewsIndexPage.objects.get()
    html = client.get(index.url, {"tag": "政策解读"}).content.decode()
    assert "出口退税线上办" in html
    assert "第二届岳阳市跨境电商产业发展大会" not in html


def add_articles(index, count):
    for number in range(count):
        index.add_child(
            instance=NewsArticlePage(
                title=f"测试新闻 {number:02d}", slug=f"test-news-{number}", date="2026-06-01"
            )
        )


def test_news_index_paginates(client):
    index = NewsIndexPage.objects.get()
    add_articles(index, NewsIndexPage.per_page)  # with the 7 demo articles: two pages
    first = client.get(index.url).content.decode()
    assert "第 1 页，共 2 页" in first
    second = client.get(index.url, {"page": 2}).content.decode()
    assert "第 2 页，共 2 页" in second
    assert "友会交流" in second  # the oldest demo articles move to page two


def test_about_page_has_charter_and_leadership(client):
    html = client.get("/about/").content.decode()
    assert "领导班子" in html and "章程要点" in html


def test_main_menu_and_footer_come_from_site_settings(client):
    html = client.get("/news/").content.decode()
    assert 'href="/about/"' in html
    assert 'href="/news/" aria-current="page"' in html
    assert "secretariat@example.com" in html


def test_unknown_page_gets_the_site_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html
    assert "岳阳市跨境电商协会" in html  # inside the site's own layout


def test_server_error_page_is_bilingual_and_standalone(rf):
    response = server_error(rf.get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "服务器出了点问题" in html and "Sorry, something went wrong" in html


def test_home_page_query_count_is_bounded(client, django_assert_max_num_queries):
    client.get("/")  # warm the per-site caches
    with django_assert_max_num_queries(25):
        client.get("/")


def test_news_index_query_count_does_not_grow_with_articles(client, django_assert_max_num_queries):
    add_articles(NewsIndexPage.objects.get(), 3)
    client.get("/news/")
    with django_assert_max_num_queries(25):
        client.get("/news/")


def test_search_finds_chinese_words_inside_sentences(client):
    response = client.get(reverse("search"), {"q": "汨罗钓具"})
    html = response.content.decode()
    assert "走进汨罗钓具产业带" in html
    assert "第二届岳阳市跨境电商产业发展大会" in html  # mentions the belt in its body


def test_search_single_character_and_english(client):
    html = client.get(reverse("search"), {"q": "茶"}).content.decode()
    assert "君山银针" in html or "茶叶" in html
    assert "个结果" in html
    html = client.get("/en/search/", {"q": "fishing tackle"}).content.decode()
    assert "Inside Miluo" in html


def test_search_with_no_match_says_so(client):
    html = client.get(reverse("search"), {"q": "不存在的词语组合"}).content.decode()
    assert "没有找到" in html
