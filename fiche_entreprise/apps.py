from django.apps import AppConfig


class FicheEntrepriseConfig(AppConfig):
    name = "fiche_entreprise"
    verbose_name = "Fiche d'entreprise"
