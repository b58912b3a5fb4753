from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from modeltranslation.admin import TranslationAdmin

from almaty.decisions.models import Proposal


@admin.register(Proposal)
class ProposalAdmin(TranslationAdmin):
    """Read-only: proposals move only through the decision services (API, CLI, pages)."""

    list_display = ("register_number", "title", "kind", "status", "decided_on")
    list_filter = ("kind", "status")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
