"""Markdown for the texts Support Unit staff write in the platform (news, pages, captions).

CommonMark with tables and strikethrough; raw HTML is not passed through but shown as text,
so what staff write can never inject markup or scripts. Links keep their address; headings
start at level 2 (the page's own title is the only h1).
"""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_MARKDOWN.enable(["table", "strikethrough"])


def _shift_headings(html: str) -> str:
    for level in range(5, 0, -1):
        html = html.replace(f"<h{level}>", f"<h{level + 1}>").replace(
            f"</h{level}>", f"</h{level + 1}>"
        )
    return html


def render(text: str) -> SafeString:
    """HTML for a Markdown text (escaped wherever the text is not Markdown)."""
    return mark_safe(_shift_headings(_MARKDOWN.render(text or "")))  # noqa: S308 - html disabled


def plain(text: str, limit: int = 300) -> str:
    """The text without Markdown, on one line, cut at a word before `limit` characters (for
    summaries, feeds and meta descriptions)."""
    blocks = []
    for token in _MARKDOWN.parse(text or ""):
        if token.type != "inline" or not token.children:
            continue
        # Inline pieces join as written ("**word**." stays "word."); line breaks are spaces.
        blocks.append(
            "".join(
                child.content if child.type in ("text", "code_inline") else " "
                for child in token.children
                if child.type in ("text", "code_inline", "softbreak", "hardbreak")
            )
        )
    words = " ".join(blocks).split()
    out = " ".join(words)
    if len(out) <= limit:
        return out
    cut = out[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"
