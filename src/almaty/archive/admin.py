"""The archive in the admin site: for looking only. Files must pass the checks of
`archive.services` (type, size, duplicates) and every change is audited, so writes go through the
services (pages, API, CLI), never through the admin."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from modeltranslation.admin import TranslationAdmin

from almaty.archive.models import Document, DocumentVersion, GlossaryTerm, MediaItem, Topic


class ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class DocumentVersionInline(ReadOnly, admin.TabularInline):
    model = DocumentVersion
    fields = ("language", "title", "status", "translated_from", "file_name", "file_size")
    readonly_fields = fields
    extra = 0
    show_change_link = False


@admin.register(Document)
class DocumentAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("__str__", "kind", "issued_on", "access", "meeting")
    list_filter = ("kind", "access")
    list_select_related = ("meeting",)
    date_hierarchy = "issued_on"
    inlines = [DocumentVersionInline]


@admin.register(Topic)
class TopicAdmin(ReadOnly, TranslationAdmin):
    list_display = ("code", "name", "position")


@admin.register(MediaItem)
class MediaItemAdmin(ReadOnly, TranslationAdmin):
    list_display = ("headline", "outlet", "published_on", "language")
    list_filter = ("language",)
    search_fields = ("headline", "outlet")
    date_hierarchy = "published_on"


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(ReadOnly, TranslationAdmin):
    list_display = ("term_en", "term_ru", "topic")
    list_select_related = ("topic",)
    search_fields = ("term_en", "term_ru")
