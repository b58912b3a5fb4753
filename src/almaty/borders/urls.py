"""The border-movement pages, mounted at /<lang>/borders/."""

from django.urls import path, register_converter

from almaty.borders import views


class Iso3Converter:
    """Three letters, either case (the views make them upper case)."""

    regex = "[A-Za-z]{3}"

    def to_python(self, value: str) -> str:
        return value.upper()

    def to_url(self, value: str) -> str:
        return str(value).upper()


register_converter(Iso3Converter, "iso3")

app_name = "borders"
urlpatterns = [
    path("", views.index, name="index"),
    path("loads/<int:load_id>/", views.load_page, name="load"),
    path("rules/", views.rules, name="rules"),
    path("rules/new/", views.rule_new, name="rule-new"),
    path("rules/<int:rule_id>/edit/", views.rule_edit, name="rule-edit"),
    path("<iso3:iso3>/", views.state_page, name="state"),
    path("<iso3:iso3>/overstays/", views.overstays, name="overstays"),
    path("<iso3:iso3>/overstays.csv", views.overstays_csv, name="overstays-csv"),
    path("<iso3:iso3>/stays/", views.stays, name="stays"),
    path("<iso3:iso3>/stays.csv", views.stays_csv, name="stays-csv"),
    path("<iso3:iso3>/movement/", views.movement, name="movement"),
    path("<iso3:iso3>/submit-indicators/", views.submit_indicators, name="submit-indicators"),
]
