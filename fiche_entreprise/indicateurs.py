"""Indicators of prevention in companies (seeds 000 § carnet « offre socle », 001 § 4.8; DGT
survey counters): FE done or updated within four years, FE in the year of adhesion, primary
actions within four years, CSE/CSSCT participations, workplace actions and measurements.

"Within four years" is the indicators' fixed definition (the services' shared wording), whatever
stricter periodicity a service sets for its own deadlines."""

from dateutil.relativedelta import relativedelta
from django.db.models import Exists, Min, OuterRef, Q
from django.db.models.functions import TruncDate

from adherents.models import Adherent, StatutAdherent
from indicateurs.registre import Comptage, Indicateur, declarer

from .models import (
    ActionMilieuTravail,
    DossierPrevention,
    FicheEntreprise,
    InstanceRepresentative,
    Mesurage,
    StatutAction,
    StatutFiche,
    TypeAction,
)

DOMAINE = "Prévention en entreprise"
SOCLE = "Offre socle (décret 2022-653), projets de service (seeds 000, 001)"
DGT = "Enquête annuelle DGT"
QUATRE_ANS = relativedelta(years=4)

REFERENCES = (
    "Enquête DGT — Actions en milieu de travail",
    "Certification — Qualité de l'offre socle",
    "CPOM — Prévention des risques professionnels",
)


def _adherents(periode):
    """Active members that had joined by the end of the period."""
    return Adherent.objects.filter(statut=StatutAdherent.ACTIF, date_adhesion__lte=periode.fin)


def _fiches_validees(**filtres):
    return FicheEntreprise.objects.filter(statut=StatutFiche.VALIDEE, **filtres)


def _actions_realisees(periode=None, **filtres):
    actions = ActionMilieuTravail.objects.filter(statut=StatutAction.REALISEE, **filtres)
    return actions.filter(date__range=(periode.debut, periode.fin)) if periode else actions


def _mesurages(periode):
    return Mesurage.objects.filter(action__in=_actions_realisees(periode))


def _avec_fiche_4_ans(periode):
    fiches = _fiches_validees(adherent=OuterRef("pk")).filter(
        validee_le__date__range=(periode.fin - QUATRE_ANS, periode.fin))
    return _adherents(periode).filter(Exists(fiches))


def _avec_action_primaire_4_ans(periode):
    actions = _actions_realisees(adherent=OuterRef("pk"), type__prevention_primaire=True,
                                 date__range=(periode.fin - QUATRE_ANS, periode.fin))
    return _adherents(periode).filter(Exists(actions))


def _nouveaux(periode):
    """Members whose first year ended during the period (their first FE was due then, R4624-47)."""
    return Adherent.objects.filter(date_adhesion__range=(periode.debut - relativedelta(years=1),
                                                         periode.fin - relativedelta(years=1)))


def _fe_dans_l_annee(periode) -> int:
    premieres = (_nouveaux(periode).annotate(premiere=Min(TruncDate("fiches_entreprise__validee_le")))
                 .values_list("date_adhesion", "premiere"))
    return sum(1 for adhesion, premiere in premieres if premiere and premiere <= adhesion + relativedelta(years=1))


def _avec_instance(periode):
    return _adherents(periode).filter(pk__in=DossierPrevention.objects.exclude(
        instances=InstanceRepresentative.AUCUNE).values("adherent_id"))


declarer(Indicateur(
    code="fe_a_jour_4_ans", domaine=DOMAINE, source=SOCLE,
    libelle="Adhérents dont la fiche d'entreprise a été réalisée ou mise à jour dans les 4 ans",
    comptage=Comptage(lignes=_adherents, taux=True, adherent="", equipe="equipe", liste="adherents",
                      numerateur=lambda periode: Q(pk__in=_fiches_validees(
                          validee_le__date__range=(periode.fin - QUATRE_ANS, periode.fin)).values("adherent_id"))),
    definition="Numérateur : adhérents suivis dont une fiche d'entreprise a été validée dans les 4 ans précédant "
               "la fin de la période. Dénominateur : adhérents actifs ayant adhéré au plus tard à la fin de la "
               "période.",
    references=("Enquête DGT — Fiches d'entreprise", "Certification — Qualité de l'offre socle",
                "CPOM — Fiches d'entreprise à jour")))

