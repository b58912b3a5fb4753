from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from almaty.process.models import Organisation, Participation, ProcessProfile, State


@admin.register(State)
class StateAdmin(TranslationAdmin):
    list_display = ("iso3", "name", "is_central_asian")
    search_fields = ("iso3", "name_en", "name_ru")


@admin.register(Organisation)
class OrganisationAdmin(TranslationAdmin):
    list_display = ("code", "acronym", "name", "kind", "is_support_unit")


@admin.register(Participation)
class ParticipationAdmin(TranslationAdmin):
    list_display = ("__str__", "status", "valid_from", "valid_to")
    list_filter = ("status",)
    list_select_related = ("state", "organisation")


@admin.register(ProcessProfile)
class ProcessProfileAdmin(TranslationAdmin):
    list_display = ("code", "short_name", "launched_on")
