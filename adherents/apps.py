from django.apps import AppConfig


class AdherentsConfig(AppConfig):
    name = "adherents"
    verbose_name = "Adhérents"
