"""The legal schedule (suivi_individuel/rules.py): every rule of DOMAIN.md as a table citing its
article, and properties checked by hypothesis."""

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from suivi_individuel.rules import (
    INFIRMIER,
    MEDECIN,
    Absence,
    NatureAbsence,
    Periode,
    Reglages,
    Travailleur,
    TypeVisite,
    Visite,
    echeances,
    orientation_sans_delai,
)

NAISSANCE = date(1990, 6, 15)
VISITES_SUIVI = {TypeVisite.VIP_PERIODIQUE, TypeVisite.EXAMEN_APTITUDE_EMBAUCHE, TypeVisite.EXAMEN_APTITUDE_PERIODIQUE,
                 TypeVisite.INTERMEDIAIRE_SIR}


def t(categorie="SI", embauche=date(2015, 1, 5), *, naissance=NAISSANCE, motifs=(), absences=(), visites=(),
      fin_exposition=None):
    """A worker; ``visites`` as (type, date) pairs; ``fin_exposition``: its SIR ended that day."""
    return Travailleur(naissance, categorie, embauche, tuple(motifs), tuple(absences),
                       tuple(Visite(type_visite, jour) for type_visite, jour in visites),
                       (Periode("SIR", "", embauche, fin_exposition),) if fin_exposition else ())


def depuis(categorie, motifs, jour) -> tuple[Periode, ...]:
    """The periods of a category and its reasons entered on ``jour``."""
    return (Periode(categorie, "", jour), *(Periode(categorie, motif, jour) for motif in motifs))


def due(travailleur, type_visite, reglages=None):
    trouvees = [e for e in echeances(travailleur, reglages) if e.type == type_visite]
    return trouvees[0] if trouvees else None


