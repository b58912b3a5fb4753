from modeltranslation.translator import TranslationOptions, register

from almaty.meetings.models import Meeting


@register(Meeting)
class MeetingTranslation(TranslationOptions):
    fields = ("title", "theme", "city", "venue", "outcome")
    required_languages = ("en", "ru")
