from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "almaty.api"
    label = "api"
    verbose_name = "API"
