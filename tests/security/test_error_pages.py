"""Every error answer is the site's own page, in the visitor's language (Chinese at the
unprefixed URLs, English under /en/), never Django's or allauth's English one."""

import pytest
from django.core.exceptions import BadRequest, PermissionDenied
from django.test import Client
from django.urls import path
from django_ratelimit.decorators import ratelimit

from cms.urls import handler400, handler403, handler429  # noqa: F401  (this module is a URLconf)
from cms.urls import urlpatterns as site_urlpatterns

pytestmark = pytest.mark.django_db


def refused(request):
    raise PermissionDenied


def malformed(request):
    raise BadRequest


@ratelimit(key="ip", rate="1/m", block=True)
def limited(request):
    from django.http import HttpResponse

    return HttpResponse("ok")


# Views that answer with an error on purpose, in front of the site's own URLs.
urlpatterns = [
    path("test-errors/refused/", refused),
    path("test-errors/malformed/", malformed),
    path("test-errors/limited/", limited),
    *site_urlpatterns,
]
errors_urlconf = pytest.mark.urls(__name__)


def text(response):
    return response.content.decode()


def is_site_page(response):
    html = text(response)
    return 'class="site-header"' in html and 'class="error-page"' in html


def test_a_bad_request_is_the_sites_page(client, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "无法识别您的请求" in text(response)
    english = client.get("/en/", HTTP_HOST="evil.example")
    assert english.status_code == 400
    assert "The request could not be understood" in text(english)


def test_too_many_form_fields_is_the_sites_bad_request_page(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    body = "&".join(f"field{index}=x" for index in range(11))
    response = client.post(
        "/accounts/login/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert is_site_page(response) and "无法识别您的请求" in text(response)


@errors_urlconf
def test_bad_request_raised_by_a_view_is_the_sites_page(client):
    response = client.get("/test-errors/malformed/")
    assert response.status_code == 400
    assert is_site_page(response)


def test_a_method_not_allowed_is_the_sites_page(client, django_user_model):
    client.force_login(django_user_model.objects.get(email="member@example.com"))
    response = client.get("/my/data/delete/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert is_site_page(response) and "此网址不能以这种方式打开" in text(response)
    english = client.get("/en/my/data/delete/")
    assert english.status_code == 405
    assert "This address cannot be opened this way" in text(english)


def test_a_405_with_its_own_page_keeps_it(client):
    # The admin's login address refuses POST: an empty body, so it gets the site's page.
    assert is_site_page(client.post("/admin/login/"))
    # A view that writes its own 405 body keeps it.
    from django.http import HttpResponseNotAllowed

    from cms.middleware import MethodNotAllowedPageMiddleware

    own = HttpResponseNotAllowed(["GET"], content=b"use GET")
    middleware = MethodNotAllowedPageMiddleware(lambda request: own)
    assert middleware(None) is own


def test_allauths_rate_limit_is_the_sites_429_page(client):
    responses = [
        client.post("/accounts/password/reset/", {"email": "member@example.com"}) for _ in range(8)
    ]
    limited = responses[-1]
    assert limited.status_code == 429
    assert is_site_page(limited) and "请求过于频繁" in text(limited)
    assert "Too Many Requests" not in text(limited)  # allauth's own page


@errors_urlconf
def test_django_ratelimits_refusal_is_the_sites_429_page(client):
    assert client.get("/test-errors/limited/").status_code == 200
    limited = client.get("/test-errors/limited/")
    assert limited.status_code == 429
    assert is_site_page(limited) and "请求过于频繁" in text(limited)


@errors_urlconf
def test_other_permission_errors_stay_403(client):
    response = client.get("/test-errors/refused/")
    assert response.status_code == 403
    assert is_site_page(response) and "无权访问" in text(response)


def test_a_missing_csrf_token_is_the_sites_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": "x@example.com", "password": "x"})
    assert response.status_code == 403
    assert is_site_page(response) and "表单未能提交" in text(response)
    assert "CSRF verification failed" not in text(response)
