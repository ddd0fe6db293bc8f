import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page

pytestmark = pytest.mark.django_db


def test_organisers_group_is_created_by_migration_with_admin_and_page_permissions():
    group = Group.objects.get(name="Organisers")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"access_admin", "change_sitesettings"} <= codenames
    page_perms = set(group.page_permissions.values_list("permission__codename", flat=True))
    assert {"add_page", "change_page", "publish_page"} <= page_perms
    assert group.page_permissions.get(permission__codename="publish_page").page == (
        Page.get_first_root_node()
    )
    collection_perms = set(
        group.collection_permissions.values_list("permission__codename", flat=True)
    )
    assert {"add_image", "choose_image", "add_document"} <= collection_perms


def test_organiser_can_edit_pages_and_settings_in_the_admin(client, demo_accounts):
    email, password = demo_accounts["organiser"]
    client.login(email=email, password=password)
    home = Page.objects.get(depth=2)
    assert client.get(f"/admin/pages/{home.pk}/edit/").status_code == 200
    response = client.get("/admin/settings/cms/sitesettings/")
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert client.get(response.url).status_code == 200


def test_admin_is_in_chinese_for_organisers(client, demo_accounts):
    email, password = demo_accounts["organiser"]
    client.login(email=email, password=password)
    html = client.get("/admin/").content.decode()
    assert "控制面板" in html  # "Dashboard"
