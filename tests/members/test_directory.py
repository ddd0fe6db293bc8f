import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import (
    CommitteePage,
    CommitteeSeat,
    Industry,
    Market,
    Membership,
    Organisation,
    SalesPlatform,
    SecretariatPage,
)

pytestmark = pytest.mark.django_db


def names(response):
    return {row["organisation"].name for row in response.context["rows"]}


def get(client, **params):
    return client.get(reverse("members:directory"), {"per_page": 100, **params})


@pytest.fixture
def sample(make_organisation):
    """Two companies that differ in every filterable way, amid the demo's 140 active ones."""
    fish = Industry.objects.get(slug="fishing-tackle")
    shenzhen = SecretariatPage.objects.get(slug="shenzhen")
    one = make_organisation(
        name="甲测试钓具有限公司",
        industry=fish,
        city="汨罗市",
        secretariat=shenzhen,
        trade_band="over-1b",
        tier="vice-president",
        main_products="碳素钓竿",
    )
    two = make_organisation(
        name="乙测试茶业有限公司", city="君山区", trade_band="under-10m", main_products="君山银针"
    )
    one.export_markets.set([Market.objects.get(code="US"), Market.objects.get(code="JP")])
    two.export_markets.set([Market.objects.get(code="DE")])
    one.platforms.set([SalesPlatform.objects.get(slug="amazon")])
    two.platforms.set([SalesPlatform.objects.get(slug="temu")])
    committee = CommitteePage.objects.get(slug="logistics")
    CommitteeSeat.objects.create(committee=committee, organisation=one, role="member")
    return one, two


@pytest.mark.parametrize(
    ("param", "value", "expect_one"),
    [
        ("industry", "fishing-tackle", True),
        ("industry", "tea", False),
        ("city", "汨罗市", True),
        ("secretariat", "shenzhen", True),
        ("committee", "logistics", True),
        ("market", "us", True),
        ("market", "de", False),
        ("platform", "amazon", True),
        ("platform", "temu", False),
        ("trade_band", "over-1b", True),
        ("trade_band", "under-10m", False),
        ("tier", "vice-president", True),
    ],
)
def test_each_filter(client, sample, param, value, expect_one):
    one, two = sample
    response = get(client, **{param: value})
    found = names(response)
    assert (one.name in found) is expect_one
    assert (two.name in found) is (not expect_one)
    queryset = response.context["page_obj"].paginator.object_list
    for org in queryset:
        assert org.membership.status == Membership.Status.ACTIVE


def test_filters_combine_and_stay_in_the_url(client, sample):
    one, _two = sample
    response = get(
        client, q="测试", industry="fishing-tackle", market="us", platform="amazon", city="汨罗市"
    )
    assert names(response) == {one.name}
    html = response.content.decode()
    assert 'value="us" selected' in html and 'value="汨罗市" selected' in html
    assert get(client, q="测试", industry="fishing-tackle", market="de").context["rows"] == []


def test_options_show_counts_over_the_current_results(client, sample):
    response = get(client, industry="fishing-tackle")
    facets = {facet["name"]: facet for facet in response.context["facets"]}
    total = response.context["page_obj"].paginator.count
    industry = {option["value"]: option["count"] for option in facets["industry"]["options"]}
    assert industry["fishing-tackle"] == total
    # The other industries stay selectable (without a number) so the choice can be switched.
    assert industry["tea"] is None
    markets = {option["value"]: option["count"] for option in facets["market"]["options"]}
    expected_us = (
        Organisation.objects.listed()
        .filter(industry__slug="fishing-tackle", export_markets__code="US")
        .count()
    )
    assert markets["us"] == expected_us
    assert f"({total})" in response.content.decode()


def test_search_finds_chinese_words_products_and_markets(client, sample):
    one, two = sample
    assert names(get(client, q="碳素钓竿")) >= {one.name}
    assert two.name in names(get(client, q="银针"))
    assert one.name in names(get(client, q="测试 钓具"))
    assert one.name in names(get(client, q="japan"))  # market names, English too


def test_lapsed_and_suspended_are_left_out(client, make_organisation):
    make_organisation(name="暂停的公司有限公司", status="suspended")
    assert "暂停的公司有限公司" not in names(get(client, q="暂停"))


def test_the_order_puts_leaders_first(client):
    rows = get(client).context["rows"]
    ranks = [row["organisation"].membership.tier_rank for row in rows]
    assert ranks == sorted(ranks)
    assert rows[0]["organisation"].membership.tier == "president"


def test_bad_filter_values_are_ignored_not_errors(client):
    response = get(client, industry="no-such", page="x", per_page="7")
    assert response.status_code == 200


@pytest.fixture
def two_thousand(tea, yueyang):
    """2,000 active companies (with markets) in a handful of bulk queries."""
    existing = Organisation.objects.count()
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"批量公司{number:04d}",
            slug=f"bulk-{number}",
            industry=tea,
            city="岳阳楼区",
            secretariat=yueyang,
            sort_key=f"pi liang {number:04d}",
            search_text=f"批量公司{number:04d}",
        )
        for number in range(2000 - existing)
    )
    Membership.objects.bulk_create(
        Membership(organisation=org, term_start="2026-01-01", term_end="2030-12-31")
        for org in organisations
    )
    markets = list(Market.objects.all()[:3])
    Organisation.export_markets.through.objects.bulk_create(
        Organisation.export_markets.through(organisation=org, market=market)
        for org in organisations
        for market in markets
    )
    assert Organisation.objects.count() >= 2000


def count_queries(client, **params):
    client.get(reverse("members:directory"), params)  # warm the cached filter options
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("members:directory"), params)
    assert response.status_code == 200
    return len(queries)


def test_directory_queries_do_not_grow_with_data_or_page_size(
    client, two_thousand, django_assert_max_num_queries
):
    small = count_queries(client, per_page=20)
    large = count_queries(client, per_page=100)
    filtered = count_queries(client, per_page=100, industry="tea", market="us", q="批量")
    assert small == large
    assert filtered <= large + 1
    with django_assert_max_num_queries(10):
        client.get(reverse("members:directory"), {"per_page": 100, "industry": "tea"})


def test_one_bad_value_keeps_the_other_selections(client, sample):
    response = get(client, industry="fishing-tackle", market="no-such-market")
    facets = {facet["name"]: facet for facet in response.context["facets"]}
    assert facets["industry"]["selected"] == "fishing-tackle"
    assert response.context["active_filters"] == 1


def test_city_filter_works_for_any_city(client, make_organisation):
    make_organisation(name="偏远县公司有限公司", city="偏远县")
    assert names(get(client, city="偏远县")) == {"偏远县公司有限公司"}
