"""Meetings in the admin are read-only: they are edited on the platform's own pages, whose
services check roles and write the audit log."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from modeltranslation.admin import TranslationAdmin

from almaty.meetings.models import Meeting, Person


class ReadOnly(TranslationAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Meeting)
class MeetingAdmin(ReadOnly):
    list_display = ("title", "kind", "number", "starts_on", "city", "host_state")
    list_filter = ("kind",)
    list_select_related = ("host_state",)


@admin.register(Person)
class PersonAdmin(ReadOnly):
    list_display = ("name", "position", "organisation", "state")
    list_select_related = ("organisation", "state")
    search_fields = ("name_en", "name_ru")
