"""Indicators of the offers and billing (seed 000: requests by type, mediations, self-employed
members followed; the service's average cost against the national band, D4622-27-4)."""

from django.db.models import Sum
from django.db.models.functions import Coalesce

from indicateurs.registre import Indicateur, declarer

from . import selectors
from .models import (
    Accompagnement,
    AffiliationIndependant,
    DemandeOffre,
    DiagnosticEpuisement,
    Facture,
    NatureFacture,
    Offre,
    Paiement,
    QuestionnaireEpuisement,
    StatutDemande,
    TypeOffre,
)

DOMAINE, SOURCE = "Offres et facturation", "Projet de service (seed 000), art. L4622-6 et D4622-27-4"


def _euros(qs, champ) -> int:
    return int(qs.aggregate(s=Coalesce(Sum(champ), 0, output_field=qs.model._meta.get_field(champ)))["s"] or 0)


for type_offre in TypeOffre:
    declarer(Indicateur(
        code=f"offres_{type_offre.value}", domaine=DOMAINE, source="Art. L4622-16-1 (offres publiées)",
        libelle=f"Offres actives — {type_offre.label.lower()}",
        numerateur=lambda periode, t=type_offre: Offre.objects.filter(active=True, type=t)))
    declarer(Indicateur(
        code=f"demandes_{type_offre.value}", domaine=DOMAINE, source=SOURCE,
        libelle=f"Demandes reçues — {type_offre.label.lower()}",
        numerateur=lambda periode, t=type_offre: DemandeOffre.objects.filter(
            offre__type=t, demandee_le__date__range=(periode.debut, periode.fin))))

declarer(Indicateur(
    code="demandes_realisees", domaine=DOMAINE, source=SOURCE, libelle="Demandes réalisées parmi les demandes reçues",
    numerateur=lambda periode: DemandeOffre.objects.filter(
        demandee_le__date__range=(periode.debut, periode.fin), realisee_le__isnull=False),
    denominateur=lambda periode: DemandeOffre.objects.filter(
        demandee_le__date__range=(periode.debut, periode.fin)).exclude(statut=StatutDemande.REFUSEE)))

declarer(Indicateur(
    code="mediations_realisees", domaine=DOMAINE, source="Offre complémentaire (seed 000)",
    libelle="Médiations réalisées",
    numerateur=lambda periode: DemandeOffre.objects.filter(
        offre__code="mediation", realisee_le__range=(periode.debut, periode.fin))))

declarer(Indicateur(
    code="independants_suivis", domaine=DOMAINE, source="Décret 2022-681, offre spécifique (seed 000)",
    libelle="Travailleurs indépendants affiliés sur la période",
    numerateur=lambda periode: AffiliationIndependant.objects.filter(
        debut__lte=periode.fin, fin__gte=periode.debut).values("adherent").distinct()))

def _burnouts(periode):
    """Burnout diagnoses recorded over the period (counts only: the rows are medical)."""
    return QuestionnaireEpuisement.objects.filter(diagnostic=DiagnosticEpuisement.EPUISEMENT,
                                                  examine_le__date__range=(periode.debut, periode.fin))


declarer(Indicateur(
    code="epuisements_accompagnes", domaine=DOMAINE, source="Offre spécifique, questionnaire (seeds 000 et 003)",
    libelle="Diagnostics d'épuisement professionnel suivis d'un accompagnement",
    definition="Questionnaires des travailleurs indépendants examinés sur la période avec un diagnostic "
               "d'épuisement professionnel : part de ceux pour lesquels un accompagnement a été proposé et accepté.",
    numerateur=lambda periode: _burnouts(periode).exclude(
        accompagnement__in=["", Accompagnement.AUCUN, Accompagnement.REFUSE]),
    denominateur=_burnouts))

declarer(Indicateur(
    code="cotisations_appelees", domaine=DOMAINE, source="Art. L4622-6", libelle="Cotisations appelées (€ TTC)",
    numerateur=lambda periode: _euros(Facture.objects.filter(appel__annee=periode.debut.year,
                                                              nature=NatureFacture.FACTURE), "montant_ttc")))

declarer(Indicateur(
    code="cotisations_encaissees", domaine=DOMAINE, source="Art. L4622-6",
    libelle="Part des cotisations appelées encaissée",
    numerateur=lambda periode: _euros(Paiement.objects.filter(facture__appel__annee=periode.debut.year), "montant"),
    denominateur=lambda periode: _euros(Facture.objects.filter(appel__annee=periode.debut.year,
                                                                nature=NatureFacture.FACTURE), "montant_ttc")))

declarer(Indicateur(
    code="impayes_echus", domaine=DOMAINE, source="Suivi de la facturation", libelle="Impayés échus (€ TTC)",
    numerateur=lambda periode: int(selectors.factures_echues(periode.fin).aggregate(s=Sum("reste"))["s"] or 0)))

declarer(Indicateur(
    code="cout_moyen_service", domaine=DOMAINE, source="Art. D4622-27-4 (coût moyen du service, en €)",
    libelle="Coût moyen par salarié du service",
    numerateur=lambda periode: int(selectors.cout_moyen(periode.debut.year)["cout"] or 0)))

declarer(Indicateur(
    code="cout_moyen_national", domaine=DOMAINE, source="Arrêté annuel, art. D4622-27-4 (en €)",
    libelle="Coût moyen national par salarié",
    numerateur=lambda periode: int(selectors.cout_moyen(periode.debut.year)["national"] or 0)))

