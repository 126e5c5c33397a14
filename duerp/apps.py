from django.apps import AppConfig


class DuerpConfig(AppConfig):
    name = "duerp"
    verbose_name = "DUERP"
