import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.static import serve
from django_ratelimit.exceptions import Ratelimited

from . import privacy
from . import search as site_search
from .errors import PrivacyError
from .forms import AccountProfileForm, DeletionRequestForm
from .models import DeletionRequest
from .panels import dashboard_panels

SEARCH_PER_PAGE = 10


@login_required
@require_http_methods(["GET", "POST"])
def dashboard(request):
    """The signed-in person's page: their account, and the panels apps add (cms.panels)."""
    form = AccountProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("dashboard")
    return render(
        request,
        "cms/dashboard.html",
        {"form": form, "panels": dashboard_panels(request)},
    )


def search(request):
    """Pages (news, events, training, …) and the apps' sections (member companies) matching
    the query; whatever is typed, the query reaches the backends only as plain words
    (cms.search)."""
    query = site_search.clean_query(request.GET.get("q", ""))
    pages = site_search.search_pages(query)
    page = Paginator(pages, SEARCH_PER_PAGE).get_page(request.GET.get("page"))
    sections = site_search.sections(query, request) if query else []
    return render(
        request,
        "cms/search.html",
        {
            "query": query,
            "results": page,
            "hits": [site_search.page_hit(result, request) for result in page],
            # Listed above the pages, on the first page only; the rest are a link away.
            "sections": sections if page.number == 1 else [],
            "total": page.paginator.count + sum(section.count for section in sections),
        },
    )


@require_GET
@never_cache
def healthz(request):
    """For the load balancer: 200 when this worker reaches the database and the cache, 503
    (naming what failed) when not. Says nothing else about the site."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except DatabaseError:
        checks["database"] = "unreachable"
    try:
        key = f"healthz:{secrets.token_hex(4)}"
        cache.set(key, "1", 10)
        checks["cache"] = "ok" if cache.get(key) == "1" else "unreachable"
        cache.delete(key)
    except Exception:  # the cache client raises its own errors (redis.ConnectionError, …)
        checks["cache"] = "unreachable"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "failing", **checks}, status=200 if healthy else 503
    )


@require_GET
def admin_login(request):
    """Wagtail's login address, sent on to the site's login with the same `next`."""
    target = reverse("account_login")
    next_url = request.GET.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        target += "?" + urlencode({"next": next_url})
    else:
        target += "?" + urlencode({"next": "/admin/"})
    return redirect(target)


def serve_media(request, path):
    """The media folder, where the application serves it itself (development, tests, `make
    serve-prod`). A name the file system refuses (too long, say) is no file either."""
    try:
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError as error:
        raise Http404 from error


@login_required
@require_GET
def my_data(request):
    """What the portal holds about the person: download it, or ask for the account to go."""
    pending = request.user.deletion_requests.filter(status=DeletionRequest.Status.PENDING).first()
    return render(request, "cms/my_data.html", {"form": DeletionRequestForm(), "pending": pending})


@login_required
@require_GET
def my_data_download(request):
    data = privacy.export_personal_data(request.user)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="my-data-{stamp}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def request_deletion(request):
    form = DeletionRequestForm(request.POST)
    if form.is_valid():
        try:
            privacy.request_deletion(user=request.user, reason=form.cleaned_data["reason"])
        except PrivacyError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _(
                    "Your request has been sent. The secretariat will confirm it and e-mail "
                    "you; until then your account works as before."
                ),
            )
        return redirect("my_data")
    return render(request, "cms/my_data.html", {"form": form, "pending": None}, status=400)


# The error handlers (handler400, handler403, handler429 in cms.urls): the site's own pages, in
# the visitor's language, rather than Django's or allauth's English ones.


@requires_csrf_token
def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


@requires_csrf_token
def permission_denied(request, exception=None):
    # django-ratelimit's decorator says "too many" by raising Ratelimited, a PermissionDenied.
    if isinstance(exception, Ratelimited):
        return too_many_requests(request, exception)
    return defaults.permission_denied(request, exception)


@requires_csrf_token
def too_many_requests(request, exception=None):
    """Also allauth's answer when one of its rate limits is reached."""
    return render(request, "429.html", status=429)
