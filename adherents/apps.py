from django.apps import AppConfig


class AdherentsConfig(AppConfig):
    name = "adherents"
    verbose_name = "Adhérents"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .effectifs import apres_modification_emploi
        from .models import Emploi

        post_save.connect(apres_modification_emploi, sender=Emploi, dispatch_uid="effectif_apres_emploi")
        post_delete.connect(apres_modification_emploi, sender=Emploi, dispatch_uid="effectif_apres_emploi_supprime")
