"""The legal schedule of individual health follow-up, as pure functions (no database).

From what is known of a worker (category, birth date, employments, absences, past visits) and
the service's settings, ``echeances`` lists the visits due, each with its window, who may
perform it and the article that requires it. Deadlines are ceilings: a service may set shorter
periodicities (``Reglages``), never longer ones.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from .dates import relativedelta  # dateutil's arithmetic on dates, ten times faster


class TypeVisite(StrEnum):
    VIP_INITIALE = "vip_initiale"
    VIP_PERIODIQUE = "vip_periodique"
    EXAMEN_APTITUDE_EMBAUCHE = "examen_aptitude_embauche"
    EXAMEN_APTITUDE_PERIODIQUE = "examen_aptitude_periodique"
    INTERMEDIAIRE_SIR = "intermediaire_sir"
    REPRISE = "reprise"
    PRE_REPRISE = "pre_reprise"
    RENDEZ_VOUS_LIAISON = "rendez_vous_liaison"
    MI_CARRIERE = "mi_carriere"
    POST_EXPOSITION = "post_exposition"
    DEMANDE_SALARIE = "demande_salarie"
    DEMANDE_EMPLOYEUR = "demande_employeur"
    DEMANDE_MEDECIN = "demande_medecin"
    POST_MATERNITE = "post_maternite"
    VIP_TNS = "vip_tns"


class NatureAbsence(StrEnum):
    MATERNITE = "maternite"
    ACCIDENT_DU_TRAVAIL = "accident_du_travail"
    MALADIE_PROFESSIONNELLE = "maladie_professionnelle"
    MALADIE_NON_PROFESSIONNELLE = "maladie_non_professionnelle"  # illness or accident outside work


MEDECIN, INFIRMIER = "medecin", "infirmier"
# R4623-14 (décret 2022-679): a protocol may entrust any follow-up visit to a nurse except the
# aptitude examination and its renewal (R4624-24, R4624-25) and the post-exposure visit (R4624-28-1).
RESERVEES_AU_MEDECIN = {TypeVisite.EXAMEN_APTITUDE_EMBAUCHE, TypeVisite.EXAMEN_APTITUDE_PERIODIQUE,
                        TypeVisite.POST_EXPOSITION}
VISITES_SI = {TypeVisite.VIP_INITIALE, TypeVisite.VIP_PERIODIQUE}
VISITES_APTITUDE = {TypeVisite.EXAMEN_APTITUDE_EMBAUCHE, TypeVisite.EXAMEN_APTITUDE_PERIODIQUE}
DEBUT_REGLES_REPRISE_2022 = date(2022, 4, 1)  # R4624-31 in its 2022 form: absences begun from 1 April 2022
DEBUT_MI_CARRIERE = date(2022, 3, 31)  # L4624-2-2, created by law 2021-1018, in force on 31 March 2022

# Legal ceilings, in months (R4624-16, R4624-17, R4624-28).
MAX_PERIODICITE_SI, MAX_PERIODICITE_SIA, MAX_RENOUVELLEMENT_SIR, MAX_INTERMEDIAIRE_SIR = 60, 36, 48, 24


@dataclass(frozen=True)
class Reglages:
    """A service's choices where the law allows them: shorter periodicities, the branch
    agreement's mid-career age."""

    periodicite_si_mois: int = MAX_PERIODICITE_SI
    periodicite_sia_mois: int = MAX_PERIODICITE_SIA
    renouvellement_sir_mois: int = MAX_RENOUVELLEMENT_SIR
    intermediaire_sir_mois: int = MAX_INTERMEDIAIRE_SIR
    age_mi_carriere: int = 45
    delai_post_exposition_jours: int = 30

    def __post_init__(self):
        for nom, maximum in [("periodicite_si_mois", MAX_PERIODICITE_SI), ("periodicite_sia_mois", MAX_PERIODICITE_SIA),
                             ("renouvellement_sir_mois", MAX_RENOUVELLEMENT_SIR),
                             ("intermediaire_sir_mois", MAX_INTERMEDIAIRE_SIR)]:
            if not 1 <= getattr(self, nom) <= maximum:
                raise ValueError(f"{nom} doit être compris entre 1 et {maximum} mois (plafond légal).")


