"""Dashboards of the published statistics, mounted at /<lang>/statistics/dashboards/."""

from django.urls import path

from almaty.stats import dashboards

app_name = "dashboards"
urlpatterns = [
    path("", dashboards.index, name="index"),
    path("states/<str:iso3>/", dashboards.state, name="state"),
    path("<str:code>/", dashboards.indicator, name="indicator"),
]
