import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cms.models import HomePage, NewsArticlePage, NewsIndexPage, StandardPage
from cms.search import index_terms
from events.models import Audience, EventIndexPage, EventKind, EventPage
from members.models import Market, Membership, Organisation, SalesPlatform
from tests.members.conftest import make_organisation, tea, yueyang  # noqa: F401

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def publish_event(title, start, **fields):
    index = EventIndexPage.objects.get()
    event = EventPage(
        title=title,
        slug=fields.pop("slug", f"search-test-{start:%Y%m%d%H%M}"),
        kind=EventKind.MEETUP,
        start=start,
        end=start + datetime.timedelta(hours=2),
        venue=fields.pop("venue", "协会会议室"),
        **fields,
    )
    index.add_child(instance=event)
    event.save_revision().publish()
    return event


def search(client, q, prefix=""):
    response = client.get(f"{prefix}/search/", {"q": q})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    "q",
    [
        '"',
        '浮漂"',
        '"unterminated phrase',
        "浮漂\x00",
        "\x07\x1b[31m",
        "AND",
        "OR NOT",
        "NEAR(",
        "- * ^ : ( ) { } + ~",
        "'",
        "\\",
        "%_",
        "a" * 5000,
        "浮漂" * 3000,
        "钓 " * 500,
    ],
)
def test_hostile_queries_answer_with_a_page(client, q):
    html = search(client, q)
    assert "个结果" in html or "没有找到" in html


def test_query_of_control_characters_only_is_no_query(client):
    html = search(client, "\x00\x01 \x7f")
    assert 'name="q" value=""' in html
    assert "没有找到" not in html


def test_query_that_is_not_utf8_answers_with_a_page(client):
    response = client.get("/search/?q=%FF%FE%00")
    assert response.status_code == 200
    assert "没有找到" in response.content.decode()


def test_query_reaches_the_index_as_plain_words_only():
    terms = index_terms('"汨罗钓具" AND (night*) -fishing ^x: NEAR(a) _')
    assert terms == ["汨罗", "罗钓", "钓具", "AND", "night", "fishing", "x", "NEAR", "a"]
    assert index_terms("＂Ｍｉｌｕｏ２０２６＂（钓具）") == ["Miluo2026", "钓具"]
    assert len(index_terms("浮漂" * 3000)) <= 12


def test_quotes_around_words_still_find_them(client):
    html = search(client, '"汨罗钓具"')
    assert "走进汨罗钓具产业带" in html


def test_product_term_finds_the_member_company(client, make_organisation, tea):  # noqa: F811
    company = make_organisation(
        name="测试夜光渔具有限公司", city="汨罗市", main_products="夜光浮漂、碳素鱼竿"
    )
    html = search(client, "夜光浮漂")
    assert f'<a href="{company.get_absolute_url()}">测试夜光渔具有限公司</a>' in html
    assert f"{tea} · 汨罗市 · 夜光浮漂、碳素鱼竿" in html
    assert '<span class="badge">会员企业</span>' in html


def test_demo_float_makers_are_found_as_in_the_directory(client):
    count = Organisation.objects.listed().search("浮漂").count()
    html = search(client, "浮漂")
    assert count > 5  # five are listed, the directory link has them all
    assert html.count('<span class="badge">会员企业</span>') == 5
    assert f"在会员名录中查看全部 {count} 家企业" in html
    assert f"{reverse('members:directory')}?q=%E6%B5%AE%E6%BC%82" in html


def test_english_name_market_and_platform_find_the_company(client, make_organisation):  # noqa: F811
    company = make_organisation(name="测试羽毛浮漂有限公司", name_en="Quillfloat Testing Co.")
    company.export_markets.add(Market.objects.create(name="测试瓦努阿图", name_en="Testvanuatu"))
    company.platforms.add(SalesPlatform.objects.create(name="测试集市", name_en="Testbazaar"))
    for q in ["quillfloat", "瓦努阿图", "testvanuatu", "Testbazaar"]:
        assert "测试羽毛浮漂有限公司" in search(client, q), q


@pytest.mark.parametrize("status", [Membership.Status.LAPSED, Membership.Status.SUSPENDED])
def test_company_hidden_from_the_directory_is_not_found(client, make_organisation, status):  # noqa: F811
    make_organisation(name="测试停会渔具有限公司", main_products="磷光浮漂", status=status)
    make_organisation(name="测试在会渔具有限公司", main_products="磷光浮漂")
    html = search(client, "磷光浮漂")
    assert "测试在会渔具有限公司" in html
    assert "测试停会渔具有限公司" not in html


