from modeltranslation.translator import TranslationOptions, register

from almaty.accounts.models import Role


@register(Role)
class RoleTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("en", "ru")