declarer(Indicateur(
    code="fe_annee_adhesion", domaine=DOMAINE, source="R4624-47 ; projet de service (seed 001 § 4.8)",
    libelle="Fiches d'entreprise réalisées dans l'année de l'adhésion (adhérents dont la première année s'achève "
            "sur la période)",
    definition="Numérateur : parmi les adhérents dont la première année d'adhésion s'achève dans la période, ceux "
               "dont la première fiche d'entreprise a été validée dans cette première année. Dénominateur : ces "
               "adhérents (R4624-47 : la fiche est établie dans l'année qui suit l'adhésion).",
    numerateur=_fe_dans_l_annee, denominateur=_nouveaux, references=REFERENCES))

declarer(Indicateur(
    code="fe_validees", domaine=DOMAINE, source=DGT, libelle="Fiches d'entreprise validées",
    numerateur=lambda periode: _fiches_validees(validee_le__date__range=(periode.debut, periode.fin)),
    references=REFERENCES))

declarer(Indicateur(
    code="action_primaire_4_ans", domaine=DOMAINE, source=SOCLE,
    libelle="Adhérents ayant bénéficié d'une action de prévention primaire dans les 4 ans",
    definition="Numérateur : adhérents suivis ayant bénéficié d'une action de prévention primaire réalisée dans les "
               "4 ans précédant la fin de la période. Dénominateur : adhérents actifs ayant adhéré au plus tard à la "
               "fin de la période.",
    numerateur=_avec_action_primaire_4_ans,
    denominateur=_adherents, references=REFERENCES))

# Formerly "CSE/CSSCT meetings attended / members with one", which exceeded 100 % as soon as a
# member had two meetings: both now count members.
declarer(Indicateur(
    code="participations_cse_cssct", domaine=DOMAINE, source="Projet de service (seed 000), offre socle",
    libelle="Adhérents dotés d'un CSE / CSSCT dont une réunion a reçu le service",
    numerateur=lambda periode: _avec_instance(periode).filter(Exists(_actions_realisees(
        periode, adherent=OuterRef("pk"), type__code="reunion_cse"))),
    denominateur=_avec_instance,
    definition="Numérateur : adhérents dotés d'un CSE ou d'une CSSCT dont au moins une réunion de la période a "
               "reçu un membre du service. Dénominateur : adhérents suivis dotés d'un CSE ou d'une CSSCT.",
    references=("Certification — Qualité de l'offre socle", "CPOM — Prévention des risques professionnels")))

declarer(Indicateur(
    code="actions_prevention_primaire", domaine=DOMAINE, source="Projet de service (seed 001 § 4.8)",
    libelle="Actions de prévention primaire réalisées",
    numerateur=lambda periode: _actions_realisees(periode, type__prevention_primaire=True),
    references=REFERENCES))

declarer(Indicateur(
    code="metrologies_realisees", domaine=DOMAINE, source="Projet de service (seed 001 § 4.8)",
    libelle="Mesurages réalisés (métrologie)", numerateur=_mesurages,
    references=REFERENCES))

declarer(Indicateur(
    code="mesurages_hors_limite", domaine=DOMAINE, source="Métrologie (seed 001 § 4.6)",
    libelle="Mesurages hors de leur valeur de référence",
    definition="Numérateur : mesurages des actions réalisées dans la période dépassant leur valeur de référence. "
               "Dénominateur : tous les mesurages de ces actions.",
    numerateur=lambda periode: _mesurages(periode).filter(hors_limite=True),
    denominateur=_mesurages, references=REFERENCES))

for entree in TypeAction.AMORCE:  # the DGT survey counts workplace actions by type
    declarer(Indicateur(
        code=f"amt_{entree['code']}", domaine=DOMAINE, source=DGT,
        libelle=f"Actions en milieu de travail — {entree['libelle']}",
        numerateur=lambda periode, code=entree["code"]: _actions_realisees(periode, type__code=code),
        references=REFERENCES))