def test_events_upcoming_past_and_members_only_are_found(client):
    upcoming = publish_event(
        "测试夜钓交流会",
        datetime.datetime(2031, 6, 1, 1, 30, tzinfo=UTC),
        venue="汨罗钓具产业园",
    )
    publish_event("测试夜钓复盘会", datetime.datetime(2020, 3, 1, 6, 0, tzinfo=UTC))
    publish_event(
        "测试夜钓会员专场",
        datetime.datetime(2031, 7, 1, 2, 0, tzinfo=UTC),
        audience=Audience.MEMBERS,
    )
    html = search(client, "夜钓")
    assert f'href="{upcoming.url}"' in html
    assert "2031-06-01 09:30 · 汨罗钓具产业园" in html  # Asia/Shanghai
    assert "测试夜钓复盘会" in html
    assert "2020-03-01 14:00" in html
    assert "测试夜钓会员专场" in html
    assert html.count('<span class="badge">活动</span>') == 3


def test_unpublished_event_is_not_found(client):
    event = publish_event("测试夜钓撤回会", datetime.datetime(2031, 8, 1, 2, 0, tzinfo=UTC))
    event.unpublish()
    assert "测试夜钓撤回会" not in search(client, "夜钓撤回")


def test_result_kinds_are_shown(client):
    html = search(client, "成长营")
    assert '<span class="badge">培训</span>' in html
    assert '<span class="badge">新闻</span>' in search(client, "汨罗钓具")
    assert '<span class="badge">页面</span>' in search(client, "章程要点")
    assert '<span class="badge">委员会</span>' in search(client, "委员会")


def test_english_labels_under_en(client, make_organisation):  # noqa: F811
    make_organisation(
        name="测试夜光渔具有限公司", name_en="Test Glow Tackle Co.", main_products="夜光浮漂"
    )
    publish_event(
        "测试夜光浮漂交流会",
        datetime.datetime(2031, 6, 1, 1, 30, tzinfo=UTC),
        title_en="Glow Float Meetup",
    )
    html = search(client, "夜光浮漂", prefix="/en")
    assert "Member companies" in html
    assert '<span class="badge">Member company</span>' in html
    assert "Test Glow Tackle Co." in html
    assert '<span class="badge">Event</span>' in html
    assert "Glow Float Meetup" in html
    assert "results for" in html
    assert "Nothing found for" in search(client, "不存在的词语组合", prefix="/en")


def add_pages(word, count):
    """`count` each of news articles, standard pages and events whose titles hold `word`."""
    news, home = NewsIndexPage.objects.get(), HomePage.objects.get()
    for number in range(count):
        news.add_child(
            instance=NewsArticlePage(
                title=f"测试{word}新闻{number}", slug=f"news-{word}-{number}", date="2026-06-01"
            )
        )
        home.add_child(
            instance=StandardPage(title=f"测试{word}页面{number}", slug=f"p-{word}-{number}")
        )
        publish_event(
            f"测试{word}交流会第{number}场",
            datetime.datetime(2031, 6, 1 + number, 1, 30, tzinfo=UTC),
            slug=f"event-{word}-{number}",
        )


def test_search_queries_are_bounded(client, make_organisation, django_assert_max_num_queries):  # noqa: F811
    make_organisation(name="测试磷光渔具有限公司", main_products="磷光浮漂")
    add_pages("磷光浮漂", 1)
    for number in range(8):
        make_organisation(name=f"测试夜光渔具{number}号有限公司", main_products="夜光浮漂")
    add_pages("夜光浮漂", 3)
    search(client, "夜光浮漂")  # the site shell's logo renditions are made once, here
    with CaptureQueriesContext(connection) as few:
        html = search(client, "磷光浮漂")
    for kind, count in [("会员企业", 1), ("新闻", 1), ("页面", 1), ("活动", 1)]:
        assert html.count(f'<span class="badge">{kind}</span>') == count
    assert len(few) <= 12
    # Eight companies (five shown) and nine pages of three types: no query more.
    with django_assert_max_num_queries(len(few)):
        html = search(client, "夜光浮漂")
    for kind, count in [("会员企业", 5), ("新闻", 3), ("页面", 3), ("活动", 3)]:
        assert html.count(f'<span class="badge">{kind}</span>') == count
