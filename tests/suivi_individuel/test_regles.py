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
    Reglages,
    Travailleur,
    TypeVisite,
    Visite,
    echeances,
    orientation_sans_delai,
)

NAISSANCE = date(1990, 6, 15)


def t(categorie="SI", embauche=date(2015, 1, 5), *, naissance=NAISSANCE, motifs=(), absences=(), visites=(),
      fin_exposition=None):
    """A worker; ``visites`` as (type, date) pairs."""
    return Travailleur(naissance, categorie, embauche, tuple(motifs), tuple(absences),
                       tuple(Visite(type_visite, jour) for type_visite, jour in visites), fin_exposition)


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


def test_les_regles_de_reprise_2022_s_appliquent_aux_absences_commencees_depuis_le_1er_avril_2022():
    avant = Travailleur(NAISSANCE, "SI", date(2015, 1, 5), (), (
        Absence(NatureAbsence.MALADIE_NON_PROFESSIONNELLE, date(2022, 1, 3), date(2022, 4, 4)),))
    assert due(avant, TypeVisite.REPRISE) is None


def test_mi_carriere_selon_l_age_de_la_branche():
    travailleur = Travailleur(date(1981, 9, 2), "SI", date(2015, 1, 5))
    assert due(travailleur, TypeVisite.MI_CARRIERE, Reglages(age_mi_carriere=50)).au_plus_tard == date(2031, 12, 31)
    deja = t(naissance=date(1981, 9, 2), visites=[(TypeVisite.MI_CARRIERE, date(2026, 2, 1))])
    assert due(deja, TypeVisite.MI_CARRIERE) is None


def test_pas_de_mi_carriere_pour_qui_avait_l_age_avant_la_loi_de_2021():
    """L4624-2-2 applies from 31 March 2022: a worker who turned 45 in 2020 is not owed one."""
    assert due(t(naissance=date(1975, 3, 1)), TypeVisite.MI_CARRIERE) is None
    assert due(t(naissance=date(1977, 3, 1)), TypeVisite.MI_CARRIERE).au_plus_tard == date(2022, 12, 31)


def test_pas_de_nouvelle_vip_a_l_embauche_apres_une_vip_recente():
    """R4624-15: no new VIP at hiring when one was done in the last 5 years (3 for SIA)."""
    recente = t("SI", date(2026, 1, 5), visites=[(TypeVisite.VIP_INITIALE, date(2023, 6, 1))])
    assert due(recente, TypeVisite.VIP_INITIALE) is None
    assert due(recente, TypeVisite.VIP_PERIODIQUE).au_plus_tard == date(2028, 6, 1)
    sia = t("SIA", date(2026, 1, 5), motifs=["handicap"], visites=[(TypeVisite.VIP_INITIALE, date(2022, 6, 1))])
    assert due(sia, TypeVisite.VIP_INITIALE) is not None  # older than 3 years for SIA


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
                    (Visite(TypeVisite.EXAMEN_APTITUDE_EMBAUCHE, date(2022, 3, 1)),), date(2026, 6, 30)),
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
