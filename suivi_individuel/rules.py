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
MAX_RENOUVELLEMENT_CATEGORIE_A = 12  # R4451-82: ionising radiation, category A, renewed every year
# L4624-2-2: the branch agreement sets the mid-career age; a plausible range, 45 by default.
AGE_MI_CARRIERE, AGE_MI_CARRIERE_MIN, AGE_MI_CARRIERE_MAX = 45, 40, 55
ANTICIPATION_MI_CARRIERE_ANS = 2  # held earlier only together with another visit, at most two years before
MAX_DELAI_POST_EXPOSITION_JOURS = 180  # L4624-2-1 "dans les meilleurs délais"; R4624-28-3: up to 6 months after
# What a service may set, each with its bounds and the article that caps it (one place: the
# engine, the settings page and the README read it).
BORNES_REGLAGES = {
    "periodicite_si_mois": (1, MAX_PERIODICITE_SI, "R4624-16", "périodicité de la VIP en SI (mois)"),
    "periodicite_sia_mois": (1, MAX_PERIODICITE_SIA, "R4624-17", "périodicité de la VIP en SIA (mois)"),
    "renouvellement_sir_mois": (1, MAX_RENOUVELLEMENT_SIR, "R4624-28",
                                "renouvellement de l'examen d'aptitude en SIR (mois)"),
    "intermediaire_sir_mois": (1, MAX_INTERMEDIAIRE_SIR, "R4624-28", "visite intermédiaire en SIR (mois)"),
    "age_mi_carriere": (AGE_MI_CARRIERE_MIN, AGE_MI_CARRIERE_MAX, "L4624-2-2",
                        "âge de la visite de mi-carrière à défaut d'accord de branche"),
    "delai_post_exposition_jours": (1, MAX_DELAI_POST_EXPOSITION_JOURS, "L4624-2-1, R4624-28-3",
                                    "délai de la visite post-exposition (jours)"),
}
# R4624-18: VIP before assignment (1° night work, 2° under 18, 3° biological agents of group 2,
# 4° electromagnetic fields above the limit values).
MOTIFS_AVANT_AFFECTATION = {"travail_nuit", "moins_18_ans", "agents_biologiques_2", "champs_electromagnetiques"}
CATEGORIE_A = "rayonnements_ionisants"  # R4451-82 (R4451-57: category A)
APPRENTISSAGE, RETRAITE = "apprentissage", "retraite"


@dataclass(frozen=True)
class Reglages:
    """A service's choices where the law allows them: shorter periodicities, the default
    mid-career age, and the branch ages by IDCC."""

    periodicite_si_mois: int = MAX_PERIODICITE_SI
    periodicite_sia_mois: int = MAX_PERIODICITE_SIA
    renouvellement_sir_mois: int = MAX_RENOUVELLEMENT_SIR
    intermediaire_sir_mois: int = MAX_INTERMEDIAIRE_SIR
    age_mi_carriere: int = AGE_MI_CARRIERE
    delai_post_exposition_jours: int = 30

    def __post_init__(self):
        for nom, (minimum, maximum, article, _) in BORNES_REGLAGES.items():
            valeur = getattr(self, nom)
            if isinstance(valeur, bool) or not isinstance(valeur, int) or not minimum <= valeur <= maximum:
                raise ValueError(f"{nom} doit être compris entre {minimum} et {maximum} (plafond légal, {article}).")

    @classmethod
    def depuis(cls, parametres: dict) -> tuple["Reglages", list[str]]:
        """The settings from stored values, never failing: a value beyond its bounds (or not a
        whole number) is replaced by the legal maximum (the default for the mid-career age), and
        reported in French."""
        valeurs, erreurs = {}, []
        for nom, (minimum, maximum, article, libelle) in BORNES_REGLAGES.items():
            if nom not in (parametres or {}):
                continue
            valeur = parametres[nom]
            if isinstance(valeur, int) and not isinstance(valeur, bool) and minimum <= valeur <= maximum:
                valeurs[nom] = valeur
                continue
            remplacement = getattr(cls, nom)
            valeurs[nom] = remplacement
            erreurs.append(f"Réglage « {libelle} » enregistré à {valeur!r}, hors des bornes {minimum} à {maximum} "
                           f"({article}) : {remplacement} est appliqué.")
        return cls(**valeurs), erreurs


def age_de_branche(valeur) -> int | None:
    """A branch's mid-career age when plausible (L4624-2-2), else None (the default applies)."""
    entier = isinstance(valeur, int) and not isinstance(valeur, bool)
    return valeur if entier and AGE_MI_CARRIERE_MIN <= valeur <= AGE_MI_CARRIERE_MAX else None


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
class Periode:
    """A category (``motif`` "") or one of its reasons in the employment, from ``debut`` to
    ``fin`` (None: still)."""

    categorie: str
    motif: str
    debut: date
    fin: date | None = None


