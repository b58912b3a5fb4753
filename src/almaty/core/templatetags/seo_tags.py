"""`{% block_text "title" as og_title %}`: the text a block renders, to use it twice (a page's
title in <title> and in og:title) while child templates override the block only once."""

from __future__ import annotations

from django import template
from django.template.context import Context
from django.template.loader_tags import BLOCK_CONTEXT_KEY
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def block_text(context: Context, name: str) -> SafeString:
    """The block `name` as the page renders it (the most derived override), on one line."""
    blocks = context.render_context.get(BLOCK_CONTEXT_KEY)
    node = blocks.get_block(name) if blocks is not None else None
    if node is None:
        return mark_safe("")
    # Rendered by the template engine, so already escaped; collapsing spaces keeps it so.
    return mark_safe(" ".join(node.render(context).split()))  # noqa: S308
