"""Helpers of the billing tests: a service's socle grid and catalogue."""

from datetime import date
from decimal import Decimal

from offres.models import GrilleTarifaire, Offre, TypeOffre
from offres.selectors import CODE_COTISATION


def offre_cotisation(service) -> Offre:
    return Offre.objects.get_or_create(tenant=service, code=CODE_COTISATION, defaults={
        "type": TypeOffre.SOCLE, "nom": "Cotisation — offre socle"})[0]


def grille_socle(service, annee=2026, prix="110.00", droit_entree="0", **kwargs) -> GrilleTarifaire:
    return GrilleTarifaire.objects.create(
        tenant=service, offre=offre_cotisation(service), annee=annee, mode=kwargs.pop("mode", "par_salarie"),
        prix=Decimal(prix), droit_entree=Decimal(droit_entree), date_approbation_ag=date(annee - 1, 12, 10), **kwargs)


def offre_complementaire(service, code="mediation", nom="Médiation", prix="90.00", mode="horaire", annee=2026):
    offre = Offre.objects.create(tenant=service, code=code, nom=nom, type=TypeOffre.COMPLEMENTAIRE,
                                 description="Médiation entre salariés et encadrement.")
    GrilleTarifaire.objects.create(tenant=service, offre=offre, annee=annee, mode=mode, prix=Decimal(prix),
                                   date_approbation_ag=date(annee - 1, 12, 10))
    return offre
