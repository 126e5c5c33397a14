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
        autodiscover_modules("effets")  # the outbox's handlers (spsti.effets)
        autodiscover_modules("journee")  # the blocks of each role's home ("Ma journée")

        from . import requetes  # noqa: F401 — registers the ``parmi`` lookup
        from .securite_lignes import appliquer_politiques

        post_migrate.connect(appliquer_politiques, sender=self, dispatch_uid="spsti_securite_lignes")

        # The API's model date-times accept years 2000 to 2100 only (see spsti.api.DateHeureAPI).
        from django.db import models
        from rest_framework import serializers

        from .contrat_api import DateHeureAPI

        serializers.ModelSerializer.serializer_field_mapping[models.DateTimeField] = DateHeureAPI
