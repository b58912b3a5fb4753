"""Russian texts of the site's menus (core/base.html)."""

RU = {
    "About": "О процессе",
    "About the Process": "О процессе",
    "News feed": "Лента новостей",
    "Data submissions": "Представление данных",
}
