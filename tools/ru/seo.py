"""Russian texts of what search engines and link previews read (core/templates/core/base.html)."""

RU = {
    "The Almaty Process on Refugee Protection and International Migration: its participating States, chairmanship, meetings, decisions and documents, in English and Russian.": "Алматинский процесс по защите беженцев и международной миграции: государства-участники, председательство, встречи, решения и документы на английском и русском языках.",
}