@dataclass(frozen=True)
class Travailleur:
    date_naissance: date
    categorie: str  # "SI", "SIA", "SIR"
    date_embauche: date
    motifs: tuple[str, ...] = ()
    absences: tuple[Absence, ...] = ()
    visites: tuple[Visite, ...] = ()
    periodes: tuple[Periode, ...] = ()  # when the categories and reasons started and ended (none: the hiring)
    nature_contrat: str = "cdi"
    dispense: bool = False  # R4624-15 / R4624-27: the three conditions of dispensation are met
    date_sortie: date | None = None
    motif_sortie: str = ""
    age_mi_carriere: int | None = None  # the member's branch age (L4624-2-2), when its IDCC has one


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


def debut_categorie(t: Travailleur) -> date:
    """From when the category's follow-up runs: the latest start of the category or of one of its
    current reasons (R4624-24, R4624-18), never before the hiring."""
    return max([t.date_embauche, *(p.debut for p in t.periodes
                                   if (p.motif in t.motifs if p.motif else p.categorie == t.categorie))])


def fin_exposition(t: Travailleur) -> date | None:
    """The end of the SIR exposure (L4624-2-1): the latest end of the SIR periods once none runs
    on; None while one does, or when never in SIR."""
    fins = [p.fin for p in t.periodes if p.categorie == "SIR"]
    return None if not fins or None in fins else max(fins)


def suivi_initial_et_periodique(t: Travailleur, r: Reglages) -> list[Echeance]:
    if t.categorie == "SIR":
        return _suivi_renforce(t, r)
    embauche, debut = t.date_embauche, debut_categorie(t)
    sia = t.categorie == "SIA"
    # R4624-18: before assignment for its four cases, the age one whatever the category.
    avant_affectation = bool(MOTIFS_AVANT_AFFECTATION & set(t.motifs)) or debut < t.date_naissance + relativedelta(
        years=18)
    # A visit before the hiring spares the initial one only under R4624-15 (5 years, 3 for SIA).
    plancher = embauche - relativedelta(years=3 if sia else 5) if t.dispense else embauche - relativedelta(months=3)
    if avant_affectation and debut > embauche:
        plancher = debut - relativedelta(months=3)  # a new before-assignment reason asks for a new VIP
    vip = _derniere(t, VISITES_SI, apres=plancher)
    if vip is None:
        if avant_affectation:
            return [_echeance(TypeVisite.VIP_INITIALE, debut - relativedelta(months=3), debut, "R4624-18",
                              "VIP préalable à l'affectation (travail de nuit, moins de 18 ans, agents biologiques "
                              "du groupe 2 ou champs électromagnétiques).")]
        if t.nature_contrat == APPRENTISSAGE:
            return [_echeance(TypeVisite.VIP_INITIALE, embauche - relativedelta(months=3),
                              embauche + relativedelta(months=2), "R6222-40-1",
                              "VIP de l'apprenti dans les deux mois de l'embauche.")]
        return [_echeance(TypeVisite.VIP_INITIALE, embauche - relativedelta(months=3),
                          embauche + relativedelta(months=3), "R4624-10",
                          "VIP dans les trois mois de la prise de poste.")]
    mois, article = (r.periodicite_sia_mois, "R4624-17") if sia else (r.periodicite_si_mois, "R4624-16")
    au_plus_tard = vip + relativedelta(months=mois)
    motif = f"Renouvellement de la VIP ({'SIA, ' if sia else ''}au plus tard tous les {mois} mois)."
    if au_plus_tard < debut:  # the new periodicity never makes a visit late before the change
        au_plus_tard = debut + relativedelta(months=3)
        motif = f"Renouvellement de la VIP dans les trois mois de l'entrée en {t.categorie}."
    return [_echeance(TypeVisite.VIP_PERIODIQUE, vip, au_plus_tard, article, motif)]


def _suivi_renforce(t: Travailleur, r: Reglages) -> list[Echeance]:
    """SIR: aptitude exam before the assignment (R4624-24), renewed by the physician at most every
    4 years with an intermediate visit 2 years after (R4624-28); ionising radiation category A:
    renewed every year, no intermediate visit (R4451-82)."""
    embauche, debut = t.date_embauche, debut_categorie(t)
    plancher = (embauche - relativedelta(years=2) if t.dispense and debut == embauche  # R4624-27
                else debut - relativedelta(months=3))
    aptitude = _derniere(t, VISITES_APTITUDE, apres=plancher)
    if aptitude is None:
        return [_echeance(TypeVisite.EXAMEN_APTITUDE_EMBAUCHE, debut - relativedelta(months=3), debut,
                          "R4624-24", "Examen médical d'aptitude avant l'affectation au poste (SIR).")]
    if CATEGORIE_A in t.motifs:
        mois = min(r.renouvellement_sir_mois, MAX_RENOUVELLEMENT_CATEGORIE_A)
        return [_echeance(TypeVisite.EXAMEN_APTITUDE_PERIODIQUE, aptitude, aptitude + relativedelta(months=mois),
                          "R4451-82", "Renouvellement annuel de l'examen d'aptitude par le médecin du travail "
                                      "(rayonnements ionisants, catégorie A).")]
    renouvellement = aptitude + relativedelta(months=r.renouvellement_sir_mois)
    echeances = [_echeance(TypeVisite.EXAMEN_APTITUDE_PERIODIQUE, aptitude, renouvellement, "R4624-28",
                           "Renouvellement de l'examen d'aptitude par le médecin du travail.")]
    intermediaire = aptitude + relativedelta(months=r.intermediaire_sir_mois)
    if intermediaire < renouvellement and not _derniere(t, {TypeVisite.INTERMEDIAIRE_SIR},
                                                        apres=aptitude + timedelta(days=1)):
        echeances.append(_echeance(TypeVisite.INTERMEDIAIRE_SIR, aptitude, intermediaire, "R4624-28",
                                   "Visite intermédiaire par un professionnel de santé, au plus tard deux ans "
                                   "après l'examen d'aptitude."))
    return echeances


