from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from modeltranslation.admin import TranslationAdmin

from almaty.core.errors import AlmatyError
from almaty.process import access, services
from almaty.process.models import (
    ChairPass,
    ChairTerm,
    ModalitiesVersion,
    NationalCoordinator,
    Organisation,
    Participation,
    ProcessProfile,
    State,
)


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


class RecordedThroughServices(TranslationAdmin):
    """History is added through the process's services (audited, checked against the rules in
    force) and never edited in place: a correction is a new record or an end date."""

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return access.can_record_history(user=request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return access.can_record_history(user=request.user) or super().has_view_permission(
            request, obj
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return access.can_record_history(user=request.user) or super().has_module_permission(
            request
        )

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        """The form runs the service once the fields are valid, so a refusal shows as a form error.

        The admin's add view runs in one transaction, so nothing stays if a later step fails.
        """
        base = super().get_form(request, obj, change=change, **kwargs)
        admin_self = self

        class RecordingForm(base):  # type: ignore[valid-type, misc]
            def _post_clean(self) -> None:
                super()._post_clean()  # fields and model constraints first
                if self.errors:
                    return
                try:
                    self.recorded = admin_self.record(request, self.cleaned_data)
                except AlmatyError as exc:
                    self.add_error(None, exc.text)

        return RecordingForm

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.__dict__.update(form.recorded.__dict__)

    def record(
        self, request: HttpRequest, data: dict[str, Any]
    ) -> Any:  # pragma: no cover - overridden
        raise TypeError


@admin.register(ModalitiesVersion)
class ModalitiesVersionAdmin(TranslationAdmin):
    """Versions come from reference data and adopted amendments; they are never edited."""

    list_display = ("number", "title", "effective_on", "term_years", "order_key", "amended_by")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ChairTerm)
class ChairTermAdmin(RecordedThroughServices):
    list_display = ("state", "starts_on", "ends_on", "kind", "representative")
    list_select_related = ("state",)
    fields = (
        "state",
        "starts_on",
        "ends_on",
        "kind",
        "representative_en",
        "representative_ru",
        "decision_ref_en",
        "decision_ref_ru",
        "note_en",
        "note_ru",
    )

    def record(self, request: HttpRequest, data: dict[str, Any]) -> Any:
        return services.chair_term_add(
            state_iso3=data["state"].iso3, starts_on=data["starts_on"], ends_on=data.get("ends_on"),
            kind=data["kind"], representative=data.get("representative_en") or "",
            decision_ref=data.get("decision_ref_en") or "", note=data.get("note_en") or "", actor=request.user,
        )  # fmt: skip


@admin.register(ChairPass)
class ChairPassAdmin(RecordedThroughServices):
    list_display = ("state", "turn_starts_on", "declared_on")
    list_select_related = ("state",)
    fields = (
        "state",
        "turn_starts_on",
        "declared_on",
        "decision_ref_en",
        "decision_ref_ru",
        "note_en",
        "note_ru",
    )

    def record(self, request: HttpRequest, data: dict[str, Any]) -> Any:
        return services.chair_pass_record(
            state_iso3=data["state"].iso3, turn_starts_on=data["turn_starts_on"], declared_on=data.get("declared_on"),
            decision_ref=data.get("decision_ref_en") or "", note=data.get("note_en") or "", actor=request.user,
        )  # fmt: skip


@admin.register(NationalCoordinator)
class NationalCoordinatorAdmin(RecordedThroughServices):
    list_display = ("full_name", "state", "designated_on", "ended_on")
    list_select_related = ("state",)
    fields = (
        "state",
        "full_name",
        "designated_on",
        "user",
        "position_en",
        "position_ru",
        "office_en",
        "office_ru",
    )

    def record(self, request: HttpRequest, data: dict[str, Any]) -> Any:
        return services.coordinator_designate(
            state_iso3=data["state"].iso3, full_name=data["full_name"], designated_on=data["designated_on"],
            user=data.get("user"), position=data.get("position_en") or "", office=data.get("office_en") or "",
            actor=request.user,
        )  # fmt: skip
