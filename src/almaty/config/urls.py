from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import include, path, re_path
from django.utils.translation import gettext as _
from django.views.static import serve

from almaty.api.api import api
from almaty.core import seo, sitemaps
from almaty.core import views as core_views


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def api_not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Unknown API addresses answer in JSON, like the API's own errors, not with an HTML page."""
    return JsonResponse({"detail": _("Not found.")}, status=404)


urlpatterns = [
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", api_not_found),
    path("healthz", healthz),
    path("robots.txt", seo.robots_txt, name="robots"),
    path("sitemap.xml", sitemaps.index, name="sitemap-index"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}),
]
urlpatterns += i18n_patterns(
    path("sitemap.xml", sitemaps.language_sitemap, name="sitemap"),
    path("", include("almaty.portal.urls")),
    path("account/", include("almaty.accounts.urls")),
    path("decisions/", include("almaty.decisions.urls")),
    path("meetings/", include("almaty.meetings.urls")),
    path("documents/", include("almaty.archive.urls")),
    path("news/", include("almaty.news.urls")),
    path("statistics/dashboards/", include("almaty.stats.dashboard_urls")),
    path("statistics/", include("almaty.forecasts.urls")),
    path("statistics/", include("almaty.stats.urls")),
    path("borders/", include("almaty.borders.urls")),
    path("", include("almaty.pages.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

handler400 = core_views.bad_request
handler403 = core_views.forbidden
handler404 = core_views.not_found
handler500 = core_views.server_error
