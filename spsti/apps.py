from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.module_loading import autodiscover_modules


class SpstiConfig(AppConfig):
    name = "spsti"
    verbose_name = "Services (SPSTI)"

    def ready(self):
        # Each app declares its alert sources and indicators in these modules.
        autodiscover_modules("alertes")
        autodiscover_modules("indicateurs")
        autodiscover_modules("journee")  # the blocks of each role's home ("Ma journée")

        from .securite_lignes import appliquer_politiques

        post_migrate.connect(appliquer_politiques, dispatch_uid="spsti_securite_lignes")
