"""Error pages in the reader's language."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def error_page(request: HttpRequest, status: int, title: str, text: str) -> HttpResponse:
    """The error page with a title and a sentence, in the reader's language."""
    return render(
        request, "core/error.html", {"title": title, "text": text, "status": status}, status=status
    )


_error = error_page


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 400, _("Bad request"), _("The request could not be understood."))


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403, _("Not allowed"), _("You may not see this page."))


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404, _("Page not found"), _("There is no page at this address."))


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(
        request, 500, _("Something went wrong"), _("The error was logged. Please try again later.")
    )


def pdf_unavailable(request: HttpRequest) -> HttpResponse:
    """What a PDF address answers where WeasyPrint's system libraries are missing."""
    return error_page(
        request,
        503,
        _("PDF not available"),
        _("This server cannot make PDF files yet (WeasyPrint needs Pango)."),
    )


def pdf_response(pdf: bytes, name: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response
