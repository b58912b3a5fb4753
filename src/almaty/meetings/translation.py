from modeltranslation.translator import TranslationOptions, register

from almaty.meetings.models import AgendaItem, Meeting, Outcome, Person, Speaker


@register(Meeting)
class MeetingTranslation(TranslationOptions):
    fields = ("title", "theme", "city", "venue", "outcome")
    required_languages = ("en", "ru")


@register(Person)
class PersonTranslation(TranslationOptions):
    fields = ("name", "position")
    required_languages = ("en", "ru")


@register(AgendaItem)
class AgendaItemTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = ("en", "ru")


@register(Speaker)
class SpeakerTranslation(TranslationOptions):
    fields = ("note",)


@register(Outcome)
class OutcomeTranslation(TranslationOptions):
    fields = ("summary",)