def absences(t: Travailleur) -> list[Echeance]:
    """Pré-reprise (R4624-29) and rendez-vous de liaison (L1226-1-3) during an absence for
    illness or accident, not maternity; reprise after it (R4624-31, in its 2022 form for absences
    begun from 1 April 2022, in its former form before)."""
    echeances = []
    for absence in t.absences:
        maladie_ou_accident = absence.nature != NatureAbsence.MATERNITE
        depuis_2022 = absence.debut >= DEBUT_REGLES_REPRISE_2022
        # R4624-29: more than 30 days since 2022, more than three months before.
        if maladie_ou_accident and absence.jours > (30 if depuis_2022 else 90):
            echeances.append(_echeance(
                TypeVisite.PRE_REPRISE, absence.debut + timedelta(days=31), absence.reprise - timedelta(days=1),
                "R4624-29", "Visite de pré-reprise possible pendant un arrêt de longue durée.", obligatoire=False))
        if maladie_ou_accident and absence.jours > 30 and absence.reprise > DEBUT_MI_CARRIERE:
            echeances.append(_echeance(
                TypeVisite.RENDEZ_VOUS_LIAISON, absence.debut + timedelta(days=31), absence.reprise - timedelta(days=1),
                "L1226-1-3, D1226-8-1", "Rendez-vous de liaison possible (n'est pas une visite médicale).",
                obligatoire=False))
        if _reprise_due(absence) if depuis_2022 else _reprise_due_avant_2022(absence):
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


def _reprise_due_avant_2022(absence: Absence) -> bool:
    """R4624-31 before décret 2022-372 (absences begun before 1 April 2022): after maternity
    leave, any occupational disease, ≥ 30 days for any accident or illness."""
    return absence.nature in (NatureAbsence.MATERNITE, NatureAbsence.MALADIE_PROFESSIONNELLE) or absence.jours >= 30


def mi_carriere(t: Travailleur, r: Reglages) -> list[Echeance]:
    """L4624-2-2: during the calendar year of the age set by the branch agreement (45 by
    default). Combining it with another visit in the two years before is a booking option, not
    the due window."""
    age = t.age_mi_carriere or r.age_mi_carriere
    annee = t.date_naissance.year + age
    if annee < DEBUT_MI_CARRIERE.year or _derniere(t, {TypeVisite.MI_CARRIERE}):
        return []
    return [_echeance(TypeVisite.MI_CARRIERE, date(annee, 1, 1), date(annee, 12, 31), "L4624-2-2",
                      f"Visite de mi-carrière, l'année des {age} ans.")]


def mi_carriere_combinable(au_plus_tot: date, jour: date) -> bool:
    """L4624-2-2: the mid-career visit may be held together with another visit of the worker on
    ``jour``: at most two years before its due year (or later)."""
    return jour >= au_plus_tot - relativedelta(years=ANTICIPATION_MI_CARRIERE_ANS)


def post_exposition(t: Travailleur, r: Reglages) -> list[Echeance]:
    """L4624-2-1, R4624-28-1: a worker who is or was in SIR, by the physician, as soon as possible
    after the exposure ends (the service sets how soon), or before leaving in retirement."""
    fin = fin_exposition(t)
    if t.date_sortie and (t.categorie == "SIR" or fin):
        if t.motif_sortie == RETRAITE:
            if _derniere(t, {TypeVisite.POST_EXPOSITION}, apres=t.date_sortie - relativedelta(months=1)):
                return []
            return [_echeance(TypeVisite.POST_EXPOSITION, t.date_sortie - relativedelta(months=1), t.date_sortie,
                              "L4624-2-1, R4624-28-1", "Visite post-exposition avant le départ à la retraite : "
                                                       "état des expositions remis au salarié.")]
        fin = min(fin or t.date_sortie, t.date_sortie)
    if fin is None or _derniere(t, {TypeVisite.POST_EXPOSITION}, apres=fin - relativedelta(months=1)):
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
    """Every visit due; once the worker has left (or is leaving) the member, only the
    post-exposure or end-of-career visit."""
    r = reglages or Reglages()
    if t.date_sortie:
        return post_exposition(t, r)
    return sorted(suivi_initial_et_periodique(t, r) + absences(t) + mi_carriere(t, r) + post_exposition(t, r),
                  key=lambda e: (e.au_plus_tard, e.type))