@pytest.mark.parametrize(("cas", "travailleur", "type_visite", "au_plus_tard", "article"), [
    ("SI embauché : VIP dans les 3 mois", Travailleur(NAISSANCE, "SI", date(2026, 1, 10)),
     TypeVisite.VIP_INITIALE, date(2026, 4, 10), "R4624-10"),
    ("SIA de nuit : VIP avant l'affectation", Travailleur(NAISSANCE, "SIA", date(2026, 1, 10), ("travail_nuit",)),
     TypeVisite.VIP_INITIALE, date(2026, 1, 10), "R4624-18"),
    ("moins de 18 ans : VIP avant l'affectation", Travailleur(date(2009, 3, 1), "SIA", date(2026, 1, 10),
                                                               ("moins_18_ans",)),
     TypeVisite.VIP_INITIALE, date(2026, 1, 10), "R4624-18"),
    ("SI : VIP renouvelée au plus tard 5 ans après",
     t("SI", date(2020, 1, 6), visites=[(TypeVisite.VIP_INITIALE, date(2020, 2, 1))]),
     TypeVisite.VIP_PERIODIQUE, date(2025, 2, 1), "R4624-16"),
    ("SIA : VIP renouvelée au plus tard 3 ans après", t("SIA", date(2020, 1, 6), motifs=["handicap"],
                                                        visites=[(TypeVisite.VIP_INITIALE, date(2020, 2, 1))]),
     TypeVisite.VIP_PERIODIQUE, date(2023, 2, 1), "R4624-17"),
    ("SIR : examen d'aptitude avant l'affectation", Travailleur(NAISSANCE, "SIR", date(2026, 1, 10), ("amiante",)),
     TypeVisite.EXAMEN_APTITUDE_EMBAUCHE, date(2026, 1, 10), "R4624-24"),
    ("SIR : visite intermédiaire 2 ans après l'examen",
     Travailleur(NAISSANCE, "SIR", date(2022, 3, 1), ("amiante",), (),
                 (Visite(TypeVisite.EXAMEN_APTITUDE_EMBAUCHE, date(2022, 3, 1)),)),
     TypeVisite.INTERMEDIAIRE_SIR, date(2024, 3, 1), "R4624-28"),
    ("SIR : renouvellement 4 ans après l'examen",
     Travailleur(NAISSANCE, "SIR", date(2022, 3, 1), ("amiante",), (),
                 (Visite(TypeVisite.EXAMEN_APTITUDE_EMBAUCHE, date(2022, 3, 1)),)),
     TypeVisite.EXAMEN_APTITUDE_PERIODIQUE, date(2026, 3, 1), "R4624-28"),
    ("né en 1981 : mi-carrière en 2026", Travailleur(date(1981, 9, 2), "SI", date(2015, 1, 5)),
     TypeVisite.MI_CARRIERE, date(2026, 12, 31), "L4624-2-2"),
    ("reprise après 65 jours de maladie", Travailleur(NAISSANCE, "SI", date(2015, 1, 5), (), (
        Absence(NatureAbsence.MALADIE_NON_PROFESSIONNELLE, date(2026, 5, 4) - timedelta(days=65), date(2026, 5, 4)),)),
     TypeVisite.REPRISE, date(2026, 5, 12), "R4624-31"),
    ("reprise après un accident du travail de 30 jours", Travailleur(NAISSANCE, "SI", date(2015, 1, 5), (), (
        Absence(NatureAbsence.ACCIDENT_DU_TRAVAIL, date(2026, 4, 1), date(2026, 5, 1)),)),
     TypeVisite.REPRISE, date(2026, 5, 9), "R4624-31"),
    ("reprise après toute maladie professionnelle", Travailleur(NAISSANCE, "SI", date(2015, 1, 5), (), (
        Absence(NatureAbsence.MALADIE_PROFESSIONNELLE, date(2026, 4, 20), date(2026, 4, 25)),)),
     TypeVisite.REPRISE, date(2026, 5, 3), "R4624-31"),
    ("reprise après un congé de maternité, quelle que soit sa durée",
     t(absences=[Absence(NatureAbsence.MATERNITE, date(2026, 4, 20), date(2026, 4, 27))]),
     TypeVisite.REPRISE, date(2026, 5, 5), "R4624-31"),
    ("post-exposition à la fin de l'exposition SIR",
     t("SIR", motifs=["amiante"], fin_exposition=date(2026, 6, 30),
       visites=[(TypeVisite.EXAMEN_APTITUDE_PERIODIQUE, date(2024, 1, 5))]),
     TypeVisite.POST_EXPOSITION, date(2026, 7, 30), "L4624-2-1, R4624-28-1"),
])
def test_regles(cas, travailleur, type_visite, au_plus_tard, article):
    echeance = due(travailleur, type_visite)
    assert echeance is not None, cas
    assert (echeance.au_plus_tard, echeance.base_legale) == (au_plus_tard, article), cas


def test_reprise_au_plus_tot_le_jour_du_retour():
    """R4624-31: on the day of return, at the latest within 8 days."""
    retour = date(2026, 5, 4)
    travailleur = Travailleur(NAISSANCE, "SI", date(2015, 1, 5), (), (
        Absence(NatureAbsence.MALADIE_NON_PROFESSIONNELLE, retour - timedelta(days=65), retour),))
    reprise = due(travailleur, TypeVisite.REPRISE)
    assert (reprise.au_plus_tot, reprise.au_plus_tard) == (date(2026, 5, 4), date(2026, 5, 12))


@pytest.mark.parametrize(("nature", "jours", "reprise_due"), [
    (NatureAbsence.MALADIE_NON_PROFESSIONNELLE, 45, False),   # R4624-31: 60 days needed
    (NatureAbsence.MALADIE_NON_PROFESSIONNELLE, 59, False),
    (NatureAbsence.MALADIE_NON_PROFESSIONNELLE, 60, True),
    (NatureAbsence.ACCIDENT_DU_TRAVAIL, 29, False),           # 30 days for a work accident
    (NatureAbsence.ACCIDENT_DU_TRAVAIL, 30, True),
    (NatureAbsence.MALADIE_PROFESSIONNELLE, 3, True),         # any occupational disease
    (NatureAbsence.MATERNITE, 1, True),                       # any maternity leave
])
def test_seuils_de_la_visite_de_reprise(nature, jours, reprise_due):
    retour = date(2026, 5, 4)
    travailleur = Travailleur(NAISSANCE, "SI", date(2015, 1, 5), (), (Absence(nature, retour - timedelta(days=jours),
                                                                               retour),))
    assert (due(travailleur, TypeVisite.REPRISE) is not None) == reprise_due


