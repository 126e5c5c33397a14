from django.apps import AppConfig


class SuiviIndividuelConfig(AppConfig):
    name = "suivi_individuel"
    verbose_name = "Suivi individuel"
