"""Thesauri a service edits: the lists of labels its staff pick from (entry sources of the PDP
cell, hazard families, workplace action types...), seeded from the source documents.

A thesaurus is a concrete subclass of ``EntreeThesaurus`` declared with ``@thesaurus(cle)``.
Its seeded entries carry a stable ``code`` that rules and indicators may rely on; a service
renames, reorders and deactivates them and adds its own (without code). Entries are never
deleted: rows refer to them. Missing seeded entries are added the first time a service reads
the list (``entrees``), so a new version's seeds reach existing services.
"""

from typing import ClassVar

from django.db import models

from .tenancy import ModeleService, historique

REGISTRE: dict[str, type["EntreeThesaurus"]] = {}


class EntreeThesaurus(ModeleService):
    code = models.SlugField("code", max_length=60, blank=True,
                            help_text="Identifiant des entrées amorcées ; vide pour celles du service.")
    libelle = models.CharField("libellé", max_length=150)
    ordre = models.PositiveSmallIntegerField("ordre d'affichage", default=100)
    actif = models.BooleanField("actif", default=True, help_text="Décoché : n'est plus proposé, reste sur "
                                                                 "les fiches qui l'utilisent.")

    history = historique(inherit=True)

    # Seeded entries: dicts with ``code`` and ``libelle`` (and any other field of the model).
    AMORCE: ClassVar[list[dict]] = []
    # Model fields the service edits besides the label, order and state.
    CHAMPS_EDITABLES: ClassVar[tuple[str, ...]] = ()

    class Meta(ModeleService.Meta):
        abstract = True
        ordering = ["ordre", "libelle"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "libelle"], name="%(app_label)s_%(class)s_libelle_unique",
                                    violation_error_message="Ce libellé existe déjà dans la liste."),
            models.UniqueConstraint(fields=["tenant", "code"], condition=~models.Q(code=""),
                                    name="%(app_label)s_%(class)s_code_unique"),
        ]

    def __str__(self):
        return self.libelle

    @classmethod
    def entrees(cls, service) -> models.QuerySet:
        """The service's entries, its missing seeded ones added first."""
        presents = set(cls.objects.filter(tenant=service).exclude(code="").values_list("code", flat=True))
        manquantes = [cls(tenant=service, ordre=(rang + 1) * 10, **entree)
                      for rang, entree in enumerate(cls.AMORCE) if entree["code"] not in presents]
        if manquantes:  # a service's own entry may already bear a seeded label: it stays
            cls.objects.bulk_create(manquantes, ignore_conflicts=True)
        return cls.objects.filter(tenant=service)

    @classmethod
    def par_code(cls, service, code: str) -> "EntreeThesaurus":
        return cls.entrees(service).get(code=code)


def thesaurus(cle: str):
    """Registers a thesaurus under ``cle`` (its URL in the director's pages)."""
    def enregistrer(modele):
        REGISTRE[cle] = modele
        return modele
    return enregistrer
