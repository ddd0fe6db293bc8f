import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail import hooks
from wagtail.models import Page

from . import privacy
from .forms import AccountProfileForm, DeletionRequestForm
from .i18n import CJK_RUN, cjk_terms
from .models import DeletionRequest

SEARCH_PER_PAGE = 10


@login_required
@require_http_methods(["GET", "POST"])
def dashboard(request):
    """The signed-in person's page. Apps add panels with the `register_dashboard_panel` hook:
    a function taking the request and returning a panel object with `order` and `render()`,
    or None when it has nothing to show this person."""
    form = AccountProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("dashboard")
    panels = [panel for fn in hooks.get_hooks("register_dashboard_panel") if (panel := fn(request))]
    panels.sort(key=lambda panel: getattr(panel, "order", 100))
    return render(
        request,
        "cms/dashboard.html",
        {"form": form, "panels": [panel.render() for panel in panels]},
    )


def search(request):
    query = request.GET.get("q", "").strip()[:200]
    results = Page.objects.none()
    if query:
        # Chinese words are matched through the character pairs the pages are indexed with.
        terms = cjk_terms(query, for_query=True) if CJK_RUN.search(query) else query
        results = Page.objects.live().public().specific().search(terms, operator="and")
    page = Paginator(results, SEARCH_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "cms/search.html", {"query": query, "results": page})


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
        except privacy.PrivacyError as error:
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