def test_45_jours_de_maladie_pas_de_reprise_mais_une_pre_reprise_possible():
    """R4624-29 (since 2022): pré-reprise possible during an absence of more than 30 days."""
    retour = date(2026, 5, 4)
    travailleur = Travailleur(NAISSANCE, "SI", date(2015, 1, 5), (), (
        Absence(NatureAbsence.MALADIE_NON_PROFESSIONNELLE, retour - timedelta(days=45), retour),))
    assert due(travailleur, TypeVisite.REPRISE) is None
    pre_reprise = due(travailleur, TypeVisite.PRE_REPRISE)
    assert pre_reprise.base_legale == "R4624-29" and not pre_reprise.obligatoire
    assert pre_reprise.au_plus_tard < retour
    assert due(travailleur, TypeVisite.RENDEZ_VOUS_LIAISON).base_legale == "L1226-1-3, D1226-8-1"


@pytest.mark.parametrize(("nature", "jours", "reprise_due"), [
    (NatureAbsence.MALADIE_NON_PROFESSIONNELLE, 29, False),  # former R4624-31 3°: at least 30 days
    (NatureAbsence.MALADIE_NON_PROFESSIONNELLE, 30, True),   # (60 only since 1 April 2022)
    (NatureAbsence.ACCIDENT_DU_TRAVAIL, 30, True),
    (NatureAbsence.ACCIDENT_DU_TRAVAIL, 29, False),
    (NatureAbsence.MALADIE_PROFESSIONNELLE, 3, True),         # former R4624-31 2°
    (NatureAbsence.MATERNITE, 10, True),                      # former R4624-31 1°
])
def test_les_absences_commencees_avant_avril_2022_suivent_l_ancien_r4624_31(nature, jours, reprise_due):
    """R4624-31 before décret 2022-372: reprise after maternity, any occupational disease, and
    30 days of any accident or illness."""
    debut = date(2022, 1, 3)
    avant = t(absences=[Absence(nature, debut, debut + timedelta(days=jours))])
    assert (due(avant, TypeVisite.REPRISE) is not None) == reprise_due


def test_pre_reprise_et_liaison_pour_maladie_ou_accident_seulement():
    """R4624-29 and L1226-1-3: during an absence for illness or accident, not maternity leave;
    before April 2022 the pré-reprise needed more than three months (former R4624-29)."""
    maternite = t(absences=[Absence(NatureAbsence.MATERNITE, date(2026, 1, 5), date(2026, 5, 4))])
    assert due(maternite, TypeVisite.PRE_REPRISE) is None and due(maternite, TypeVisite.RENDEZ_VOUS_LIAISON) is None
    ancienne = t(absences=[Absence(NatureAbsence.MALADIE_NON_PROFESSIONNELLE, date(2021, 1, 4), date(2021, 3, 1))])
    assert due(ancienne, TypeVisite.PRE_REPRISE) is None


def test_mi_carriere_selon_l_age_de_la_branche():
    travailleur = Travailleur(date(1981, 9, 2), "SI", date(2015, 1, 5))
    assert due(travailleur, TypeVisite.MI_CARRIERE, Reglages(age_mi_carriere=50)).au_plus_tard == date(2031, 12, 31)
    deja = t(naissance=date(1981, 9, 2), visites=[(TypeVisite.MI_CARRIERE, date(2026, 2, 1))])
    assert due(deja, TypeVisite.MI_CARRIERE) is None


def test_pas_de_mi_carriere_pour_qui_avait_l_age_avant_la_loi_de_2021():
    """L4624-2-2 applies from 31 March 2022: a worker who turned 45 in 2020 is not owed one."""
    assert due(t(naissance=date(1975, 3, 1)), TypeVisite.MI_CARRIERE) is None
    assert due(t(naissance=date(1977, 3, 1)), TypeVisite.MI_CARRIERE).au_plus_tard == date(2022, 12, 31)