@dataclass(frozen=True)
class Absence:
    nature: NatureAbsence
    debut: date
    reprise: date  # first day back at work

    @property
    def jours(self) -> int:
        return (self.reprise - self.debut).days


@dataclass(frozen=True)
class Visite:
    type: TypeVisite
    date: date


@dataclass(frozen=True)
class Travailleur:
    date_naissance: date
    categorie: str  # "SI", "SIA", "SIR"
    date_embauche: date
    motifs: tuple[str, ...] = ()
    absences: tuple[Absence, ...] = ()
    visites: tuple[Visite, ...] = ()
    fin_exposition_sir: date | None = None


@dataclass(frozen=True)
class Echeance:
    type: TypeVisite
    au_plus_tot: date
    au_plus_tard: date
    base_legale: str
    motif: str
    obligatoire: bool = True
    realisable_par: frozenset[str] = field(default=frozenset({MEDECIN, INFIRMIER}))


def _echeance(type_visite, au_plus_tot, au_plus_tard, base_legale, motif, obligatoire=True) -> Echeance:
    par = frozenset({MEDECIN}) if type_visite in RESERVEES_AU_MEDECIN else frozenset({MEDECIN, INFIRMIER})
    return Echeance(type_visite, au_plus_tot, au_plus_tard, base_legale, motif, obligatoire, par)


def _derniere(travailleur, types, apres: date | None = None) -> date | None:
    dates = [v.date for v in travailleur.visites if v.type in types and (apres is None or v.date >= apres)]
    return max(dates, default=None)


def suivi_initial_et_periodique(t: Travailleur, r: Reglages) -> list[Echeance]:
    embauche = t.date_embauche
    if t.categorie == "SIR":
        aptitude = _derniere(t, VISITES_APTITUDE, apres=embauche - relativedelta(years=2))
        if aptitude is None:
            return [_echeance(TypeVisite.EXAMEN_APTITUDE_EMBAUCHE, embauche - relativedelta(months=3), embauche,
                              "R4624-24", "Examen médical d'aptitude avant l'affectation au poste (SIR).")]
        echeances = [_echeance(TypeVisite.EXAMEN_APTITUDE_PERIODIQUE, aptitude,
                               aptitude + relativedelta(months=r.renouvellement_sir_mois), "R4624-28",
                               "Renouvellement de l'examen d'aptitude par le médecin du travail.")]
        intermediaire = aptitude + relativedelta(months=r.intermediaire_sir_mois)
        if not _derniere(t, {TypeVisite.INTERMEDIAIRE_SIR}, apres=aptitude + timedelta(days=1)):
            echeances.append(_echeance(TypeVisite.INTERMEDIAIRE_SIR, aptitude, intermediaire, "R4624-28",
                                       "Visite intermédiaire par un professionnel de santé, au plus tard deux ans "
                                       "après l'examen d'aptitude."))
        return echeances
    sia = t.categorie == "SIA"
    vip = _derniere(t, VISITES_SI, apres=embauche - relativedelta(years=3 if sia else 5))
    if vip is None:
        avant_affectation = sia and ({"travail_nuit", "moins_18_ans"} & set(t.motifs)
                                     or embauche < t.date_naissance + relativedelta(years=18))
        if avant_affectation:
            return [_echeance(TypeVisite.VIP_INITIALE, embauche - relativedelta(months=3), embauche, "R4624-18",
                              "VIP préalable à l'affectation (travail de nuit ou moins de 18 ans).")]
        return [_echeance(TypeVisite.VIP_INITIALE, embauche - relativedelta(months=3),
                          embauche + relativedelta(months=3), "R4624-10",
                          "VIP dans les trois mois de la prise de poste.")]
    mois, article = (r.periodicite_sia_mois, "R4624-17") if sia else (r.periodicite_si_mois, "R4624-16")
    return [_echeance(TypeVisite.VIP_PERIODIQUE, vip, vip + relativedelta(months=mois), article,
                      f"Renouvellement de la VIP ({'SIA, ' if sia else ''}au plus tard tous les {mois} mois).")]


