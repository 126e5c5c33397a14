"""The due rules of prevention (fiche_entreprise/rules.py) and of DUERP support (duerp/rules.py):
tables citing their source, and properties checked by hypothesis."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from duerp import rules as duerp
from fiche_entreprise.rules import (
    MAX_DELAI_PREMIERE_FICHE,
    MAX_PERIODICITE_ACTION_PRIMAIRE,
    MAX_PERIODICITE_FICHE,
    Reglages,
    a_echeance,
    echeance_action_primaire,
    echeance_fiche,
    en_retard,
    hors_limite,
)


@pytest.mark.parametrize(("cas", "echeance", "au_plus_tard", "base"), [
    ("adhésion le 10/05/2025 sans fiche : à établir au plus tard le 10/05/2026",
     echeance_fiche(date(2025, 5, 10), None), date(2026, 5, 10), "R4624-47"),
    ("fiche validée le 15/01/2022 : mise à jour au plus tard le 15/01/2026",
     echeance_fiche(date(2015, 3, 2), date(2022, 1, 15)), date(2026, 1, 15), "décret 2022-653 (offre socle)"),
    ("dernière action primaire le 01/06/2022 : la suivante au plus tard le 01/06/2026",
     echeance_action_primaire(date(2010, 1, 4), date(2022, 6, 1)), date(2026, 6, 1),
     "décret 2022-653 (offre socle), projets de service"),
    ("jamais d'action primaire : 4 ans après l'adhésion",
     echeance_action_primaire(date(2023, 9, 18), None), date(2027, 9, 18),
     "décret 2022-653 (offre socle), projets de service"),
    ("service plus exigeant : fiche tous les 3 ans",
     echeance_fiche(date(2015, 3, 2), date(2022, 1, 15), Reglages(periodicite_fiche_mois=36)), date(2025, 1, 15),
     "décret 2022-653 (offre socle)"),
    ("service plus exigeant : première fiche dans les 6 mois",
     echeance_fiche(date(2025, 5, 10), None, Reglages(delai_premiere_fiche_mois=6)), date(2025, 11, 10), "R4624-47"),
    ("adhésion un 29 février : un an après, le 28 février", echeance_fiche(date(2024, 2, 29), None),
     date(2025, 2, 28), "R4624-47"),
])
def test_echeances_citent_leur_source(cas, echeance, au_plus_tard, base):
    assert (echeance.au_plus_tard, echeance.base_legale) == (au_plus_tard, base), cas


def test_sans_action_primaire_depuis_le_1er_juin_2022_en_retard_le_2_juin_2026():
    echeance = echeance_action_primaire(date(2010, 1, 4), date(2022, 6, 1))
    assert not en_retard(echeance, date(2026, 6, 1))
    assert en_retard(echeance, date(2026, 6, 2))


def test_a_echeance_dans_la_fenetre_d_alerte_du_service():
    echeance = echeance_fiche(date(2025, 5, 10), None)  # due 10/05/2026
    assert not a_echeance(echeance, date(2026, 2, 8))  # 91 days before
    assert a_echeance(echeance, date(2026, 2, 9))  # 90 days before: the default window
    assert not a_echeance(echeance, date(2026, 5, 9), Reglages(alerte_jours=0))
    assert a_echeance(echeance, date(2026, 6, 1), Reglages(alerte_jours=0))  # late is still due


@pytest.mark.parametrize("reglage", [{"periodicite_fiche_mois": 49}, {"delai_premiere_fiche_mois": 13},
                                     {"periodicite_action_primaire_mois": 60}, {"periodicite_fiche_mois": 0},
                                     {"alerte_jours": -1}])
def test_un_service_ne_peut_etre_moins_exigeant_que_les_plafonds(reglage):
    with pytest.raises(ValueError):
        Reglages(**reglage)


jours = st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31))


@given(adhesion=jours, ecart=st.integers(min_value=0, max_value=4000),
       fiche=st.integers(min_value=1, max_value=MAX_PERIODICITE_FICHE),
       premiere=st.integers(min_value=1, max_value=MAX_DELAI_PREMIERE_FICHE),
       action=st.integers(min_value=1, max_value=MAX_PERIODICITE_ACTION_PRIMAIRE))
def test_une_echeance_ne_depasse_jamais_le_plafond(adhesion, ecart, fiche, premiere, action):
    """Whatever the service sets, a deadline is never later than the legal ceiling, and a
    stricter setting never gives a later one."""
    derniere = adhesion + timedelta(days=ecart)
    reglages = Reglages(delai_premiere_fiche_mois=premiere, periodicite_fiche_mois=fiche,
                        periodicite_action_primaire_mois=action)
    assert echeance_fiche(adhesion, None, reglages).au_plus_tard <= adhesion + relativedelta(years=1)
    assert echeance_fiche(adhesion, derniere, reglages).au_plus_tard <= derniere + relativedelta(years=4)
    assert echeance_action_primaire(adhesion, derniere, reglages).au_plus_tard <= derniere + relativedelta(years=4)
    assert echeance_fiche(adhesion, derniere, reglages).au_plus_tard <= echeance_fiche(adhesion, derniere).au_plus_tard


@given(derniere=jours, jour=jours)
def test_en_retard_le_lendemain_de_l_echeance_et_pas_avant(derniere, jour):
    echeance = echeance_action_primaire(date(1999, 1, 1), derniere)
    assert en_retard(echeance, jour) == (jour > echeance.au_plus_tard)
    assert echeance.au_plus_tard > derniere


@pytest.mark.parametrize(("valeur", "limite", "sens", "hors"), [
    ("87", "85", "maximum", True),  # noise above the action value (R4431-2)
    ("85", "85", "maximum", False),
    ("180", "300", "minimum", True),  # lighting below the recommended minimum
    ("320", "300", "minimum", False),
    ("99", None, "maximum", False),  # no reference: never outside
])
def test_un_mesurage_hors_limite_selon_le_sens_de_sa_reference(valeur, limite, sens, hors):
    assert hors_limite(Decimal(valeur), Decimal(limite) if limite else None, sens) is hors


def test_un_duerp_est_conserve_40_ans():
    assert duerp.conserver_jusqu_au(date(2026, 3, 1)) == date(2066, 3, 1)  # L4121-3-1


@pytest.mark.parametrize(("priorites", "complet"), [(2, False), (3, True), (5, True)])
def test_un_plan_compte_a_partir_de_trois_priorites(priorites, complet):
    assert duerp.plan_complet(priorites) is complet


CONTRAT = date(2025, 1, 10)
COMPLET = duerp.EtatRelais(CONTRAT, {1: date(2025, 3, 1), 2: date(2025, 6, 1), 3: date(2025, 9, 1),
                                     4: date(2026, 1, 5)}, date(2025, 11, 2), 3, date(2026, 2, 1))


@pytest.mark.parametrize(("cas", "etat", "manque"), [
    ("tout est fait : le label peut être attribué", COMPLET, None),
    ("sans contrat", duerp.EtatRelais(None, {}, None, 0, None), "le contrat d'engagement signé"),
    ("un module manque", duerp.EtatRelais(CONTRAT, {**COMPLET.modules_suivis, 3: None}, date(2025, 11, 2), 3,
                                          date(2026, 2, 1)), "le module 3 « Méthode de Gestion des Accidents du "
                                                             "Travail »"),
    ("un module suivi après les 2 ans", duerp.EtatRelais(CONTRAT, {**COMPLET.modules_suivis, 4: date(2027, 1, 11)},
                                                         date(2025, 11, 2), 3, date(2026, 2, 1)),
     "le module 4 dans les 2 ans du contrat (suivi le 11/01/2027)"),
    ("deux points de progrès seulement", duerp.EtatRelais(CONTRAT, COMPLET.modules_suivis, date(2025, 11, 2), 2,
                                                          date(2026, 2, 1)),
     "un plan d'action d'au moins 3 points de progrès"),
    ("pas de DUERP", duerp.EtatRelais(CONTRAT, COMPLET.modules_suivis, None, 3, date(2026, 2, 1)),
     "un DUERP déposé après la signature du contrat"),
    ("pas de visite", duerp.EtatRelais(CONTRAT, COMPLET.modules_suivis, date(2025, 11, 2), 3, None),
     "la visite en entreprise"),
])
def test_le_label_relais_de_prevention(cas, etat, manque):
    """Seed 001 § 3.3.1: four modules within two years, a DUERP, at least three progress points, a visit."""
    manques = duerp.manques_pour_label(
        duerp.EtatRelais(etat.contrat_signe_le, {k: v for k, v in etat.modules_suivis.items() if v},
                         etat.duerp_le, etat.points_de_progres, etat.visite_le))
    assert manques == ([] if manque is None else [manque]), cas
