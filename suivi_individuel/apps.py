from django.apps import AppConfig


class SuiviIndividuelConfig(AppConfig):
    name = "suivi_individuel"
    verbose_name = "Suivi individuel"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from adherents.models import Emploi, PeriodeSuivi, Salarie

        from .echeancier import a_jour_apres_modification
        from .models import ArretTravail, Visite

        for modele in (Salarie, Emploi, PeriodeSuivi, ArretTravail, Visite):
            post_save.connect(a_jour_apres_modification, sender=modele, dispatch_uid=f"echeancier_{modele.__name__}")
            post_delete.connect(a_jour_apres_modification, sender=modele,
                                dispatch_uid=f"echeancier_suppression_{modele.__name__}")
