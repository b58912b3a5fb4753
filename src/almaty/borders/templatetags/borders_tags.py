"""The site menu's link to the border-movement pages (`almaty.borders.nav` decides whose)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from almaty.borders import nav

register = template.Library()


@register.simple_tag(takes_context=True)
def borders_link(context: Any) -> SafeString | str:
    """The menu link, or nothing for readers without a border-related role."""
    request = context.get("request")
    target = nav.target_of(request) if request is not None else nav.NONE
    if not target:
        return ""
    return format_html('<a href="{}">{}</a>', reverse(target), _("Border movements"))
