"""The API object, its error handlers and its routers."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from almaty.accounts.api import router as accounts_router
from almaty.api.auth import AUTH
from almaty.archive.api import router as archive_router
from almaty.borders.api import router as borders_router
from almaty.core.errors import AlmatyError
from almaty.decisions.api import router as decisions_router
from almaty.forecasts.api import router as forecasts_router
from almaty.meetings.api import router as meetings_router
from almaty.news.api import router as news_router
from almaty.process.api import router as process_router
from almaty.process.api_modalities import router as modalities_router
from almaty.stats.api import router as stats_router

api = NinjaAPI(
    title="Almaty Process platform API",
    version="1",
    description=(
        "JSON API of the platform. Machine clients send `Authorization: Bearer <token>` "
        "(issued with `almaty users add ... --print-token`); browsers use their session. "
        "Send `Accept-Language: ru` for Russian messages and labels."
    ),
    auth=AUTH,
    urls_namespace="api-1",
)
api.add_router("/", process_router)
api.add_router("/", accounts_router)
api.add_router("/", modalities_router)
api.add_router("/", decisions_router)
api.add_router("/", meetings_router)
api.add_router("/", archive_router)
api.add_router("/", news_router)
api.add_router("/", stats_router)
api.add_router("/", forecasts_router)
api.add_router("/", borders_router)


@api.exception_handler(AlmatyError)
def on_almaty_error(request: HttpRequest, exc: AlmatyError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.text}, status=exc.status)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request,
        {"detail": _("Sign in or send a valid API token (Authorization: Bearer ...).")},
        status=401,
    )


@api.exception_handler(ValidationError)
def on_invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(
        request, {"detail": _("The request is not valid."), "errors": exc.errors}, status=422
    )


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # django-ninja's own messages are English; the ones a client can meet get our translation.
    known = {
        "CSRF check Failed": _(
            "The session's CSRF token is missing or wrong: reload the page, or use an API token."
        )
    }
    return api.create_response(
        request, {"detail": known.get(str(exc), str(exc))}, status=exc.status_code
    )
