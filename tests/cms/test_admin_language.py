"""The Wagtail admin in one language: Chinese by default, English when an organiser chooses it.

Wagtail's own zh_Hans catalogue lacks several hundred of its strings (the dashboard's summary,
listing headers, editor banners, validation messages, the sidebar's JavaScript strings); the
site's catalogue (cms/locale, first in LOCALE_PATHS) supplies them. The browser walk through
every screen is tests/e2e/test_admin_language.py; these check the catalogue itself and the
strings an organiser meets first.
"""

import importlib
import json
import re
from pathlib import Path

import pytest
import wagtail
from django.apps import apps
from django.utils import translation
from django.utils.translation import gettext, ngettext, npgettext, pgettext
from django.utils.translation.trans_real import DjangoTranslation
from wagtail.models import Collection, Page, Task, Workflow
from wagtail.users.models import UserProfile

pytestmark = pytest.mark.django_db

WAGTAIL = Path(wagtail.__file__).parent
# The Wagtail apps the site installs; each ships its English msgids in locale/en.
INSTALLED = [
    "",
    "admin",
    "users",
    "images",
    "documents",
    "snippets",
    "search",
    "sites",
    "embeds",
    "contrib/forms",
    "contrib/redirects",
    "contrib/settings",
    "contrib/search_promotions",
]
# Said the same way in Chinese, or (content translations are off) never shown.
SAME_IN_CHINESE = {
    "URL",
    "ID",
    "Wagtail API v2",
    "Wagtail API v3",
    "Deleting this page will also delete %(translation_count)s translation of this page.",
}
CJK = re.compile(r"[\u3400-\u9fff\uff01-\uff5e]")


def unquote(text):
    return text[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")


def msgids(path):
    """(msgctxt, msgid, msgid_plural) of each entry of a .po file."""
    entries, entry, key = [], {}, None
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) (".*")$', line)
        if match:
            key, value = match.groups()
            if key in ("msgctxt", "msgid") and "msgid" in entry and "msgstr" in str(entry):
                entries.append(entry)
                entry = {}
            entry[key] = unquote(value)
        elif line.startswith('"') and key:
            entry[key] += unquote(line)
        elif not line.strip() and "msgid" in entry:
            entries.append(entry)
            entry, key = {}, None
    if "msgid" in entry:
        entries.append(entry)
    return [(e.get("msgctxt"), e["msgid"], e.get("msgid_plural")) for e in entries if e["msgid"]]


def untranslated(entries, catalogue):
    missing = []
    for context, msgid, plural in entries:
        if msgid in SAME_IN_CHINESE:
            continue
        if plural:
            if context:
                shown = catalogue.npgettext(context, msgid, plural, 2)
            else:
                shown = catalogue.ngettext(msgid, plural, 2)
            untouched = shown == plural
        else:
            shown = catalogue.pgettext(context, msgid) if context else catalogue.gettext(msgid)
            untouched = shown == msgid
        if untouched:
            missing.append(msgid)
    return missing


class ActiveCatalogue:
    """gettext and friends in the language active now, as views see them."""

    gettext = staticmethod(gettext)
    ngettext = staticmethod(ngettext)
    pgettext = staticmethod(pgettext)
    npgettext = staticmethod(npgettext)


def test_every_wagtail_admin_string_has_chinese():
    entries = []
    for app in INSTALLED:
        entries += msgids(WAGTAIL / app / "locale/en/LC_MESSAGES/django.po")
    with translation.override("zh-hans"):
        missing = untranslated(entries, ActiveCatalogue)
    assert not missing, f"{len(missing)} without Chinese:\n" + "\n".join(missing)


def test_every_string_of_the_admin_javascript_has_chinese():
    # What the admin's /admin/jsi18n/ serves: Wagtail's djangojs catalogue, LOCALE_PATHS first.
    catalogue = DjangoTranslation(
        "zh-hans", domain="djangojs", localedirs=[str(WAGTAIL / "admin/locale")]
    )
    entries = msgids(WAGTAIL / "admin/locale/en/LC_MESSAGES/djangojs.po")
    missing = untranslated(entries, catalogue)
    assert not missing, "\n".join(missing)


def test_messages_an_organiser_meets_while_editing_are_chinese():
    with translation.override("zh-hans"):
        assert gettext("The page could not be saved due to validation errors.") == (
            "存在校验错误，页面未能保存。"
        )
        assert gettext("The page could not be created due to validation errors.") == (
            "存在校验错误，页面未能创建。"
        )
        assert gettext("Autosave is paused") == "自动保存已暂停"
        assert gettext("Search all pages…") == "搜索全部页面…"
        assert gettext("Pages") == "页面"  # never 分页, the pagination's word
        assert pgettext("pagination", "Pages") == "分页"
        assert ngettext("1 snippet type", "%(counter)s snippet types", 3) % {"counter": 3} == (
            "3 种片段类型"
        )


@pytest.fixture
def organiser_client(client, demo_accounts):
    email, password = demo_accounts["organiser"]
    assert client.login(email=email, password=password)
    return client


