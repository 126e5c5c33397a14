"""Alert sources and the sweep that turns them into ``Alerte`` rows.

An app declares a source in its ``alertes.py``::

    @source_alertes("adherent_sans_equipe")
    def adherents_sans_equipe(aujourd_hui):
        for adherent in ...:
            yield AlerteDue(objet=adherent, libelle=..., role=Role.SERVICE_ADHERENT,
                            equipe=None, due_depuis=...)

The sweep runs inside one service's scope: it opens alerts for new dues and closes the open
alerts whose cause has disappeared. Running it twice changes nothing.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from .tenancy import creer_avec_historique, historique_en_masse


@dataclass(frozen=True)
class AlerteDue:
    objet: models.Model
    libelle: str
    role: str
    due_depuis: date
    equipe: models.Model | None = None
    # When the service took the object in charge (the member's adhesion, the worker's hire with
    # it): an alert due before is "reprise de stock", triaged once rather than a daily alarm.
    pris_en_charge_le: date | None = None

    @property
    def reprise_stock(self) -> bool:
        return self.pris_en_charge_le is not None and self.due_depuis < self.pris_en_charge_le


SOURCES: dict[str, Callable[[date], Iterable[AlerteDue]]] = {}
LIBELLES: dict[str, str] = {}  # what each kind of alert is called where alerts are grouped


def source_alertes(code: str, libelle: str = ""):
    def enregistrer(fonction):
        if code in SOURCES:
            raise ValueError(f"Source d'alertes déjà déclarée : {code}")
        SOURCES[code] = fonction
        LIBELLES[code] = libelle or "Autres alertes"
        return fonction
    return enregistrer


@transaction.atomic
def balayer_alertes(aujourd_hui: date, codes: Iterable[str] | None = None) -> dict[str, int]:
    """Run every source (or those named) in the active service scope. Returns counts opened /
    closed. New and closed alerts are written in bulk (a source may yield thousands), with
    their history."""
    from .models import Alerte

    nouvelles, resolues, maintenant = [], [], timezone.now()
    for code, source in SOURCES.items():
        if codes is not None and code not in codes:
            continue
        existantes = {(type_objet, objet): pk for type_objet, objet, pk in Alerte.objects.filter(
            source=code, resolue_le__isnull=True).values_list("content_type_id", "object_id", "pk")}
        vues = set()
        for due in source(aujourd_hui):
            cle = (ContentType.objects.get_for_model(due.objet).id, due.objet.pk)
            if cle in vues:  # one open alert per object and source: the earliest due wins
                continue
            vues.add(cle)
            if cle not in existantes:
                nouvelles.append(Alerte(
                    tenant_id=due.objet.tenant_id, source=code, libelle=due.libelle, role=due.role,
                    equipe=due.equipe, due_depuis=due.due_depuis, content_type_id=cle[0], object_id=cle[1],
                    reprise_stock=due.reprise_stock))
        resolues += [pk for cle, pk in existantes.items() if cle not in vues]
    creer_avec_historique(nouvelles, Alerte)
    Alerte.objects.filter(pk__parmi=resolues).update(resolue_le=maintenant)
    historique_en_masse(Alerte, resolues, "~")
    return {"ouvertes": len(nouvelles), "closes": len(resolues)}