@pytest.mark.parametrize(("cas", "categorie", "motifs", "passee", "il_y_a_mois", "dispense", "dispense_ok"), [
    ("SI, VIP il y a 30 mois, conditions réunies", "SI", (), TypeVisite.VIP_INITIALE, 30, True, True),
    ("SI, VIP il y a 30 mois, conditions non réunies", "SI", (), TypeVisite.VIP_INITIALE, 30, False, False),
    ("SIA, VIP il y a 42 mois : plus de 3 ans", "SIA", ("handicap",), TypeVisite.VIP_INITIALE, 42, True, False),
    ("SIA, VIP il y a 30 mois, conditions réunies", "SIA", ("handicap",), TypeVisite.VIP_INITIALE, 30, True, True),
    ("SIR, examen il y a 18 mois, conditions réunies", "SIR", ("amiante",), TypeVisite.EXAMEN_APTITUDE_EMBAUCHE, 18,
     True, True),
    ("SIR, examen il y a 30 mois : plus de 2 ans", "SIR", ("amiante",), TypeVisite.EXAMEN_APTITUDE_EMBAUCHE, 30, True,
     False),
    ("SIR, examen il y a 18 mois, conditions non réunies", "SIR", ("amiante",), TypeVisite.EXAMEN_APTITUDE_EMBAUCHE,
     18, False, False),
])
def test_dispense_de_la_visite_a_l_embauche(cas, categorie, motifs, passee, il_y_a_mois, dispense, dispense_ok):
    """R4624-15 (VIP, 5 years, 3 for SIA) and R4624-27 (SIR, 2 years): a visit before the hiring
    spares a new one only when the job is the same with equivalent exposures, the physician has
    the last attestation or opinion, and no measure or unfitness opinion was issued since."""
    embauche = date(2026, 1, 5)
    travailleur = Travailleur(NAISSANCE, categorie, embauche, motifs,
                              visites=(Visite(passee, embauche - relativedelta(months=il_y_a_mois)),),
                              dispense=dispense)
    initiale = TypeVisite.EXAMEN_APTITUDE_EMBAUCHE if categorie == "SIR" else TypeVisite.VIP_INITIALE
    assert (due(travailleur, initiale) is None) == dispense_ok, cas


@pytest.mark.parametrize(("type_visite", "par"), [
    (TypeVisite.EXAMEN_APTITUDE_EMBAUCHE, {MEDECIN}),       # R4624-24: not delegable (R4623-14)
    (TypeVisite.EXAMEN_APTITUDE_PERIODIQUE, {MEDECIN}),     # R4624-25
    (TypeVisite.POST_EXPOSITION, {MEDECIN}),                # R4624-28-1
    (TypeVisite.INTERMEDIAIRE_SIR, {MEDECIN, INFIRMIER}),   # R4624-28: a health professional
    (TypeVisite.VIP_INITIALE, {MEDECIN, INFIRMIER}),
    (TypeVisite.REPRISE, {MEDECIN, INFIRMIER}),
])
def test_qui_peut_realiser_la_visite(type_visite, par):
    """R4623-14 (décret 2022-679): every follow-up visit may be delegated to a nurse by protocol,
    except the aptitude examination, its renewal and the post-exposure visit."""
    travailleurs = [
        Travailleur(NAISSANCE, "SIR", date(2026, 1, 5), ("amiante",)),
        Travailleur(NAISSANCE, "SIR", date(2022, 3, 1), ("amiante",), (),
                    (Visite(TypeVisite.EXAMEN_APTITUDE_EMBAUCHE, date(2022, 3, 1)),),
                    (Periode("SIR", "", date(2022, 3, 1), date(2026, 6, 30)),)),
        Travailleur(NAISSANCE, "SI", date(2026, 1, 5), (), (Absence(NatureAbsence.MATERNITE, date(2026, 2, 1),
                                                                    date(2026, 6, 1)),)),
    ]
    trouvees = [e for t in travailleurs for e in echeances(t) if e.type == type_visite]
    assert trouvees and all(e.realisable_par == par for e in trouvees)


