"""Russian texts of the printed agenda, badges, compilation of materials and information sheet."""

RU = {
    # Shared by the PDFs
    "Page %(page)s of %(pages)s": "Страница %(page)s из %(pages)s",
    # The agenda
    "Agenda": "Повестка дня",
    "No. %(number)s": "№ %(number)s",
    "Hosted by %(state)s": "Принимающая сторона: %(state)s",
    "Times are local time at the venue": "Указано местное время места проведения",
    "The agenda has no items yet.": "В повестке дня пока нет пунктов.",
    # Badges
    "Head of delegation": "Глава делегации",
    "%(meeting)s has no approved delegate yet: there is no badge to print.": "У мероприятия «%(meeting)s» пока нет ни одного утверждённого делегата: печатать бейджи не для кого.",
    # The compilation of a meeting's materials
    "Materials of %(meeting)s": "Материалы мероприятия «%(meeting)s»",
    "Compiled by the Support Unit": "Составлено Группой поддержки",
    "Contents": "Содержание",
    "This compilation holds no document.": "В сборник не включено ни одного документа.",
    "Translation status: %(status)s": "Статус перевода: %(status)s",
    "translated from %(source)s": "перевод с языка: %(source)s",
    "This version has no text.": "У этой версии нет текста.",
    "No English version": "Английская версия отсутствует",
    "No Russian version": "Русская версия отсутствует",
    # The joint information sheet
    "Joint information sheet": "Совместный информационный бюллетень",
    "Key figures": "Основные показатели",
    "Meetings held": "Проведённые встречи",
    "Decisions adopted": "Принятые решения",
    "Documents added to the archive": "Документы, добавленные в архив",
    "Media items": "Публикации СМИ",
    "Media items per month": "Публикации СМИ по месяцам",
    "Media items per year": "Публикации СМИ по годам",
    "In the media": "В СМИ",
    "Adopted on %(date)s": "Принято %(date)s",
    "No meeting was held in this period.": "За этот период встречи не проводились.",
    "No decision was adopted in this period.": "За этот период решения не принимались.",
    "No media item in this period.": "За этот период публикаций СМИ нет.",
    "An information sheet is made in English or in Russian, not in %(language)s.": "Информационный бюллетень составляется только на английском или русском языке (указано: %(language)s).",
    "The period ends on %(end)s, before it starts (%(start)s).": "Период заканчивается %(end)s, раньше, чем начинается (%(start)s).",
}