@pytest.fixture
def english_organiser_client(organiser_client, organiser):
    profile = UserProfile.get_for_user(organiser)
    profile.preferred_language = "en"
    profile.save()
    return organiser_client


def test_dashboard_counts_and_search_are_in_chinese(organiser_client):
    html = organiser_client.get("/admin/").content.decode()
    pages = Page.objects.filter(depth__gt=1).count()
    assert f"{pages} 个页面" in html
    assert "张图片" in html and "个文档" in html
    assert 'placeholder="搜索全部页面…"' in html
    for english in ("Search all pages", " Pages <span", " Images <span", "created in"):
        assert english not in html
    assert "分页" not in html


def test_explorer_names_the_root_in_chinese(organiser_client):
    html = organiser_client.get("/admin/pages/").content.decode()
    assert "浏览" in html and "根目录" in html
    assert "在这里创建的页面无法通过任何网址访问" in html
    assert "Exploring" not in html and "Root" not in html


def test_wagtails_default_workflow_and_root_collection_have_chinese_names():
    assert Workflow.objects.filter(name="内容审核流程").exists()
    assert Task.objects.filter(name="审核员审批").exists()
    assert Collection.get_first_root_node().name == "根目录"
    assert not Workflow.objects.filter(name="Moderators approval").exists()


def test_the_migration_renames_only_what_wagtail_named():
    migration = importlib.import_module("cms.migrations.0009_wagtail_defaults_in_chinese")
    default = Workflow.objects.create(name="Moderators approval")
    ours = Workflow.objects.create(name="Moderators approval (ours)")
    migration.to_chinese(apps, None)
    default.refresh_from_db()
    ours.refresh_from_db()
    assert default.name == "内容审核流程"
    assert ours.name == "Moderators approval (ours)"


def test_the_page_editor_submits_to_the_workflow_in_chinese(organiser_client):
    home = Page.objects.get(depth=2)
    html = organiser_client.get(f"/admin/pages/{home.pk}/edit/").content.decode()
    assert "提交给内容审核流程" in html
    assert "Moderators approval" not in html
    assert "Autosave is paused" not in html


def test_listing_sort_buttons_and_empty_results_are_chinese(organiser_client):
    html = organiser_client.get("/admin/images/").content.decode()
    assert "网格视图" in html and "使用次数（从多到少）" in html
    assert "Grid layout" not in html and "(A -> Z)" not in html


def test_the_sidebars_javascript_strings_are_served_in_chinese(organiser_client):
    catalogue = organiser_client.get("/admin/jsi18n/").content.decode()
    assert json.dumps("（此菜单中有")[1:-1] in catalogue  # "(2 new items in this menu)"
    assert json.dumps("插入区块")[1:-1] in catalogue


def test_an_organiser_who_chooses_english_gets_english(english_organiser_client):
    client = english_organiser_client
    html = client.get("/admin/").content.decode()
    assert 'placeholder="Search all pages…"' in html
    assert "搜索全部页面" not in html and "个页面" not in html
    catalogue = client.get("/admin/jsi18n/").content.decode()
    assert json.dumps("（此菜单中有")[1:-1] not in catalogue
    unescaped = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), catalogue)
    assert not CJK.search(unescaped)


def test_the_editor_guide_does_not_send_organisers_outside_china(organiser_client):
    home = Page.objects.get(depth=2)
    for path in ("/admin/", f"/admin/pages/{home.pk}/edit/"):
        html = organiser_client.get(path).content.decode()
        assert "guide.wagtail.org" not in html, path


def test_the_help_menu_keeps_only_the_shortcuts(organiser_client):
    html = organiser_client.get("/admin/").content.decode()
    assert "Wagtail 8.0 的新功能" not in html and "编辑指南" not in html
    assert "guide.wagtail.org" not in html


def test_wagtails_listings_show_no_python_values_nor_model_codes(organiser_client):
    users = organiser_client.get("/admin/users/").content.decode()
    assert 'title="True"' not in users and 'title="False"' not in users
    usage = organiser_client.get("/admin/reports/page-types-usage/").content.decode()
    assert "cms.homepage" not in usage and "普通页面" in usage


def test_page_types_are_counted_without_an_english_plural(organiser_client):
    html = organiser_client.get("/admin/pages/usage/cms/standardpage/").content.decode()
    assert "普通页面s" not in html


def test_member_company_filters_and_certificates_are_labelled_in_chinese(organiser_client):
    html = organiser_client.get("/admin/members/organisations/").content.decode()
    assert "会籍状态" in html and "会员级别" in html
    assert "Membership" not in html
    html = organiser_client.get("/admin/training/certificates/").content.decode()
    assert "Status label" not in html


def test_the_application_forms_secretariat_chooser_follows_the_language(
    organiser_client, organiser
):
    # The first request builds the form class in Chinese; an English one must not inherit it.
    new_application = "/admin/members/applications/new/"
    assert "选择一个页面" in organiser_client.get(new_application).content.decode()
    profile = UserProfile.get_for_user(organiser)
    profile.preferred_language = "en"
    profile.save()
    html = organiser_client.get(new_application).content.decode()
    assert "Choose a page" in html and "选择一个页面" not in html
