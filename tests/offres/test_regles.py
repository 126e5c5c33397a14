"""Billing rules as tables, each citing its source."""

from datetime import date, datetime
from decimal import Decimal as D

import pytest

from offres import rules
from offres.rules import EmploiAuJour, Mode, Tarif


@pytest.mark.parametrize("prix, national, decision, refuse", [
    # D4622-27-4 to D4622-27-6: 80 % to 120 % of the national average cost (115.50 € in 2025, 116 € in 2026)
    (D("92.80"), D("116.00"), "", False),    # exactly 80 %
    (D("139.20"), D("116.00"), "", False),   # exactly 120 %
    (D("110.00"), D("116.00"), "", False),
    (D("92.79"), D("116.00"), "", True),     # just below the band
    (D("139.21"), D("116.00"), "", True),    # just above
    (D("150.00"), D("116.00"), "AG du 12/12/2025 : charges de métrologie exceptionnelles", False),  # D4622-27-6
    (D("150.00"), D("116.00"), "   ", True),  # a blank decision is no decision
    (D("92.00"), D("115.50"), "", True),     # 2025: band 92.40 – 138.60
    (D("110.00"), None, "", True),           # no national cost for the year: nothing to compare with
])
def test_fourchette_de_cotisation_D4622_27_4_a_6(prix, national, decision, refuse):
    erreur = rules.erreur_bande(prix, national, decision)
    assert (erreur is not None) == refuse
    if erreur:
        assert "D4622-27-4" in erreur


def test_bande_2026():
    assert rules.bande_cotisation(D("116.00")) == (D("92.80"), D("139.20"))


@pytest.mark.parametrize("emplois, attendu", [
    # L4622-6: each worker counts as one, part-time included (headcount, never FTE)
    ([EmploiAuJour(1, 10, "SI", quotite=D("0.5")), EmploiAuJour(2, 10, "SI", quotite=D("0.2"))], {10: {"SI": D(2)}}),
    # D4624-65: a worker with two employers is split equally between them
    ([EmploiAuJour(1, 10, "SI"), EmploiAuJour(1, 20, "SI")], {10: {"SI": D("0.5")}, 20: {"SI": D("0.5")}}),
    # three employers: a third each
    ([EmploiAuJour(1, 10, "SIR"), EmploiAuJour(1, 20, "SIR"), EmploiAuJour(1, 30, "SIR")],
     {a: {"SIR": D(1) / 3} for a in (10, 20, 30)}),
    # two contracts with the same employer: still one worker, one employer
    ([EmploiAuJour(1, 10, "SI"), EmploiAuJour(1, 10, "SI")], {10: {"SI": D(1)}}),
    # categories kept apart
    ([EmploiAuJour(1, 10, "SI"), EmploiAuJour(2, 10, "SIR")], {10: {"SI": D(1), "SIR": D(1)}}),
])
def test_effectif_par_tete_et_partage_multi_employeurs_L4622_6_D4624_65(emplois, attendu):
    assert rules.effectifs_factures(emplois) == attendu


def test_date_de_reference_31_janvier_D4624_65():
    assert rules.date_reference_effectif(2026) == date(2026, 1, 31)


@pytest.mark.parametrize("tarif, effectifs, quantite, attendu", [
    (Tarif(Mode.PAR_SALARIE, prix=D("110.00")), {"SI": D(10), "SIR": D(2)}, 1, D("1320.00")),
    (Tarif(Mode.PAR_SALARIE, prix=D("110.00")), {"SI": D("0.5")}, 1, D("55.00")),  # D4624-65 half
    (Tarif(Mode.PAR_SALARIE, prix=D("110.00"), minimum=D("150.00")), {"SI": D(1)}, 1, D("150.00")),  # minimum
    (Tarif(Mode.PAR_CATEGORIE, prix=D("100"), prix_categories={"SI": "100.00", "SIR": "130.00"}),
     {"SI": D(3), "SIR": D(2)}, 1, D("560.00")),
    (Tarif(Mode.TRANCHE, tranches=((10, D("500")), (49, D("2000")), (None, D("5000")))), {"SI": D(11)}, 1,
     D("2000.00")),
    (Tarif(Mode.TRANCHE, tranches=((10, D("500")), (49, D("2000")), (None, D("5000")))), {"SI": D(80)}, 1,
     D("5000.00")),
    (Tarif(Mode.HORAIRE, prix=D("95.00")), None, D("3.5"), D("332.50")),
    (Tarif(Mode.ACTE, prix=D("80.00")), None, D(2), D("160.00")),
    (Tarif(Mode.FORFAIT, prix=D("450.00")), None, 1, D("450.00")),
])
def test_montant_selon_la_grille_L4622_6(tarif, effectifs, quantite, attendu):
    assert rules.montant_tarif(tarif, effectifs=effectifs, quantite=D(quantite)) == attendu


@pytest.mark.parametrize("annee, rang, numero", [(2026, 1, "2026-000001"), (2026, 123456, "2026-123456")])
def test_numerotation_sequentielle_CGI_242_nonies_A(annee, rang, numero):
    assert rules.numero_facture(annee, rang) == numero


def test_echeance_au_plus_60_jours_L441_10():
    assert rules.echeance_paiement(date(2026, 1, 31), 30) == date(2026, 3, 2)
    assert rules.echeance_paiement(date(2026, 1, 1), 90) == date(2026, 3, 2)


@pytest.mark.parametrize("debut, fin, jours_verifies", [
    # D4622-27-1: at least one year; D4622-27-3: no tacit renewal
    (date(2026, 3, 1), date(2027, 2, 28), {date(2027, 2, 28): True, date(2027, 3, 1): False, date(2030, 1, 1): False}),
    (date(2024, 2, 29), date(2025, 2, 28), {date(2025, 2, 28): True, date(2025, 3, 1): False}),
])
def test_affiliation_independant_un_an_sans_tacite_reconduction_D4622_27_1_a_3(debut, fin, jours_verifies):
    assert rules.fin_affiliation(debut) == fin
    for jour, en_cours in jours_verifies.items():
        assert rules.affiliation_en_cours(debut, fin, jour) is en_cours


VISITE = datetime(2026, 12, 10, 9, 0)  # a Thursday


@pytest.mark.parametrize("regle, annulee_le, dus", [
    ("48h", None, True),                                  # never cancelled: missed
    ("48h", datetime(2026, 12, 8, 9, 0), False),          # exactly 48 h ahead
    ("48h", datetime(2026, 12, 8, 9, 1), True),
    ("72h", datetime(2026, 12, 7, 9, 0), False),
    ("72h", datetime(2026, 12, 8, 8, 0), True),
    ("3jo", datetime(2026, 12, 7, 9, 0), False),          # Monday: 3 working days before Thursday
    ("3jo", datetime(2026, 12, 7, 10, 0), True),
])
def test_frais_d_absence_selon_le_delai_d_annulation_du_service(regle, annulee_le, dus):
    assert rules.frais_absence_dus(VISITE, annulee_le, regle) is dus


def test_trois_jours_ouvres_enjambent_le_week_end_et_les_feries():
    # Thursday 12 Nov 2026 → Tue 10, Mon 9, Fri 6 (Wed 11 Nov is a public holiday, the weekend skipped)
    assert rules.limite_annulation(datetime(2026, 11, 12, 14, 0), "3jo") == datetime(2026, 11, 6, 14, 0)


def test_cout_moyen_du_service_D4622_27_4():
    assert rules.cout_moyen_service(D("1150000"), D("10000")) == D("115.00")
    assert rules.cout_moyen_service(D("1"), D("0")) is None