def absences(t: Travailleur) -> list[Echeance]:
    echeances = []
    for absence in t.absences:
        if absence.jours > 30:
            echeances.append(_echeance(
                TypeVisite.PRE_REPRISE, absence.debut + timedelta(days=31), absence.reprise - timedelta(days=1),
                "R4624-29", "Visite de pré-reprise possible pendant un arrêt de plus de 30 jours.", obligatoire=False))
            echeances.append(_echeance(
                TypeVisite.RENDEZ_VOUS_LIAISON, absence.debut + timedelta(days=31), absence.reprise - timedelta(days=1),
                "L1226-1-3, D1226-8-1", "Rendez-vous de liaison possible (n'est pas une visite médicale).",
                obligatoire=False))
        if absence.debut >= DEBUT_REGLES_REPRISE_2022 and _reprise_due(absence):
            echeances.append(_echeance(TypeVisite.REPRISE, absence.reprise, absence.reprise + timedelta(days=8),
                                       "R4624-31", "Visite de reprise le jour de la reprise, au plus tard dans les "
                                                   "huit jours."))
    return echeances


def _reprise_due(absence: Absence) -> bool:
    """R4624-31: after maternity leave, any occupational disease, ≥ 30 days for a work accident,
    ≥ 60 days for an illness or accident outside work."""
    return {NatureAbsence.MATERNITE: True, NatureAbsence.MALADIE_PROFESSIONNELLE: True,
            NatureAbsence.ACCIDENT_DU_TRAVAIL: absence.jours >= 30,
            NatureAbsence.MALADIE_NON_PROFESSIONNELLE: absence.jours >= 60}[absence.nature]


def mi_carriere(t: Travailleur, r: Reglages) -> list[Echeance]:
    """L4624-2-2: during the calendar year of the branch age (45 by default); may be combined
    with another visit in the two years before."""
    annee = t.date_naissance.year + r.age_mi_carriere
    if annee < DEBUT_MI_CARRIERE.year or _derniere(t, {TypeVisite.MI_CARRIERE}):
        return []
    return [_echeance(TypeVisite.MI_CARRIERE, date(annee - 2, 1, 1), date(annee, 12, 31), "L4624-2-2",
                      f"Visite de mi-carrière, l'année des {r.age_mi_carriere} ans.")]


def post_exposition(t: Travailleur, r: Reglages) -> list[Echeance]:
    """L4624-2-1, R4624-28-1: a worker who is or was in SIR, as soon as possible after the
    exposure ends (the service sets how soon)."""
    fin = t.fin_exposition_sir
    if fin is None or _derniere(t, {TypeVisite.POST_EXPOSITION}, apres=fin):
        return []
    return [_echeance(TypeVisite.POST_EXPOSITION, fin, fin + timedelta(days=r.delai_post_exposition_jours),
                      "L4624-2-1, R4624-28-1", "Visite post-exposition : état des expositions remis au salarié.")]


def orientation_sans_delai(type_visite: TypeVisite, par: str, motifs: tuple[str, ...] = (),
                           enceinte_ou_allaitante: bool = False) -> str | None:
    """The article under which a VIP done by someone other than the physician must end with the
    worker referred to the physician without delay, or None: a pregnant, recently delivered or
    breastfeeding worker (R4624-19); a disabled worker or one holding an invalidity pension
    (R4624-20)."""
    if par == MEDECIN or type_visite not in VISITES_SI | {TypeVisite.VIP_TNS}:
        return None
    if enceinte_ou_allaitante:
        return "R4624-19"
    if {"handicap", "invalidite"} & set(motifs):
        return "R4624-20"
    return None


def echeances(t: Travailleur, reglages: Reglages | None = None) -> list[Echeance]:
    r = reglages or Reglages()
    return sorted(suivi_initial_et_periodique(t, r) + absences(t) + mi_carriere(t, r) + post_exposition(t, r),
                  key=lambda e: (e.au_plus_tard, e.type))
