from modeltranslation.translator import TranslationOptions, register

from almaty.process.models import Organisation, Participation, ProcessProfile, State


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
