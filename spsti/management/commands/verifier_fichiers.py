"""Checks every stored file a record points to: present in the storage, fingerprint recorded, content unchanged."""

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import models

from spsti.fichiers import empreinte
from spsti.models import FichierStocke
from spsti.tenancy import tous_services_actifs


def fichiers_references():
    """(model label, field name, storage name) of every stored file a row points to, every service."""
    for modele in apps.get_models():
        if modele.__name__.startswith("Historical"):
            continue
        for champ in modele._meta.get_fields():
            if isinstance(champ, models.FileField):
                for nom in modele._base_manager.exclude(**{champ.name: ""}).values_list(champ.name, flat=True):
                    if nom:
                        yield modele._meta.label, champ.name, nom


class Command(BaseCommand):
    help = ("Vérifie chaque fichier stocké référencé par la base : présent, empreinte SHA-256 enregistrée, "
            "contenu identique à l'empreinte.")

    def add_arguments(self, parser):
        parser.add_argument("--enregistrer", action="store_true",
                            help="Enregistre l'empreinte des fichiers présents qui n'en ont pas encore "
                                 "(fichiers déposés avant la couche de stockage).")

    def handle(self, *args, enregistrer=False, **options):
        empreintes = dict(FichierStocke.objects.values_list("nom", "sha256"))
        verifies, problemes, enregistres = 0, [], 0
        with tous_services_actifs():
            references = list(fichiers_references())
        for modele, champ, nom in references:
            verifies += 1
            if not default_storage.exists(nom):
                problemes.append(f"absent : {nom} ({modele}.{champ})")
                continue
            with default_storage.open(nom, "rb") as fichier:
                sha256, taille = empreinte(fichier)
            attendu = empreintes.get(nom)
            if attendu is None and enregistrer:
                FichierStocke.objects.create(nom=nom, sha256=sha256, taille=taille)
                enregistres += 1
            elif attendu is None:
                problemes.append(f"sans empreinte : {nom} ({modele}.{champ})")
            elif attendu != sha256:
                problemes.append(f"modifié (empreinte différente) : {nom} ({modele}.{champ})")
        for ligne in problemes:
            self.stderr.write(ligne)
        self.stdout.write(f"{verifies} fichier(s) vérifié(s), {len(problemes)} problème(s)"
                          + (f", {enregistres} empreinte(s) enregistrée(s)" if enregistrer else "") + ".")
        if problemes:
            raise CommandError(f"{len(problemes)} fichier(s) absent(s), sans empreinte ou modifié(s).")
