"""The member journey (trajectoire adhérent, seed 004): the service's steps and their deadlines,
started at adhesion, followed step by step."""

from datetime import timedelta

from simple_history.utils import bulk_create_with_history

from spsti.permissions import Role

from .models import EtapeAdherent, EtapeTrajectoire

# The steps a service starts with (seed 004, "trajectoire du nouvel adhérent"); each service
# edits them. (code, label, owner role, days after the adhesion)
ETAPES_PAR_DEFAUT = [
    ("accueil", "Appel de bienvenue", Role.SERVICE_ADHERENT, 15),
    ("information", "Rencontre d'information employeur", Role.SERVICE_ADHERENT, 90),
    ("rendez_vous_prevention", "Rendez-vous de la prévention", Role.ASSISTANT_PREVENTION, 182),
    ("plan_action", "Plan d'action prévention", Role.ASSISTANT_PREVENTION, 270),
    ("satisfaction", "Enquête de satisfaction", Role.SERVICE_ADHERENT, 365),
]


def etapes_du_service(service) -> list[EtapeTrajectoire]:
    """The service's active steps, created from the defaults the first time."""
    etapes = EtapeTrajectoire.objects.filter(tenant=service)  # explicit: also right when run unscoped
    if not etapes.exists():
        EtapeTrajectoire.objects.bulk_create([
            EtapeTrajectoire(tenant=service, code=code, libelle=libelle, ordre=ordre, role=role, delai_jours=delai)
            for ordre, (code, libelle, role, delai) in enumerate(ETAPES_PAR_DEFAUT, start=1)])
    return list(etapes.filter(active=True))


def trajectoire_demarrer(adherent) -> list[EtapeAdherent]:
    """Creates the member's steps, each due ``delai_jours`` after its adhesion date."""
    return bulk_create_with_history([
        EtapeAdherent(tenant=adherent.tenant, adherent=adherent, etape=etape,
                      echeance=adherent.date_adhesion + timedelta(days=etape.delai_jours))
        for etape in etapes_du_service(adherent.tenant)], EtapeAdherent, ignore_conflicts=True)
