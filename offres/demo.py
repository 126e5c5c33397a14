"""Billing demo data (called by ``manage.py donnees_demo`` for each demo service): the catalogue,
the 2026 grids approved by the general assembly and the 2027 ones awaiting its vote, the 2026
call issued, some payments, the demo employer's request and a no-show fee to decide."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from spsti.models import Rattachement
from spsti.tenancy import creer_avec_historique, service_actif

from . import services
from .catalogue import CODE_ABSENCE, CODE_INDEPENDANT, catalogue_initial
from .models import (
    AppelCotisation,
    ChargesSocle,
    DemandeOffre,
    GrilleTarifaire,
    MandatSEPA,
    ModePaiement,
    Offre,
    Paiement,
)
from .selectors import CODE_COTISATION

GRILLES = {  # code → (mode, price 2026 € HT)
    CODE_COTISATION: ("par_salarie", "108.00"), "mediation": ("horaire", "95.00"),
    "accompagnement-rps": ("forfait", "1800.00"), "formation-prap": ("forfait", "650.00"),
    "formation-sst": ("acte", "180.00"), "vaccination": ("acte", "35.00"), "campagne-bruit": ("forfait", "1200.00"),
    CODE_INDEPENDANT: ("forfait", "120.00"), CODE_ABSENCE: ("acte", "80.00"),
}


def charger(service, cle: str, adherents) -> None:
    with service_actif(service):
        service.parametres = {**service.parametres, "offres": {
            "delai_annulation": "72h", "frais_absence": "80.00", "delai_paiement": 30,
            "iban": "FR7630006000011234567890189", "bic": "AGRIFRPP",
            "ics": f"FR{service.pk % 100:02d}ZZZ{service.siren[:6]}"}}
        service.save(update_fields=["parametres"])
        offres = {o.code: o for o in catalogue_initial(service)}
        for code, (mode, prix) in GRILLES.items():
            GrilleTarifaire.objects.create(tenant=service, offre=offres[code], annee=2026, mode=mode,
                                           prix=Decimal(prix), date_approbation_ag=date(2025, 12, 9),
                                           droit_entree=Decimal("40.00") if code == CODE_COTISATION else 0,
                                           minimum=Decimal("90.00") if code == CODE_COTISATION else 0)
        GrilleTarifaire.objects.create(tenant=service, offre=offres[CODE_COTISATION], annee=2027, mode="par_salarie",
                                       prix=Decimal("111.00"), droit_entree=Decimal("40.00"))  # for the December AG
        ChargesSocle.objects.create(tenant=service, annee=2025, montant=Decimal("1480000"))
        comptable = Rattachement.objects.get(utilisateur__email=f"comptable@{cle}.demo").utilisateur
        employeur = Rattachement.objects.get(utilisateur__email=f"adherent@{cle}.demo").utilisateur
        appel = AppelCotisation.objects.create(tenant=service, annee=2026, lance_par=comptable)
        services.appel_emettre(appel, emise_le=date(2026, 2, 16))
        # A quarter unpaid, one in eight paid in part; written in bulk (fresh invoices, nothing
        # paid yet: ``paiement_enregistrer``'s checks and lock per invoice cost more than the rest).
        creer_avec_historique([
            Paiement(tenant=service, facture_id=pk, saisi_par=comptable, date=date(2026, 3, 10),
                     montant=montant if numero % 8 else (montant / 2).quantize(Decimal("0.01")),
                     mode=[ModePaiement.VIREMENT, ModePaiement.CHEQUE][numero % 2])
            for numero, (pk, montant) in enumerate(appel.factures.order_by("numero").values_list("pk", "montant_ttc"))
            if numero % 4 != 3], Paiement)
        MandatSEPA.objects.create(tenant=service, adherent=adherents[1], reference=f"RUM-{service.pk}-0001",
                                  iban="FR7610107001011234567890129", bic="BREDFRPP", signe_le=date(2025, 1, 6))
        DemandeOffre.objects.create(
            tenant=service, adherent=adherents[0], offre=Offre.objects.get(code="campagne-bruit"),
            besoin="Nos caristes se plaignent du bruit près de la presse : pouvez-vous mesurer ?",
            demandee_le=timezone.now() - timedelta(days=3), demandee_par=employeur)
        services.frais_absence_proposer(service, timezone.localdate())