@pytest.mark.parametrize(("cas", "type_visite", "par", "motifs", "enceinte", "article"), [
    ("enceinte, VIP par l'infirmier", TypeVisite.VIP_INITIALE, INFIRMIER, (), True, "R4624-19"),
    ("allaitante, VIP périodique par l'infirmier", TypeVisite.VIP_PERIODIQUE, INFIRMIER, (), True, "R4624-19"),
    ("travailleur handicapé, VIP par l'infirmier", TypeVisite.VIP_INITIALE, INFIRMIER, ("handicap",), False,
     "R4624-20"),
    ("pension d'invalidité, VIP par l'infirmier", TypeVisite.VIP_PERIODIQUE, INFIRMIER, ("invalidite",), False,
     "R4624-20"),
    ("vue par le médecin : pas d'orientation", TypeVisite.VIP_INITIALE, MEDECIN, ("handicap",), True, None),
    ("travail de nuit : pas d'orientation", TypeVisite.VIP_INITIALE, INFIRMIER, ("travail_nuit",), False, None),
    ("hors VIP (reprise) : pas d'orientation", TypeVisite.REPRISE, INFIRMIER, (), True, None),
])
def test_orientation_sans_delai_vers_le_medecin(cas, type_visite, par, motifs, enceinte, article):
    """R4624-19 and R4624-20: after a VIP by another professional, a pregnant, recently delivered
    or breastfeeding worker, a disabled one or one holding an invalidity pension is referred to
    the physician without delay."""
    assert orientation_sans_delai(type_visite, par, motifs, enceinte) == article, cas


@pytest.mark.parametrize("reglages", [{"periodicite_si_mois": 61}, {"periodicite_sia_mois": 37},
                                      {"renouvellement_sir_mois": 49}, {"intermediaire_sir_mois": 25},
                                      {"periodicite_si_mois": 0}])
def test_un_service_ne_peut_pas_depasser_les_plafonds_legaux(reglages):
    with pytest.raises(ValueError, match="plafond légal"):
        Reglages(**reglages)


dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31))
categories = st.sampled_from([("SI", ()), ("SIA", ("handicap",)), ("SIA", ("travail_nuit",)), ("SIR", ("amiante",))])
types_passes = st.sampled_from([TypeVisite.VIP_INITIALE, TypeVisite.VIP_PERIODIQUE, TypeVisite.EXAMEN_APTITUDE_EMBAUCHE,
                                TypeVisite.EXAMEN_APTITUDE_PERIODIQUE, TypeVisite.INTERMEDIAIRE_SIR])
MAXIMA = {TypeVisite.VIP_PERIODIQUE: {"SI": 60, "SIA": 36}, TypeVisite.EXAMEN_APTITUDE_PERIODIQUE: {"SIR": 48},
          TypeVisite.INTERMEDIAIRE_SIR: {"SIR": 24}}


@given(categorie=categories, embauche=dates, passes=st.lists(st.tuples(types_passes, dates), max_size=4),
       si=st.integers(1, 60), sia=st.integers(1, 36), sir=st.integers(1, 48), inter=st.integers(1, 24))
def test_aucune_echeance_periodique_ne_depasse_le_plafond_legal(categorie, embauche, passes, si, sia, sir, inter):
    """Whatever the service's (legal) settings and the past visits, a periodic visit is never due
    later than the legal ceiling after the visit it renews."""
    travailleur = Travailleur(NAISSANCE, categorie[0], embauche, categorie[1], (),
                              tuple(Visite(t, d) for t, d in passes))
    reglages = Reglages(periodicite_si_mois=si, periodicite_sia_mois=sia, renouvellement_sir_mois=sir,
                        intermediaire_sir_mois=inter)
    for echeance in echeances(travailleur, reglages):
        assert echeance.au_plus_tot <= echeance.au_plus_tard or not echeance.obligatoire
        maximum = MAXIMA.get(echeance.type, {}).get(categorie[0])
        if maximum:
            assert echeance.au_plus_tard <= echeance.au_plus_tot + relativedelta(months=maximum)


