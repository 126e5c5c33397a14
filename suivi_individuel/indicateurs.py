"""Indicators of individual follow-up: the visits done (DGT survey counters, by legal type,
professional and mode), the due list (done against due, late), no-shows, and the trajectories of
the service project (share of the visits done by nurses, telehealth) with their yearly targets.

Visits count by their ``date`` in the period; deadlines are the open rows of the due list
(``Echeance``, recomputed whenever a worker's data changes)."""

from django.utils import timezone

from indicateurs.registre import Indicateur, declarer, service_courant
from spsti.permissions import Role

from .models import Echeance, ModeRealisation, StatutVisite, TypeVisite, Visite
from .rules import RESERVEES_AU_MEDECIN

DOMAINE = "Suivi individuel"
DGT = "Enquête annuelle DGT"
PROJET_DE_SERVICE = "Projet de service, délégation et télésanté (seed 000)"

# Yearly targets, in percent, used for the years a service did not set in ``Service.parametres``.
# From seed 000 (GMSI84 service project 2022-2027, action 2 « Délégation des missions des médecins
# vers les infirmières & télésanté », indicateurs de réussite): mid-career visits shared
# « 2023=50%/50%, 2024=60%/40%, 2025=70%/30%, 2026=80%/20% », the rising share being the nurses'
# (the project moves these visits towards them); visits done by telehealth « 2024=39%, 2025=45%,
# 2026=50%, 2027=50% ».
OBJECTIFS_PAR_DEFAUT = {
    "objectifs_part_infirmier": {TypeVisite.MI_CARRIERE.value: {"2023": 50, "2024": 60, "2025": 70, "2026": 80}},
    "objectifs_teleconsultation": {"2024": 39, "2025": 45, "2026": 50, "2027": 50},
}


def _compte(statuts=(StatutVisite.REALISEE,), **filtres):
    """A numerator or denominator: the visits of the period in these statuses (by default, the
    visits done) matching the filters."""
    return lambda periode: Visite.objects.filter(
        date__range=(periode.debut, periode.fin), statut__in=statuts, **filtres).count()


def _objectif(cle, type_visite=None):
    """A target: the year of the period's end in ``Service.parametres[cle]`` (under the visit
    type's key for the nurse share) of the active service, else in ``OBJECTIFS_PAR_DEFAUT``.
    A year set to null has no target."""
    def cible(periode):
        annee = str(periode.fin.year)
        for objectifs in ((service_courant().parametres or {}).get(cle, {}), OBJECTIFS_PAR_DEFAUT[cle]):
            if type_visite is not None:
                objectifs = objectifs.get(type_visite, {})
            if annee in objectifs:
                return None if objectifs[annee] is None else float(objectifs[annee])
        return None
    return cible


def _echeances_obligatoires():
    return Echeance.objects.filter(obligatoire=True)


declarer(Indicateur(
    code="visites_realisees", domaine=DOMAINE, source=DGT, libelle="Visites réalisées", numerateur=_compte()))

for type_visite in TypeVisite:
    declarer(Indicateur(
        code=f"visites_realisees_type_{type_visite.value}", domaine=DOMAINE, source=DGT,
        libelle=f"Visites réalisées — {type_visite.label}", numerateur=_compte(type=type_visite)))

for role in (Role.MEDECIN, Role.INFIRMIER):
    declarer(Indicateur(
        code=f"visites_realisees_role_{role.value}", domaine=DOMAINE, source=DGT,
        libelle=f"Visites réalisées — {role.label.lower()}", numerateur=_compte(professionnel__role=role)))

for mode in ModeRealisation:
    declarer(Indicateur(
        code=f"visites_realisees_mode_{mode.value}", domaine=DOMAINE, source=DGT,
        libelle=f"Visites réalisées — {mode.label.lower()}", numerateur=_compte(mode=mode)))

declarer(Indicateur(
    code="visites_realisees_sur_echeances_dues", domaine=DOMAINE,
    source="Réalisé / prévisionnel, projet de service (seed 000)",
    libelle="Visites réalisées rapportées aux échéances obligatoires arrivant à terme sur la période",
    numerateur=_compte(),
    denominateur=lambda periode: _echeances_obligatoires().filter(
        au_plus_tard__range=(periode.debut, periode.fin)).count()))

declarer(Indicateur(
    code="echeances_en_retard", domaine=DOMAINE, source="Échéancier légal (R4624-10 à R4624-31)",
    libelle="Visites obligatoires en retard (échéances ouvertes dépassées)",
    numerateur=lambda periode: _echeances_obligatoires().filter(
        au_plus_tard__lt=min(periode.fin, timezone.localdate())).count()))

declarer(Indicateur(
    code="taux_absence_non_excusee", domaine=DOMAINE, source="Absentéisme aux visites, Présanse (seed 002)",
    libelle="Absences non excusées aux visites (sur les visites réalisées ou manquées)",
    numerateur=_compte(statuts=(StatutVisite.ABSENTE,)),
    denominateur=_compte(statuts=(StatutVisite.REALISEE, StatutVisite.ABSENTE, StatutVisite.EXCUSEE))))

for type_visite in TypeVisite:
    if type_visite in RESERVEES_AU_MEDECIN:  # R4623-14: never delegated to a nurse
        continue
    declarer(Indicateur(
        code=f"part_infirmier_{type_visite.value}", domaine=DOMAINE, source=PROJET_DE_SERVICE,
        libelle=f"Part réalisée par un·e infirmier·e — {type_visite.label}",
        numerateur=_compte(type=type_visite, professionnel__role=Role.INFIRMIER),
        denominateur=_compte(type=type_visite),
        cible=_objectif("objectifs_part_infirmier", type_visite.value)))

declarer(Indicateur(
    code="part_teleconsultation", domaine=DOMAINE, source=PROJET_DE_SERVICE,
    libelle="Part des visites réalisées en téléconsultation",
    numerateur=_compte(mode=ModeRealisation.TELECONSULTATION), denominateur=_compte(),
    cible=_objectif("objectifs_teleconsultation")))
