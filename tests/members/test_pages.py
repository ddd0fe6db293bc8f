import pytest

from members.models import CommitteePage, SecretariatPage

pytestmark = pytest.mark.django_db


def test_committee_page_lists_chair_vice_chairs_and_members(client):
    committee = CommitteePage.objects.get(slug="brand")
    html = client.get(committee.url).content.decode()
    assert committee.title in html and committee.remit[:20] in html
    chair = committee.seats.get(role="chair").organisation
    assert chair.name in html
    assert "主任" in html and "副主任" in html


def test_organisation_page_links_back_to_its_committees(client):
    committee = CommitteePage.objects.get(slug="brand")
    seat = committee.seats.filter(organisation__membership__status="active").first()
    html = client.get(seat.organisation.get_absolute_url()).content.decode()
    assert committee.url in html


def test_indexes_and_secretariat_pages(client):
    assert client.get("/committees/").status_code == 200
    html = client.get("/secretariats/").content.decode()
    assert "深圳秘书处" in html
    shenzhen = SecretariatPage.objects.get(slug="shenzhen")
    html = client.get(shenzhen.url).content.decode()
    assert shenzhen.address in html
    for organisation in shenzhen.organisations.listed()[:3]:
        assert organisation.name in html
    assert "/members/?secretariat=shenzhen" in html


def test_english_directory_and_company_page(client):
    html = client.get("/en/members/").content.decode()
    assert "Member directory" in html
    committee = CommitteePage.objects.get(slug="brand")
    assert committee.title_en in client.get("/en/committees/brand/").content.decode()


def test_chinese_names_get_ascii_slugs(make_organisation):
    organisation = make_organisation(name="岳阳新港物流有限公司")
    assert organisation.slug == "yue-yang-xin-gang-wu-liu-you-xian-gong-si"
    assert organisation.get_absolute_url() == f"/members/{organisation.slug}/"
    twin = make_organisation(name="岳阳新港物流有限公司 ", name_en="")  # same letters, new name
    assert twin.slug == "yue-yang-xin-gang-wu-liu-you-xian-gong-si-2"
    assert make_organisation(name="！！！").slug == "member"