@given(categorie=categories, embauche=dates)
def test_une_premiere_visite_n_est_jamais_due_plus_de_3_mois_apres_l_embauche(categorie, embauche):
    """R4624-10, R4624-18, R4624-24: at the latest three months after taking the job (before it
    for night workers, minors and SIR)."""
    for echeance in echeances(Travailleur(NAISSANCE, categorie[0], embauche, categorie[1])):
        if echeance.type in (TypeVisite.VIP_INITIALE, TypeVisite.EXAMEN_APTITUDE_EMBAUCHE):
            assert echeance.au_plus_tard <= embauche + relativedelta(months=3)


# Second pass (issue 13): each case cites its article.
EMBAUCHE_2015 = date(2015, 1, 5)
SI_VU = ((TypeVisite.VIP_INITIALE, date(2015, 2, 1)), (TypeVisite.VIP_PERIODIQUE, date(2024, 3, 1)))


@pytest.mark.parametrize(("cas", "travailleur", "type_visite", "au_plus_tard", "article"), [
    ("R4624-24 : devenu SIR en 2026, examen avant l'affectation à la date du changement",
     Travailleur(
         NAISSANCE, "SIR", EMBAUCHE_2015, ("amiante",), visites=tuple(Visite(*v) for v in SI_VU),
         periodes=(Periode("SI", "", EMBAUCHE_2015, date(2026, 9, 1)), *depuis("SIR", ["amiante"], date(2026, 9, 1)))),
     TypeVisite.EXAMEN_APTITUDE_EMBAUCHE, date(2026, 9, 1), "R4624-24"),
    ("R4624-18 : travail de nuit depuis 2026, VIP avant cette affectation",
     Travailleur(NAISSANCE, "SIA", EMBAUCHE_2015, ("travail_nuit",), visites=tuple(Visite(*v) for v in SI_VU),
                 periodes=depuis("SIA", ["travail_nuit"], date(2026, 9, 1))),
     TypeVisite.VIP_INITIALE, date(2026, 9, 1), "R4624-18"),
    ("R4624-17 : SIA (handicap) depuis 2026, jamais en retard avant le changement",
     Travailleur(NAISSANCE, "SIA", EMBAUCHE_2015, ("handicap",),
                 visites=(Visite(TypeVisite.VIP_PERIODIQUE, date(2021, 3, 1)),),
                 periodes=depuis("SIA", ["handicap"], date(2026, 9, 1))),
     TypeVisite.VIP_PERIODIQUE, date(2026, 12, 1), "R4624-17"),
    ("R4451-82 : catégorie A, examen renouvelé chaque année",
     Travailleur(NAISSANCE, "SIR", date(2025, 3, 1), ("rayonnements_ionisants",),
                 visites=(Visite(TypeVisite.EXAMEN_APTITUDE_EMBAUCHE, date(2025, 3, 1)),)),
     TypeVisite.EXAMEN_APTITUDE_PERIODIQUE, date(2026, 3, 1), "R4451-82"),
    ("R4451-82 : catégorie B en SIR, visite intermédiaire à 2 ans",
     Travailleur(NAISSANCE, "SIR", date(2025, 3, 1), ("rayonnements_categorie_b",),
                 visites=(Visite(TypeVisite.EXAMEN_APTITUDE_EMBAUCHE, date(2025, 3, 1)),)),
     TypeVisite.INTERMEDIAIRE_SIR, date(2027, 3, 1), "R4624-28"),
    ("R4624-18 3° : agents biologiques du groupe 2, VIP avant l'affectation",
     Travailleur(NAISSANCE, "SIA", date(2026, 3, 2), ("agents_biologiques_2",)),
     TypeVisite.VIP_INITIALE, date(2026, 3, 2), "R4624-18"),
    ("R4624-18 4° : champs électromagnétiques, VIP avant l'affectation",
     Travailleur(NAISSANCE, "SIA", date(2026, 3, 2), ("champs_electromagnetiques",)),
     TypeVisite.VIP_INITIALE, date(2026, 3, 2), "R4624-18"),
    ("R4624-18 2° : mineur en SI, VIP avant l'affectation",
     Travailleur(date(2010, 5, 1), "SI", date(2026, 3, 2)),
     TypeVisite.VIP_INITIALE, date(2026, 3, 2), "R4624-18"),
    ("R6222-40-1 : apprenti majeur, VIP dans les deux mois",
     Travailleur(NAISSANCE, "SI", date(2026, 3, 2), nature_contrat="apprentissage"),
     TypeVisite.VIP_INITIALE, date(2026, 5, 2), "R6222-40-1"),
    ("R4624-18 : apprenti mineur, VIP avant l'affectation",
     Travailleur(date(2010, 5, 1), "SI", date(2026, 3, 2), nature_contrat="apprentissage"),
     TypeVisite.VIP_INITIALE, date(2026, 3, 2), "R4624-18"),
    ("L4624-2-1 : départ à la retraite d'un SIR, visite avant le départ",
     Travailleur(NAISSANCE, "SIR", EMBAUCHE_2015, ("amiante",), date_sortie=date(2026, 12, 31),
                 motif_sortie="retraite"),
     TypeVisite.POST_EXPOSITION, date(2026, 12, 31), "L4624-2-1, R4624-28-1"),
    ("L4624-2-1 : un SIR quitte l'adhérent, fin de l'exposition à la sortie",
     Travailleur(NAISSANCE, "SIR", EMBAUCHE_2015, ("amiante",), date_sortie=date(2026, 6, 30), motif_sortie="autre"),
     TypeVisite.POST_EXPOSITION, date(2026, 7, 30), "L4624-2-1, R4624-28-1"),
    ("L4624-2-1 : redevenu SI, post-exposition depuis la fin de l'exposition",
     Travailleur(NAISSANCE, "SI", EMBAUCHE_2015, visites=tuple(Visite(*v) for v in SI_VU),
                 periodes=(Periode("SIR", "amiante", EMBAUCHE_2015, date(2026, 10, 1)),
                           Periode("SIR", "", EMBAUCHE_2015, date(2026, 10, 1)), Periode("SI", "", date(2026, 10, 1)))),
     TypeVisite.POST_EXPOSITION, date(2026, 10, 31), "L4624-2-1, R4624-28-1"),
])
def test_regles_seconde_passe(cas, travailleur, type_visite, au_plus_tard, article):
    test_regles(cas, travailleur, type_visite, au_plus_tard, article)


