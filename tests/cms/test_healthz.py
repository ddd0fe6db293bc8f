import pytest
from django.db import DatabaseError

from cms.client_ip import client_ip

pytestmark = pytest.mark.django_db


def test_healthy(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_database_unreachable(client, monkeypatch):
    from cms import views

    class Broken:
        def cursor(self):
            raise DatabaseError("connection refused")

    monkeypatch.setattr(views, "connection", Broken())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_cache_unreachable(client, monkeypatch):
    from cms import views

    def refuse(*args, **kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setattr(views.cache, "set", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "unreachable"


@pytest.mark.parametrize(
    ("count", "forwarded", "remote", "expected"),
    [
        (0, "", "10.0.0.9", "10.0.0.9"),
        (0, "203.0.113.7", "10.0.0.9", "10.0.0.9"),  # not behind a trusted proxy: ignored
        (1, "203.0.113.7", "10.0.0.9", "203.0.113.7"),
        (1, "1.1.1.1, 203.0.113.7", "10.0.0.9", "203.0.113.7"),  # a forged hop on the left
        (2, "1.1.1.1, 203.0.113.7, 10.0.0.2", "10.0.0.9", "203.0.113.7"),
    ],
)
def test_client_ip_behind_trusted_proxies(rf, settings, count, forwarded, remote, expected):
    settings.TRUSTED_PROXY_COUNT = count
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    request = rf.get("/", REMOTE_ADDR=remote, **headers)
    assert client_ip(request) == expected
