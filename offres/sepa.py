"""The SEPA direct-debit file (pain.008.001.02, built by ``sepaxml``) of the invoices due by a
date whose member signed a mandate."""

from datetime import date

from django.core.exceptions import ValidationError
from sepaxml import SepaDD

from .models import MandatSEPA, NatureFacture
from .services import parametres_facturation


def fichier_prelevement(service, echeance: date) -> tuple[bytes, int]:
    """(XML, number of debits). Each invoice is debited for what is still owed on it."""
    from .models import Facture

    reglages = parametres_facturation(service)
    if not (reglages["iban"] and reglages["bic"] and reglages["ics"]):
        raise ValidationError("Renseignez l'IBAN, le BIC et l'identifiant créancier SEPA (ICS) du service "
                              "dans ses paramètres de facturation.")
    mandats = {m.adherent_id: m for m in MandatSEPA.objects.filter(actif=True)}
    factures = (Facture.objects.avec_reste().filter(nature=NatureFacture.FACTURE, echeance__lte=echeance,
                                                    adherent_id__in=list(mandats)).select_related("adherent"))
    sepa = SepaDD({"name": service.nom[:70], "IBAN": reglages["iban"].replace(" ", ""), "BIC": reglages["bic"],
                   "batch": True, "creditor_id": reglages["ics"], "currency": "EUR", "instrument": "CORE"},
                  schema="pain.008.001.02", clean=True)
    nombre = 0
    for facture in factures:
        if facture.reste <= 0:
            continue
        mandat = mandats[facture.adherent_id]
        sepa.add_payment({"name": facture.adherent.raison_sociale, "IBAN": mandat.iban.replace(" ", ""),
                          "BIC": mandat.bic, "amount": int(facture.reste * 100), "type": "RCUR",
                          "collection_date": max(echeance, date.today()), "mandate_id": mandat.reference,
                          "mandate_date": mandat.signe_le,
                          "description": f"Facture {facture.numero} {service.nom}"[:140],
                          "endtoend_id": facture.numero.replace("-", "")})
        nombre += 1
    return (sepa.export(validate=True) if nombre else b""), nombre