def test_categorie_a_sans_visite_intermediaire():
    """R4451-82: for category A the intermediate visit is not required."""
    a = Travailleur(NAISSANCE, "SIR", date(2025, 3, 1), ("rayonnements_ionisants",),
                    visites=(Visite(TypeVisite.EXAMEN_APTITUDE_EMBAUCHE, date(2025, 3, 1)),))
    assert due(a, TypeVisite.INTERMEDIAIRE_SIR) is None


def test_intermediaire_sir_pas_listee_apres_le_renouvellement():
    """R4624-28: the intermediate visit is between two aptitude exams; when the physician renews
    every 2 years or less, it is not listed."""
    sir = Travailleur(NAISSANCE, "SIR", date(2025, 3, 1), ("amiante",),
                      visites=(Visite(TypeVisite.EXAMEN_APTITUDE_EMBAUCHE, date(2025, 3, 1)),))
    assert due(sir, TypeVisite.INTERMEDIAIRE_SIR, Reglages(renouvellement_sir_mois=24)) is None
    assert due(sir, TypeVisite.INTERMEDIAIRE_SIR, Reglages(renouvellement_sir_mois=36)) is not None


@pytest.mark.parametrize(("age_branche", "annee"), [(None, 2026), (50, 2031)])
def test_mi_carriere_l_annee_de_l_age_de_branche(age_branche, annee):
    """L4624-2-2: the window is the calendar year of the branch age (45 by default), not earlier."""
    echeance = due(Travailleur(date(1981, 9, 2), "SI", EMBAUCHE_2015, age_mi_carriere=age_branche),
                   TypeVisite.MI_CARRIERE)
    assert (echeance.au_plus_tot, echeance.au_plus_tard) == (date(annee, 1, 1), date(annee, 12, 31))


