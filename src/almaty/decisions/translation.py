from modeltranslation.translator import TranslationOptions, register

from almaty.decisions.models import Proposal


@register(Proposal)
class ProposalTranslation(TranslationOptions):
    fields = ("title", "text")
    required_languages = ("en", "ru")
