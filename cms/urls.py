from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from members import urls as members_urls
from training import urls as training_urls

from . import views

urlpatterns = [
    # The admin signs in through allauth's login (rate limits, verified e-mail), never through
    # Wagtail's own form, which would bypass them.
    path("admin/login/", views.admin_login, name="admin_login"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", views.healthz, name="healthz"),
    path("payments/notify/", include("payments.notify_urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
if settings.SERVE_MEDIA:
    # Development, tests and `make serve-prod`: production serves uploads from object storage
    # or the proxy.
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", views.serve_media, name="media"),
    ]

# Chinese at the unprefixed URLs, English under /en/.
urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("my/", views.dashboard, name="dashboard"),
    path("my/data/", views.my_data, name="my_data"),
    path("my/data.json", views.my_data_download, name="my_data_download"),
    path("my/data/delete/", views.request_deletion, name="request_deletion"),
    path("my/", include(members_urls.my_urlpatterns)),
    path("my/training/", include(training_urls.my_urlpatterns)),
    path("my/payments/", include("payments.urls")),
    path("receipts/", include("payments.receipt_public_urls")),
    path("members/", include("members.urls")),
    path("events/", include("events.urls")),
    path("certificates/", include("training.urls")),
    path("search/", views.search, name="search"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler400 = "cms.views.bad_request"
handler403 = "cms.views.permission_denied"
# Not Django's: allauth answers its rate limits with ROOT_URLCONF.handler429.
handler429 = "cms.views.too_many_requests"
