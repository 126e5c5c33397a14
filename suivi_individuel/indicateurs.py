"""Indicators of individual follow-up: the visits done (DGT survey counters, by legal type,
professional and mode), the due list (done against due, late), no-shows, and the trajectories of
the service project (share of the visits done by nurses, telehealth) with their yearly targets.

Visits count by their ``date`` in the period; deadlines are the open rows of the due list
(``Echeance``, recomputed whenever a worker's data changes)."""

from django.db.models import Q
from django.utils import timezone

from indicateurs.registre import Comptage, Indicateur, declarer, service_courant
from spsti.permissions import Role

from .models import DocumentSuivi, Echeance, ModeRealisation, NatureDocument, StatutVisite, TypeVisite, Visite
from .rules import RESERVEES_AU_MEDECIN

DOMAINE = "Suivi individuel"
DGT = "Enquête annuelle DGT"
PROJET_DE_SERVICE = "Projet de service, délégation et télésanté (seed 000)"
REF_DGT_VISITES = "Enquête DGT — Visites par type, par professionnel et en téléconsultation"
REF_CERTIF_SOCLE = "Certification — Qualité de l'offre socle"
REF_CPOM_SUIVI = "CPOM — Suivi individuel de l'état de santé"
REF_PROJET = "Projet de service — Délégation aux infirmiers et télésanté"
# Visit types the due list makes compulsory (the others are on request or optional: pre-return,
# liaison meeting, R4624-29, L1226-1-3, R4624-34).
TYPES_OBLIGATOIRES = [t for t in TypeVisite if t not in {
    TypeVisite.PRE_REPRISE, TypeVisite.RENDEZ_VOUS_LIAISON, TypeVisite.DEMANDE_SALARIE,
    TypeVisite.DEMANDE_EMPLOYEUR, TypeVisite.DEMANDE_MEDECIN}]

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


def _visites(statuts=(StatutVisite.REALISEE,), **filtres):
    """The visits of the period in these statuses (by default, the visits done) matching the filters."""
    return lambda periode: Visite.objects.filter(
        date__range=(periode.debut, periode.fin), statut__in=statuts, **filtres)


def _comptage(lignes, numerateur=None, taux=False):
    """Visits counted row by row: broken down by member, team and professional, listed on drill-down."""
    return Comptage(lignes=lignes, taux=taux, numerateur=numerateur or Q(), adherent="salarie__adherent",
                    equipe="salarie__adherent__equipe", professionnel="professionnel", liste="visites")


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


_PERIODE = "Période : les visites dont la date tombe dans la période choisie."

declarer(Indicateur(
    code="visites_realisees", domaine=DOMAINE, source=DGT, libelle="Visites réalisées",
    comptage=_comptage(_visites()),
    definition="Nombre de visites et examens réalisés (statut « réalisée »), tous types, par tout professionnel. "
               + _PERIODE,
    references=(REF_DGT_VISITES, REF_CERTIF_SOCLE)))

for type_visite in TypeVisite:
    declarer(Indicateur(
        code=f"visites_realisees_type_{type_visite.value}", domaine=DOMAINE, source=DGT,
        libelle=f"Visites réalisées — {type_visite.label}", comptage=_comptage(_visites(type=type_visite)),
        definition=f"Nombre de visites réalisées du type « {type_visite.label} ». Les types additionnés donnent "
                   "le total des visites réalisées. " + _PERIODE,
        references=(REF_DGT_VISITES,)))

# Every visit done falls in exactly one of these: its professional is a physician, a nurse, or
# anyone else / not recorded (a visit imported without its professional). Without the last one
# the parts did not add up to the total (973 against 1,074 on the demo data).
PAR_PROFESSIONNEL = [
    ("medecin", "par un·e médecin", Q(professionnel__role=Role.MEDECIN)),
    ("infirmier", "par un·e infirmier·e", Q(professionnel__role=Role.INFIRMIER)),
    ("autre", "professionnel autre ou non renseigné",
     Q(professionnel__isnull=True) | ~Q(professionnel__role__in=[Role.MEDECIN, Role.INFIRMIER])),
]
for cle, libelle, condition in PAR_PROFESSIONNEL:
    declarer(Indicateur(
        code=f"visites_realisees_role_{cle}", domaine=DOMAINE, source=DGT,
        libelle=f"Visites réalisées — {libelle}",
        comptage=Comptage(lignes=lambda periode, condition=condition: _visites()(periode).filter(condition),
                          adherent="salarie__adherent", equipe="salarie__adherent__equipe",
                          professionnel="professionnel", liste="visites"),
        definition=f"Nombre de visites réalisées {libelle}. Médecins, infirmiers et « autre ou non renseigné » "
                   "additionnés donnent le total des visites réalisées. " + _PERIODE,
        references=(REF_DGT_VISITES,)))

for mode in ModeRealisation:
    declarer(Indicateur(
        code=f"visites_realisees_mode_{mode.value}", domaine=DOMAINE, source=DGT,
        libelle=f"Visites réalisées — {mode.label.lower()}", comptage=_comptage(_visites(mode=mode)),
        definition=f"Nombre de visites réalisées {mode.label.lower()}. Les modes additionnés donnent le total. "
                   + _PERIODE,
        references=(REF_DGT_VISITES,)))


