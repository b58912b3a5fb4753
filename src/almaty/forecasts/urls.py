"""The forecasting pages, mounted at /<lang>/statistics/ (forecasts/ and warnings/)."""

from django.urls import path

from almaty.forecasts import views

app_name = "forecasts"
urlpatterns = [
    path("forecasts/", views.index, name="index"),
    path("forecasts/upload/", views.upload, name="upload"),
    path("forecasts/upload/<str:token>/", views.upload_file, name="upload-file"),
    path("forecasts/upload/<str:token>/forecast.csv", views.upload_csv, name="upload-csv"),
    path("forecasts/<str:series_id>/", views.series, name="series"),
    path("forecasts/<str:series_id>/forecast.csv", views.series_csv, name="series-csv"),
    path("warnings/", views.warnings, name="warnings"),
    path("warnings/subscribe/", views.subscribe, name="subscribe"),
    path(
        "warnings/subscriptions/<int:subscription_id>/delete/",
        views.unsubscribe,
        name="unsubscribe",
    ),
]
