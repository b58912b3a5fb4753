from django.urls import path

from almaty.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("states/", views.states, name="states"),
    path("states/<str:iso3>/", views.state, name="state"),
    path("chair/", views.chair, name="chair"),
    path("obligations/", views.obligations, name="obligations"),
    path("statistics/", views.statistics, name="statistics"),
]
