"""Russian texts of the archive's domain logic: file checks (archive/extract.py), services and
access. ("'%(key)s' must be a date (YYYY-MM-DD)." and "No meeting %(id)s." are reused from
decisions and meetings and already translated.)"""

RU: dict = {
    # archive/extract.py (marked with gettext_noop, translated by the services)
    "The file %(name)s is empty.": "Файл %(name)s пуст.",
    "The file %(name)s is larger than %(limit)s MB, the largest file the archive accepts.": (
        "Файл %(name)s больше %(limit)s МБ — это наибольший размер файла, который принимает архив."
    ),
    "The file %(name)s is not a PDF, DOCX or text file.": (
        "Файл %(name)s не является файлом PDF, DOCX или текстовым файлом."
    ),
    "The file %(name)s is not UTF-8 text: save it with the UTF-8 encoding and upload it again.": (
        "Файл %(name)s не является текстом в кодировке UTF-8: сохраните его в кодировке UTF-8 "
        "и загрузите снова."
    ),
    "The file %(name)s is named as a %(extension)s file, but its content is of another type.": (
        "Файл %(name)s назван как файл %(extension)s, но его содержимое другого типа."
    ),
    "The file %(name)s is protected by a password: upload a copy without protection.": (
        "Файл %(name)s защищён паролем: загрузите копию без защиты."
    ),
    "The file %(name)s could not be read: it may be damaged.": (
        "Не удалось прочитать файл %(name)s: возможно, он повреждён."
    ),
    # archive/services.py
    "The %(field)s is too long: at most %(limit)s character.": [
        "Поле «%(field)s» слишком длинное: не более %(limit)s символа.",
        "Поле «%(field)s» слишком длинное: не более %(limit)s символов.",
        "Поле «%(field)s» слишком длинное: не более %(limit)s символов.",
        "Поле «%(field)s» слишком длинное: не более %(limit)s символа.",
    ],
    "Unknown language '%(value)s': use one of %(allowed)s.": (
        "Неизвестный язык «%(value)s»: укажите один из следующих: %(allowed)s."
    ),
    "Unknown translation status '%(value)s': use one of %(allowed)s.": (
        "Неизвестный статус перевода «%(value)s»: укажите один из следующих: %(allowed)s."
    ),
    "Unknown topic '%(code)s'.": "Неизвестная тема «%(code)s».",
    "'%(field)s' is not a field of a document.": "У документа нет поля «%(field)s».",
    "Unknown kind of document '%(value)s'.": "Неизвестный тип документа «%(value)s».",
    "Unknown access level '%(value)s': use one of %(allowed)s.": (
        "Неизвестный уровень доступа «%(value)s»: укажите один из следующих: %(allowed)s."
    ),
    "Another document has the reference %(key)s.": (
        "Ссылочный ключ %(key)s уже принадлежит другому документу."
    ),
    "This file is already in the archive: %(title)s (%(language)s).": (
        "Этот файл уже есть в архиве: «%(title)s» (%(language)s)."
    ),
    "A version cannot be translated from its own language.": (
        "Языковая версия не может быть переводом с того же языка."
    ),
    "An original is not translated from another language.": (
        "Оригинал не может быть переводом с другого языка."
    ),
    "A version needs a title.": "У языковой версии должно быть название.",
    "A version needs its text or a file.": "У языковой версии должен быть текст или файл.",
    "Give the outlet of the media item.": "Укажите СМИ, в котором вышла публикация.",
    "Give the headline of the media item.": "Укажите заголовок публикации.",
    "The link %(url)s is not a web address (http:// or https://).": (
        "Ссылка %(url)s не является веб-адресом (http:// или https://)."
    ),
    "Give the term in English and Russian.": "Укажите термин на английском и русском языках.",
    "The glossary already has the term %(term)s.": "Термин «%(term)s» уже есть в глоссарии.",
    "Give the code of the topic.": "Укажите код темы.",
    "The topic code %(code)s may hold only letters, digits, hyphens and underscores.": (
        "Код темы %(code)s может содержать только буквы, цифры, дефисы и знаки подчёркивания."
    ),
    "Give the name of the topic in English and Russian.": (
        "Укажите название темы на английском и русском языках."
    ),
    "The position must be a whole number from 0 to 32767.": (
        "Позиция должна быть целым числом от 0 до 32767."
    ),
    # archive/access.py
    "No document %(id)s.": "Документа %(id)s нет.",
    "No document version %(id)s.": "Языковой версии документа %(id)s нет.",
}
