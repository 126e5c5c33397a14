"""Helpers of the billing tests: a service's socle grid and catalogue."""

from datetime import date, timedelta
from decimal import Decimal

from offres import rules
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


def une_facture(monde):
    """An issued invoice of the world's member (issued once per world)."""
    from offres import services
    from spsti.permissions import Role
    from spsti.tenancy import service_actif

    if not hasattr(monde, "facture"):
        with service_actif(monde.service):
            monde.facture = services.facture_emettre(
                adherent=monde.adherent, par=monde.membres[Role.COMPTABLE].utilisateur, objet="Médiation",
                emise_le=date(2026, 3, 1),
                lignes=[services.Ligne("Médiation (3 heures)", Decimal(3), Decimal("90.00"), Decimal("20.00"))])
    return monde.facture


def une_grille(monde):
    from spsti.tenancy import service_actif

    if not hasattr(monde, "grille"):
        with service_actif(monde.service):
            monde.grille = grille_socle(monde.service)
    return monde.grille


def un_appel(monde):
    from offres.models import AppelCotisation
    from spsti.permissions import Role

    if not hasattr(monde, "appel"):
        monde.appel = AppelCotisation.objects.create(tenant=monde.service, annee=2026,
                                                     lance_par=monde.membres[Role.COMPTABLE].utilisateur)
    return monde.appel


def une_demande_offre(monde):
    from offres.models import DemandeOffre
    from spsti.permissions import Role

    if not hasattr(monde, "demande_offre"):
        offre = offre_complementaire(monde.service, code=f"mediation-{monde.service.pk}")
        offre.role_responsable = Role.IPRP
        Offre.tous_services.filter(pk=offre.pk).update(role_responsable=Role.IPRP)
        monde.demande_offre = DemandeOffre.objects.create(
            tenant=monde.service, adherent=monde.adherent, offre=offre, besoin="Conflit dans l'équipe de nuit",
            demandee_par=monde.membres[Role.ADHERENT].utilisateur)
    return monde.demande_offre


def des_frais(monde):
    from django.utils import timezone

    from offres.models import FraisAbsence
    from spsti.permissions import Role
    from suivi_individuel.models import StatutVisite, Visite

    if not hasattr(monde, "frais"):
        visite = Visite.objects.create(tenant=monde.service, salarie=monde.salarie, type="vip_periodique",
                                       statut=StatutVisite.ABSENTE, debut=timezone.now() - timedelta(days=2),
                                       professionnel=monde.membres[Role.MEDECIN])
        monde.frais = FraisAbsence.objects.create(tenant=monde.service, visite=visite, adherent=monde.adherent,
                                                  montant=Decimal("80.00"))
    return monde.frais


def un_questionnaire(monde):
    """A self-employed member's burnout questionnaire: the world's worker answers (balance −12)."""
    from offres.models import QuestionnaireEpuisement

    if not hasattr(monde, "questionnaire"):
        reponses = {code: 2 for code, _ in rules.QUESTIONS_RESSOURCES} | {
            code: 4 for code, _ in rules.QUESTIONS_CONTRAINTES}
        monde.questionnaire = QuestionnaireEpuisement.objects.create(
            tenant=monde.service, adherent=monde.adherent, salarie=monde.salarie, reponses=reponses,
            ressources=12, contraintes=24)
    return monde.questionnaire
