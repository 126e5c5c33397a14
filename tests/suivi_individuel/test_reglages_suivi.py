"""The director's settings of the legal schedule (issue 13, point 11): a form bounded by the
law, French errors beyond the ceilings, nothing changed then; a stored legacy value beyond a
ceiling is shown and never breaks a save or the recomputation."""

from datetime import date

import pytest
from django_scopes import scopes_disabled

from spsti.permissions import Role
from suivi_individuel.models import Echeance, Visite
from tests.factories import SalarieFactory

VALIDES = {"periodicite_si_mois": "24", "periodicite_sia_mois": "36", "renouvellement_sir_mois": "48",
           "intermediaire_sir_mois": "24", "age_mi_carriere": "45", "delai_post_exposition_jours": "30",
           "delai_premiere_fiche_mois": "12", "periodicite_fiche_mois": "48", "periodicite_action_primaire_mois": "48",
           "alerte_jours": "90", "ages_mi_carriere_branches": "1596 = 50\n"}


def test_le_directeur_regle_le_suivi_dans_la_loi_et_les_echeanciers_suivent(a, django_capture_on_commit_callbacks):
    Visite.objects.create(tenant=a.service, salarie=a.salarie, type="vip_periodique", date=date(2026, 1, 6))
    client = a.client(Role.DIRECTEUR)
    assert "R4624-16" in client.get("/suivi/reglages/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post("/suivi/reglages/", VALIDES)
    assert reponse.status_code == 302
    a.service.refresh_from_db()
    assert a.service.parametres["periodicite_si_mois"] == 24
    assert a.service.parametres["ages_mi_carriere_branches"] == {"1596": 50}
    with scopes_disabled():
        assert Echeance.objects.get(salarie=a.salarie, type="vip_periodique").au_plus_tard == date(2028, 1, 6)
    assert a.service.history.first().history_user == a.membres[Role.DIRECTEUR].utilisateur  # history kept


@pytest.mark.parametrize(("champ", "valeur", "message"), [
    ("periodicite_si_mois", "72", "R4624-16"),
    ("periodicite_sia_mois", "37", "R4624-17"),
    ("renouvellement_sir_mois", "49", "R4624-28"),
    ("intermediaire_sir_mois", "25", "R4624-28"),
    ("periodicite_si_mois", "0", "R4624-16"),
    ("age_mi_carriere", "70", "L4624-2-2"),
    ("delai_post_exposition_jours", "400", "R4624-28-3"),
    ("delai_premiere_fiche_mois", "13", "R4624-47"),
    ("periodicite_fiche_mois", "60", "décret 2022-653"),
    ("periodicite_si_mois", "cinq", "nombre entier"),
    ("ages_mi_carriere_branches", "1596 = 30", "L4624-2-2"),
    ("ages_mi_carriere_branches", "métallurgie: 50", "IDCC = âge"),
])
def test_au_dela_des_plafonds_legaux_refus_en_francais(a, champ, valeur, message):
    avant = dict(a.service.parametres or {})
    page = a.client(Role.DIRECTEUR).post("/suivi/reglages/", {**VALIDES, champ: valeur})
    assert page.status_code == 200 and message in page.content.decode()
    a.service.refresh_from_db()
    assert (a.service.parametres or {}) == avant  # nothing changed


def test_une_valeur_stockee_hors_plafond_est_signalee_et_n_empeche_rien(a):
    """Legacy raw JSON: ``periodicite_si_mois: 72`` used to make every save fail with a ValueError."""
    a.service.parametres = {"periodicite_si_mois": 72}
    a.service.save()
    salarie = SalarieFactory(tenant=a.service, adherent=a.adherent)  # a save recomputes: no error
    Visite.objects.create(tenant=a.service, salarie=salarie, type="vip_initiale", date=date(2022, 1, 10))
    with scopes_disabled():
        assert Echeance.objects.get(salarie=salarie, type="vip_periodique").au_plus_tard == date(2027, 1, 10)
    page = a.client(Role.DIRECTEUR).get("/suivi/reglages/").content.decode()
    assert "hors des plafonds légaux" in page and "72" in page and 'value="60"' in page