def test_les_reglages_stockes_hors_plafond_ne_font_jamais_echouer():
    """Legacy stored values beyond the ceilings: the legal maximum applies, each one reported."""
    reglages, erreurs = Reglages.depuis({"periodicite_si_mois": 72, "age_mi_carriere": "quarante",
                                         "intermediaire_sir_mois": 12})
    assert (reglages.periodicite_si_mois, reglages.age_mi_carriere, reglages.intermediaire_sir_mois) == (60, 45, 12)
    assert len(erreurs) == 2 and "R4624-16" in erreurs[0]


@given(avant=categories, categorie=categories, embauche=dates, le=dates,
       passes=st.lists(st.tuples(types_passes, dates), max_size=4), dispense=st.booleans())
def test_un_changement_de_categorie_ne_met_jamais_en_retard_avant_sa_date(avant, categorie, embauche, le, passes,
                                                                          dispense):
    """R4624-24, R4624-18: the follow-up a category requires runs from its entry date (the former
    category's periods closed that day)."""
    change = max(le, embauche)
    fermees = tuple(Periode(p.categorie, p.motif, embauche, change) for p in depuis(*avant, embauche))
    travailleur = Travailleur(NAISSANCE, categorie[0], embauche, categorie[1], (),
                              tuple(Visite(t, d) for t, d in passes), periodes=(*fermees, *depuis(*categorie, change)),
                              dispense=dispense)
    for echeance in echeances(travailleur):
        if echeance.type in VISITES_SUIVI:
            assert echeance.au_plus_tard >= change or echeance.type == TypeVisite.VIP_INITIALE


@given(embauche=dates, fin=dates, delai=st.integers(1, 180))
def test_la_post_exposition_suit_la_fin_de_l_exposition(embauche, fin, delai):
    """L4624-2-1, R4624-28-3: the post-exposure visit is never due before the SIR ends, nor more
    than the service's delay (at most 180 days) after."""
    fin = max(fin, embauche)
    travailleur = Travailleur(NAISSANCE, "SI", embauche, periodes=(Periode("SIR", "amiante", embauche, fin),
                                                                   Periode("SIR", "", embauche, fin)))
    (post,) = [e for e in echeances(travailleur, Reglages(delai_post_exposition_jours=delai))
               if e.type == TypeVisite.POST_EXPOSITION]
    assert post.au_plus_tot == fin and post.au_plus_tard == fin + timedelta(days=delai)


@given(parametres=st.dictionaries(st.sampled_from(["periodicite_si_mois", "periodicite_sia_mois",
                                                   "renouvellement_sir_mois", "intermediaire_sir_mois",
                                                   "age_mi_carriere", "delai_post_exposition_jours"]),
                                  st.one_of(st.integers(-100, 1000), st.just("72"), st.none())),
       categorie=categories, embauche=dates, passes=st.lists(st.tuples(types_passes, dates), max_size=4))
def test_aucun_reglage_stocke_ne_depasse_le_plafond(parametres, categorie, embauche, passes):
    """Whatever is stored, no periodic deadline is beyond its legal ceiling (R4624-16, R4624-17,
    R4624-28, R4451-82)."""
    reglages, _ = Reglages.depuis(parametres)
    travailleur = Travailleur(NAISSANCE, categorie[0], embauche, categorie[1], (),
                              tuple(Visite(t, d) for t, d in passes))
    for echeance in echeances(travailleur, reglages):
        maximum = MAXIMA.get(echeance.type, {}).get(categorie[0])
        if maximum:
            assert echeance.au_plus_tard <= echeance.au_plus_tot + relativedelta(months=maximum)
