""""Ma journée" of every role (issue 16), in headless Chromium on the demo data; the captures
go to docs/captures/ for the README."""

from pathlib import Path

import pytest

from .test_parcours import se_connecter

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]

DOCS = Path(__file__).resolve().parents[2] / "docs" / "captures"

JOURNEES = [
    ("medecin", "Mes visites d'aujourd'hui et de demain"),
    ("infirmier", "Mes visites d'aujourd'hui et de demain"),
    ("assistant.medical", "À convoquer cette semaine"),
    ("iprp", "Mes rendez-vous de la semaine"),
    ("asst", "Fiches d'entreprise et actions primaires dues"),
    ("assistant.social", "File d'attente de la cellule PDP"),
    ("service.adherent", "Demandes d'adhésion à examiner"),
    ("comptable", "Adhérents radiés ces 30 derniers jours"),
    ("directeur", "Le service aujourd'hui"),
]


def test_la_journee_de_chaque_role(navigateur, demo):
    DOCS.mkdir(parents=True, exist_ok=True)
    for compte, titre in JOURNEES:
        contexte = navigateur.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
        page = contexte.new_page()
        page.goto(demo + "/comptes/connexion/")
        se_connecter(page, demo, f"{compte}@provence.demo")
        page.wait_for_url("**/accueil/")
        assert page.get_by_role("heading", name=titre).is_visible(), compte
        page.screenshot(path=str(DOCS / f"journee-{compte.replace('.', '-')}.png"), full_page=False)
        contexte.close()
