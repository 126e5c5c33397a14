"""The events webhooks carry, and the one function that records them (``evenement``).

A cause calls ``evenement`` inside its own transaction: one ``Livraison`` per matching active
subscription (a member's subscription matches only its own company's events; a partner
system's matches every event of the service) and its delivery recorded in the outbox
(``spsti.effets``), so a rolled-back cause sends nothing and a committed one is delivered even
if the broker is down.

The payload (``charge``) is built here and only here, field by field, from identifiers, dates,
types and links: no name, no free text, never medical content (the examination, the record,
a visit's notes or conclusions). ``tests/test_webhooks.py`` checks every event type against the
list of medical fields.
"""

from django.utils import timezone

from spsti.effets import differer, differer_en_lot

from .models import Abonnement, Livraison, TypeEvenement

GENRE_EFFET = "webhook_livrer"


def _date(valeur) -> str | None:
    return valeur.isoformat() if valeur else None


def convocation(visite) -> dict:
    return {"visite": visite.pk, "salarie": visite.salarie_id, "adherent": visite.salarie.adherent_id,
            "type_visite": visite.type, "debut": _date(visite.debut), "mode": visite.mode,
            "lien": f"/api/v1/visites/{visite.pk}/"}


def document(document) -> dict:
    visite = document.visite
    return {"document": document.pk, "visite": visite.pk, "salarie": visite.salarie_id,
            "adherent": visite.salarie.adherent_id, "nature": document.nature, "emis_le": _date(document.emis_le),
            "lien": f"/api/v1/documents-suivi/{document.pk}/pdf/"}


def declaration(declaration) -> dict:
    return {"declaration": declaration.pk, "adherent": declaration.adherent_id, "annee": declaration.annee,
            "deposee_le": _date(declaration.deposee_le), "lien": f"/api/v1/declarations/{declaration.pk}/"}


def facture(facture) -> dict:
    return {"facture": facture.pk, "adherent": facture.adherent_id, "numero": facture.numero,
            "nature": facture.nature, "emise_le": _date(facture.emise_le), "echeance": _date(facture.echeance),
            "lien": f"/api/v1/factures/{facture.pk}/"}


def evenement(service, type_evenement: str, *, adherent_id: int, donnees: dict) -> list[Livraison]:
    """Records the event for every subscription that wants it (in the caller's transaction)."""
    return evenements(service, type_evenement, [(adherent_id, donnees)])


def evenements(service, type_evenement: str, lignes: list[tuple[int, dict]]) -> list[Livraison]:
    """Several events of one type at once (an invoice run): one query for the subscriptions."""
    TypeEvenement(type_evenement)  # an unknown type is a programming error
    abonnements = [a for a in Abonnement.tous_services.filter(tenant=service, actif=True)
                   if type_evenement in a.evenements]
    if not abonnements or not lignes:
        return []
    maintenant = timezone.now()
    livraisons = []
    for adherent_id, donnees in lignes:
        for abonnement in abonnements:
            if abonnement.adherent_id in (None, adherent_id):
                livraison = Livraison(tenant=service, abonnement=abonnement, evenement=type_evenement,
                                      creee_le=maintenant)
                livraison.charge = {"id": str(livraison.identifiant), "type": type_evenement,
                                    "cree_le": maintenant.isoformat(), "service": service.pk, "donnees": donnees}
                livraisons.append(livraison)
    Livraison.tous_services.bulk_create(livraisons)
    if len(livraisons) == 1:
        programmer(livraisons[0])
    else:  # an invoice run: recorded at once, sent by the outbox's catch-up, never one publish each
        differer_en_lot(service, GENRE_EFFET,
                        [({"livraison_id": envoi.pk}, cle_tentative(envoi)) for envoi in livraisons])
    return livraisons


def cle_tentative(livraison: Livraison, motif: str = "") -> str:
    return f"webhook:{livraison.pk}:{livraison.tentatives + 1}{motif}"


def programmer(livraison: Livraison, dans=None, motif: str = "") -> None:
    """The next attempt of a delivery, through the outbox (``dans``: after a backoff)."""
    differer(livraison.tenant, GENRE_EFFET, {"livraison_id": livraison.pk},
             cle=cle_tentative(livraison, motif), dans=dans)
