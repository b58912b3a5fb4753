from modeltranslation.translator import TranslationOptions, register

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


@register(State)
class StateTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en", "ru")


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("name", "acronym")
    required_languages = ("en", "ru")


@register(Participation)
class ParticipationTranslation(TranslationOptions):
    fields = ("note",)


@register(ProcessProfile)
class ProcessProfileTranslation(TranslationOptions):
    fields = ("name", "short_name", "summary", "secretariat_city")
    required_languages = ("en", "ru")


@register(ModalitiesVersion)
class ModalitiesVersionTranslation(TranslationOptions):
    fields = ("title", "text", "adopted_by_ref")
    required_languages = ("en", "ru")


@register(ChairTerm)
class ChairTermTranslation(TranslationOptions):
    fields = ("representative", "decision_ref", "note")


@register(ChairPass)
class ChairPassTranslation(TranslationOptions):
    fields = ("decision_ref", "note")


@register(NationalCoordinator)
class NationalCoordinatorTranslation(TranslationOptions):
    fields = ("position", "office")
