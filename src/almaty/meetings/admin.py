from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from almaty.meetings.models import Meeting


@admin.register(Meeting)
class MeetingAdmin(TranslationAdmin):
    list_display = ("title", "kind", "starts_on", "city", "host_state")
    list_filter = ("kind",)
    list_select_related = ("host_state",)
