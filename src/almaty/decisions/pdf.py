"""The bilingual decision record as a PDF (WeasyPrint), from the same data as the web page.

WeasyPrint is imported only here, when a PDF is asked for: the rest of the platform runs
without its system libraries (Pango).
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from almaty.decisions.models import Proposal


def decision_record_html(proposal: Proposal) -> str:
    """The record in English and in Russian, one after the other, as the working languages."""
    parts = []
    for language in ("en", "ru"):
        with translation.override(language):
            parts.append(
                render_to_string(
                    "decisions/record_part.html",
                    {
                        "proposal": proposal,
                        "positions": proposal.positions.select_related("state"),
                        "breaks": proposal.breaks.select_related("state"),
                        "language": language,
                    },
                )
            )
    return render_to_string("decisions/record.html", {"parts": parts, "proposal": proposal})


def decision_record_pdf(proposal: Proposal) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=decision_record_html(proposal)).write_pdf())
