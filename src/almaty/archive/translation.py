from modeltranslation.translator import TranslationOptions, register

from almaty.archive.models import GlossaryTerm, MediaItem, Topic


@register(Topic)
class TopicTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en", "ru")


@register(MediaItem)
class MediaItemTranslation(TranslationOptions):
    fields = ("summary",)


@register(GlossaryTerm)
class GlossaryTermTranslation(TranslationOptions):
    fields = ("term", "definition")
    required_languages = ("en", "ru")
