from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from almaty.borders.models import CrossingLoad, MovementSettingsRecord, StayRule


@admin.register(CrossingLoad)
class CrossingLoadAdmin(admin.ModelAdmin):
    """Read-only: loads change only through their job, and their reports stay as written."""

    list_display = (
        "id",
        "state",
        "file_name",
        "status",
        "rows_read",
        "rows_accepted",
        "rows_rejected",
        "rows_already_loaded",
        "engine",
        "created_at",
        "finished_at",
    )
    list_filter = ("status", "state", "engine")
    search_fields = ("file_name", "sha256")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(StayRule)
class StayRuleAdmin(admin.ModelAdmin):
    """Read-only: a rule changes by a new version (the rules page), never in place."""

    list_display = (
        "id",
        "state",
        "nationality",
        "nationality_group",
        "permit",
        "purpose",
        "max_stay_days",
        "rolling_limit_days",
        "rolling_window_days",
        "exempt",
        "valid_from",
        "valid_to",
    )
    list_filter = ("state", "nationality_group", "permit", "exempt")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(MovementSettingsRecord)
class MovementSettingsRecordAdmin(admin.ModelAdmin):
    list_display = ("state", "updated_by", "updated_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