def _obligatoires_realisees(periode):
    return _visites(type__in=TYPES_OBLIGATOIRES)(periode).count()


def _echeances_restees_ouvertes(periode):
    return _echeances_obligatoires().filter(au_plus_tard__range=(periode.debut, periode.fin)).count()


# Formerly "visits done / due deadlines falling in the period" (464.9 % on the demo data): the
# numerator counted every visit done, of any type, while the denominator counted only the
# deadlines still open (a deadline met leaves the due list). Both now count the same population:
# the compulsory visits of the period, done or still owed.
declarer(Indicateur(
    code="visites_realisees_sur_echeances_dues", domaine=DOMAINE,
    source="Réalisé / prévisionnel, projet de service (seed 000)",
    libelle="Visites obligatoires de la période réalisées",
    numerateur=_obligatoires_realisees,
    denominateur=lambda periode: _obligatoires_realisees(periode) + _echeances_restees_ouvertes(periode),
    definition="Numérateur : visites obligatoires (VIP, examens d'aptitude, visites intermédiaires SIR, reprise, "
               "mi-carrière, post-exposition, post-maternité) réalisées dans la période. Dénominateur : ces "
               "visites, plus les échéances obligatoires arrivées à terme dans la période et encore ouvertes "
               "(visites dues et non faites).",
    references=(REF_CERTIF_SOCLE, REF_CPOM_SUIVI, "Projet de service — Réalisé / prévisionnel")))

declarer(Indicateur(
    code="echeances_en_retard", domaine=DOMAINE, source="Échéancier légal (R4624-10 à R4624-31)",
    libelle="Visites obligatoires en retard (échéances ouvertes dépassées)",
    comptage=Comptage(
        lignes=lambda periode: _echeances_obligatoires().filter(
            au_plus_tard__lt=min(periode.fin, timezone.localdate())),
        adherent="salarie__adherent", equipe="salarie__adherent__equipe", liste="echeances"),
    definition="Nombre d'échéances de visites obligatoires de l'échéancier encore ouvertes dont la date limite est "
               "dépassée (à la fin de la période, ou aujourd'hui pour la période en cours).",
    references=(REF_CERTIF_SOCLE, REF_CPOM_SUIVI)))

declarer(Indicateur(
    code="taux_absence_non_excusee", domaine=DOMAINE, source="Absentéisme aux visites, Présanse (seed 002)",
    libelle="Absences non excusées aux visites (sur les visites réalisées ou manquées)",
    comptage=_comptage(_visites(statuts=(StatutVisite.REALISEE, StatutVisite.ABSENTE, StatutVisite.EXCUSEE)),
                       numerateur=Q(statut=StatutVisite.ABSENTE), taux=True),
    definition="Numérateur : visites de la période où le salarié ne s'est pas présenté sans excuse. Dénominateur : "
               "visites de la période réalisées, manquées sans excuse ou excusées.",
    references=(REF_CPOM_SUIVI, "Simulateur de temps médical — taux d'absence")))

for type_visite in TypeVisite:
    if type_visite in RESERVEES_AU_MEDECIN:  # R4623-14: never delegated to a nurse
        continue
    declarer(Indicateur(
        code=f"part_infirmier_{type_visite.value}", domaine=DOMAINE, source=PROJET_DE_SERVICE,
        libelle=f"Part réalisée par un·e infirmier·e — {type_visite.label}",
        comptage=_comptage(_visites(type=type_visite), numerateur=Q(professionnel__role=Role.INFIRMIER), taux=True),
        cible=_objectif("objectifs_part_infirmier", type_visite.value),
        definition=f"Numérateur : visites « {type_visite.label} » réalisées par un·e infirmier·e. Dénominateur : "
                   f"toutes les visites « {type_visite.label} » réalisées. " + _PERIODE,
        references=(REF_PROJET, REF_DGT_VISITES, "CPOM — Délégation aux infirmiers")))

declarer(Indicateur(
    code="part_teleconsultation", domaine=DOMAINE, source=PROJET_DE_SERVICE,
    libelle="Part des visites réalisées en téléconsultation",
    comptage=_comptage(_visites(), numerateur=Q(mode=ModeRealisation.TELECONSULTATION), taux=True),
    cible=_objectif("objectifs_teleconsultation"),
    definition="Numérateur : visites réalisées en téléconsultation. Dénominateur : toutes les visites réalisées. "
               + _PERIODE,
    references=(REF_PROJET, REF_DGT_VISITES, "CPOM — Télésanté")))

declarer(Indicateur(
    code="avis_inaptitude", domaine=DOMAINE, source=DGT, libelle="Avis d'inaptitude émis",
    comptage=Comptage(lignes=lambda periode: Visite.objects.filter(
        statut=StatutVisite.REALISEE, date__range=(periode.debut, periode.fin),
        pk__in=DocumentSuivi.objects.filter(nature=NatureDocument.AVIS_INAPTITUDE).values("visite_id")),
        adherent="salarie__adherent", equipe="salarie__adherent__equipe", professionnel="professionnel",
        liste="visites", medical=True),
    definition="Nombre de visites réalisées dans la période ayant donné lieu à un avis d'inaptitude (R4624-42). "
               "La liste des salariés concernés n'est ouverte qu'aux médecins et infirmiers.",
    references=("Enquête DGT — Avis d'inaptitude", REF_CERTIF_SOCLE)))
