from django.apps import AppConfig


class FicheEntrepriseConfig(AppConfig):
    name = "fiche_entreprise"
    verbose_name = "Prévention en entreprise"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from adherents.models import Adherent
        from spsti.models import Service

        from .echeances import a_jour_apres_modification, tout_a_jour_apres_modification
        from .models import ActionMilieuTravail, FicheEntreprise, TypeAction

        for modele in (Adherent, FicheEntreprise, ActionMilieuTravail):
            post_save.connect(a_jour_apres_modification, sender=modele,
                              dispatch_uid=f"echeances_prevention_{modele.__name__}")
        post_delete.connect(a_jour_apres_modification, sender=ActionMilieuTravail,
                            dispatch_uid="echeances_prevention_suppression_action")
        for modele in (Service, TypeAction):
            post_save.connect(tout_a_jour_apres_modification, sender=modele,
                              dispatch_uid=f"echeances_prevention_tout_{modele.__name__}")
