"""A crash half-way through an import leaves whole rows only and can be run again; a database
error gives the visitor a clear page, not a traceback."""

import pytest
from django.db import OperationalError

from members import importing
from members.models import Organisation
from tests.members.test_import import csv_upload

pytestmark = pytest.mark.django_db

ROWS = [
    f"崩溃测试{n}号有限公司,茶叶,君山区,岳阳秘书处,,美国,亚马逊,,,会员,2026-01-01,2026-12-31"
    for n in range(1, 5)
]


def test_an_import_that_crashes_half_way_keeps_whole_rows_and_resumes(organiser, monkeypatch):
    real_log = importing.log
    calls = []

    def crash_on_the_third_row(**kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise OperationalError("server closed the connection unexpectedly")
        return real_log(**kwargs)

    monkeypatch.setattr(importing, "log", crash_on_the_third_row)
    with pytest.raises(OperationalError):
        importing.import_organisations(upload=csv_upload(*ROWS), by=organiser)
    imported = Organisation.objects.filter(name__startswith="崩溃测试")
    assert sorted(imported.values_list("name", flat=True)) == [
        "崩溃测试1号有限公司",
        "崩溃测试2号有限公司",
    ]
    # The third row rolled back whole: no company without its membership and markets.
    assert all(o.membership and o.export_markets.exists() for o in imported)

    monkeypatch.setattr(importing, "log", real_log)
    results = importing.import_organisations(upload=csv_upload(*ROWS), by=organiser)
    assert [row.outcome for row in results] == ["updated", "updated", "created", "created"]
    assert Organisation.objects.filter(name__startswith="崩溃测试").count() == 4


def test_a_database_error_gives_a_clear_page(client, monkeypatch):
    from members import views

    def unreachable(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(views, "filtered_directory", unreachable)
    client.raise_request_exception = False
    response = client.get("/members/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Traceback" not in html and "OperationalError" not in html
    assert "抱歉，服务器出了点问题" in html
