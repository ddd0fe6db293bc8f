"""A file over the small-file limit is imported by the task worker as a recorded run: the admin
shows its progress, then the counts and the row-by-row report."""

import datetime

import pytest
from django.core.files.storage import storages
from django.urls import reverse
from django.utils import timezone

from members import importing
from members.models import ImportRun, Organisation
from tests.members.test_import import csv_upload

pytestmark = pytest.mark.django_db


def rows(count, *, bad=()):
    for number in range(count):
        industry = "不存在的行业" if number in bad else "茶叶"
        yield (
            f"后台导入{number:03d}号有限公司,{industry},君山区,岳阳秘书处,,美国,,"
            f"+86 730 {number:07d},仅会员,会员,2026-01-01,2026-12-31"
        )


def test_a_large_file_runs_in_the_background_with_progress_and_report(
    client, organiser, django_capture_on_commit_callbacks
):
    count = importing.SYNC_ROWS + 5
    client.force_login(organiser)
    upload = csv_upload(*rows(count, bad={3, 100}))
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(reverse("members_admin:import"), {"file": upload})
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("members_admin:import_run", args=[run.pk])
    assert run.in_background and run.status == ImportRun.Status.QUEUED
    assert run.requested_by == organiser and run.file_name == "companies.csv"
    storage = storages[importing.UPLOAD_STORAGE]
    stored = run.stored_name
    assert stored.startswith("imports/") and storage.exists(stored)
    assert not Organisation.objects.filter(name__startswith="后台导入").exists()

    waiting = client.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' in waiting
    assert "排队中" in waiting and "本页面会自动刷新" in waiting

    for callback in queued:  # the immediate backend runs the task here, as a worker would
        callback()
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE
    assert (run.total, run.done, run.created, run.updated, run.rejected) == (
        count,
        count,
        count - 2,
        0,
        2,
    )
    assert not storage.exists(stored) and run.stored_name == ""
    assert Organisation.objects.filter(name__startswith="后台导入").count() == count - 2
    assert len(run.report) == count
    assert run.report[3] == {
        "number": 5,
        "name": "后台导入003号有限公司",
        "outcome": "rejected",
        "errors": ["行业：未知行业“不存在的行业”。"],
        "unchanged": False,
    }

    html = client.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' not in html
    assert "已完成" in html and f"已处理 {count} / {count} 行" in html
    assert f"新建{count - 2}条，更新0条，拒绝2条" in html
    assert "后台导入000号有限公司" in html and "未知行业“不存在的行业”" in html

    rejected = client.get(response["Location"], {"outcome": "rejected"}).content.decode()
    assert rejected.count('data-outcome="rejected"') == 2
    assert 'data-outcome="created"' not in rejected

    listing = client.get(reverse("members_admin:import")).content.decode()
    assert "最近的导入" in listing and reverse("members_admin:import_run", args=[run.pk]) in listing


def test_a_small_file_is_imported_at_once_and_recorded(client, organiser):
    client.force_login(organiser)
    response = client.post(reverse("members_admin:import"), {"file": csv_upload(*rows(3))})
    assert response.status_code == 200
    assert response.context["summary"] == {"created": 3, "updated": 0, "rejected": 0}
    run = ImportRun.objects.get()
    assert not run.in_background and run.status == ImportRun.Status.DONE
    assert [row["outcome"] for row in run.report] == ["created"] * 3


def test_a_large_file_refused_by_the_worker_fails_its_run_with_the_reason(
    client, organiser, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(importing, "MAX_ROWS", importing.SYNC_ROWS + 2)
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("members_admin:import"),
            {"file": csv_upload(*rows(importing.SYNC_ROWS + 3))},
        )
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.FAILED
    assert "文件标题行以下超过 202 行" in run.error
    assert not Organisation.objects.filter(name__startswith="后台导入").exists()
    html = client.get(response["Location"]).content.decode()
    assert "失败" in html and "文件标题行以下超过 202 行" in html


def test_a_run_delivered_twice_imports_once(organiser, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        run = importing.start_import(
            upload=csv_upload(*rows(importing.SYNC_ROWS + 1)), by=organiser, language="zh-hans"
        )
    importing.run_import(run.pk)
    importing.run_import(run.pk)
    run.refresh_from_db()
    assert run.created == importing.SYNC_ROWS + 1
    assert Organisation.objects.filter(name__startswith="后台导入").count() == run.created


def test_a_run_that_stopped_making_progress_is_given_up(client, organiser):
    run = ImportRun.objects.create(
        requested_by=organiser, file_name="stuck.csv", in_background=True, status="running"
    )
    ImportRun.objects.filter(pk=run.pk).update(
        updated_at=timezone.now() - datetime.timedelta(hours=1)
    )
    client.force_login(organiser)
    html = client.get(reverse("members_admin:import_run", args=[run.pk])).content.decode()
    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED
    assert "15 分钟内没有进展" in html


def test_members_cannot_see_import_runs(client, organiser, make_organisation, make_member):
    run = ImportRun.objects.create(requested_by=organiser, file_name="x.csv", status="done")
    client.force_login(make_member(make_organisation(), "runs@example.com"))
    response = client.get(reverse("members_admin:import_run", args=[run.pk]))
    assert response.status_code in (302, 404)
