"""Pure rules of the PDP cell, as tables: early detection criteria (seed 001: workers over 55
with a disabling condition, long or repeated absences), sharing within consent (L1110-4 CSP for
health elements), files without action, time to close."""

from datetime import date, timedelta

import pytest

from cellule_pdp.rules import (
    ReglagesReperage,
    Situation,
    criteres_reperage,
    delai_median_jours,
    jours_d_arret,
    refus_de_partage,
    sans_action,
)

JOUR = date(2026, 11, 23)
NE_EN_1968 = date(1968, 3, 1)  # 58 years old
NE_EN_1990 = date(1990, 3, 1)


def arrets(*durees_et_reculs):
    """Absences as (start, return), each given as (its length, how many days ago it began)."""
    return tuple((JOUR - timedelta(days=recul), JOUR - timedelta(days=recul - duree))
                 for duree, recul in durees_et_reculs)


@pytest.mark.parametrize(("cas", "situation", "reglages", "attendu"), [
    ("58 ans avec restriction", Situation(NE_EN_1968, restriction_24_mois=True), ReglagesReperage(),
     ["58 ans avec des restrictions ou aménagements de poste"]),
    ("58 ans sans restriction", Situation(NE_EN_1968), ReglagesReperage(), []),
    ("36 ans avec restriction", Situation(NE_EN_1990, restriction_24_mois=True), ReglagesReperage(), []),
    ("âge de la branche abaissé à 50 ans", Situation(date(1975, 1, 5), restriction_24_mois=True),
     ReglagesReperage(age_avec_restriction=50), ["51 ans avec des restrictions ou aménagements de poste"]),
    ("critère d'âge désactivé", Situation(NE_EN_1968, restriction_24_mois=True),
     ReglagesReperage(age_avec_restriction=None), []),
    ("95 jours d'arrêt sur 12 mois", Situation(NE_EN_1990, arrets=arrets((95, 200))), ReglagesReperage(),
     ["95 jours d'arrêt sur 12 mois"]),
    ("arrêt ancien hors fenêtre", Situation(NE_EN_1990, arrets=arrets((95, 500))), ReglagesReperage(), []),
    ("3 arrêts courts sur 12 mois", Situation(NE_EN_1990, arrets=arrets((5, 300), (5, 150), (5, 20))),
     ReglagesReperage(), ["3 arrêts sur 12 mois"]),
    ("2 visites de reprise sur 24 mois", Situation(NE_EN_1990, reprises_24_mois=2), ReglagesReperage(),
     ["2 visites de reprise sur 24 mois"]),
    ("risque noté par le médecin", Situation(NE_EN_1990, risque_note=True), ReglagesReperage(),
     ["risque de désinsertion noté par le médecin"]),
    ("risque non retenu par le service", Situation(NE_EN_1990, risque_note=True),
     ReglagesReperage(risque_note_par_le_medecin=False), []),
])
def test_criteres_de_reperage(cas, situation, reglages, attendu):
    assert criteres_reperage(situation, reglages, JOUR) == attendu, cas


def test_les_jours_d_arret_sont_comptes_dans_la_fenetre_de_12_mois():
    assert jours_d_arret(arrets((30, 380)), JOUR) == 15  # began 380 days ago, 15 of its 30 days are within a year
    assert jours_d_arret(((JOUR - timedelta(days=10), JOUR + timedelta(days=20)),), JOUR) == 10  # still off


@pytest.mark.parametrize(("cas", "parametres", "refus"), [
    ("sans consentement", {"consentement_en_vigueur": False, "destinataire_couvert": False}, "Aucun consentement"),
    ("destinataire hors consentement", {"destinataire_couvert": False}, "n'a pas consenti"),
    ("santé vers l'employeur",
     {"informations": {"sante"}, "informations_consenties": {"sante"}, "vers_employeur": True},
     "Aucun élément de santé"),
    ("information non consentie", {"informations": {"situation", "sante"}}, "ne couvre pas"),
    ("rien de choisi", {"informations": set()}, "Choisissez"),
    ("dans le consentement", {}, None),
    ("santé vers un partenaire consenti", {"informations": {"sante"}, "informations_consenties": {"sante"}}, None),
])
def test_un_partage_reste_dans_le_consentement(cas, parametres, refus):
    """Only within the worker's consent in force; never health elements to the employer
    (medical secrecy, L1110-4 du Code de la santé publique)."""
    valeurs = {"consentement_en_vigueur": True, "destinataire_couvert": True, "informations": {"situation"},
                   "informations_consenties": {"situation", "mesures"}, "vers_employeur": False}
    resultat = refus_de_partage(**{**valeurs, **parametres})
    assert (resultat is None) if refus is None else (refus in resultat), cas


@pytest.mark.parametrize(("derniere", "delai", "sans"), [(60, 60, True), (59, 60, False), (31, 30, True)])
def test_un_dossier_sans_action_depuis_le_delai_du_service(derniere, delai, sans):
    assert sans_action(JOUR - timedelta(days=derniere), JOUR, delai) is sans


def test_delai_median_de_cloture():
    ouvert = date(2026, 1, 1)
    assert delai_median_jours([(ouvert, ouvert + timedelta(days=n)) for n in (10, 30, 200)]) == 30
    assert delai_median_jours([]) == 0
