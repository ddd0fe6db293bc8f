"""A member's download of the directory is logged and limited like the organisers' exports."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from members.views import EXPORT_RATE

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(make_organisation, make_member):
    organisation = make_organisation(name="导出测试有限公司")
    return make_member(organisation, "exporter@example.com")


def test_a_members_export_is_logged(client, member):
    client.force_login(member)
    response = client.get(reverse("members:directory_export"), {"q": "导出测试"})
    assert response.status_code == 200
    entry = ModelLogEntry.objects.get(action="portal.exported", user=member)
    assert entry.data["list"] == "member-directory"
    assert entry.data["filters"] == {"q": "导出测试"}
    assert entry.data["rows"] == 1


def test_a_member_cannot_scrape_the_directory(client, member):
    client.force_login(member)
    limit = int(EXPORT_RATE.split("/")[0])
    for _attempt in range(limit):
        assert client.get(reverse("members:directory_export")).status_code == 200
    response = client.get(reverse("members:directory_export"))
    assert response.status_code == 429
    assert ModelLogEntry.objects.filter(action="portal.exported", user=member).count() == limit
