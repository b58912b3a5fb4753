from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from almaty.core.audit_messages import render
from almaty.core.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit log is append-only."""

    list_display = (
        "sequence",
        "created_at",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "text",
    )
    list_filter = ("action", "object_type")

    @admin.display(description="message")
    def text(self, obj: AuditEntry) -> str:
        return render(obj.message_key, obj.params)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
