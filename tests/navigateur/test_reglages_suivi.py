"""The director sets the legal schedule within the law, in headless Chromium (issue 13)."""

import pytest

from .test_parcours import se_connecter

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def test_le_directeur_ne_peut_pas_depasser_un_plafond_legal(page, demo, capture):
    page.goto(demo + "/comptes/connexion/")
    se_connecter(page, demo, "directeur@provence.demo")
    page.wait_for_url("**/accueil/")
    page.goto(demo + "/organisation/")
    page.get_by_role("link", name="Réglages du suivi").click()
    page.get_by_label("Périodicité de la VIP en SI (mois)").fill("72")
    page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_text("Entre 1 et 60 : au-delà, le plafond légal est dépassé (R4624-16).").is_visible()
    capture(page, "13-reglages-suivi-refus")
    page.get_by_label("Périodicité de la VIP en SI (mois)").fill("48")
    page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_text("Réglages du suivi enregistrés").is_visible()
