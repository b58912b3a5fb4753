"""Russian texts of `almaty init` and `almaty stats load-external` about public statistics."""

RU = {
    "Loading public statistics": "Загрузка открытой статистики",
    "%(count)s source of public statistics loaded.": [
        "Загружен %(count)s источник открытой статистики.",
        "Загружено %(count)s источника открытой статистики.",
        "Загружено %(count)s источников открытой статистики.",
        "Загружено %(count)s источника открытой статистики.",
    ],
    "Store the public statistics shipped with the platform (UNHCR, UN DESA, World Bank). Safe to run again.": "Сохранить открытую статистику, поставляемую с платформой (УВКБ ООН, ДЭСВ ООН, Всемирный банк). Повторный запуск безопасен.",
    "Rebuild the dashboards' snapshot of published statistics from the database.": "Пересобрать из базы данных снимок опубликованной статистики для панелей.",
    "%(rows)s observations in %(files)s files, in %(seconds)s s.": "%(rows)s наблюдений в %(files)s файлах, за %(seconds)s с.",
}
