"""The indicator registry: apps declare indicators once; the director page shows their value
for the current service only."""

from datetime import date

import pytest

from indicateurs.registre import INDICATEURS, Indicateur, Periode, declarer
from spsti.permissions import Role

from .factories import AdherentFactory, SalarieFactory


def test_un_code_ne_se_declare_qu_une_fois():
    with pytest.raises(ValueError):
        declarer(Indicateur(code="adherents_suivis", libelle="x", source="x", numerateur=lambda p: 0))


def test_les_indicateurs_du_socle_sont_declares():
    socle = {"adherents_suivis", "part_adherents_moins_11", "salaries_suivis", "adherents_sans_equipe"}
    assert socle <= set(INDICATEURS)


def test_periode_annuelle():
    assert Periode.annee(2026) == Periode(date(2026, 1, 1), date(2026, 12, 31))


def test_le_tableau_de_bord_calcule_pour_le_service_courant(a, b):
    # a: 1 member of 2 workers (<11) + 1 of 40 + 1 joining in 2027; b: 5 members, never counted
    AdherentFactory(tenant=a.service, equipe=a.equipe, centre=a.equipe.centre, effectif=40)
    AdherentFactory(tenant=a.service, equipe=a.equipe, centre=a.equipe.centre, date_adhesion=date(2027, 2, 1))
    SalarieFactory(tenant=a.service, adherent=a.adherent)
    for _ in range(5):
        AdherentFactory(tenant=b.service, equipe=b.equipe, centre=b.equipe.centre)
    reponse = a.client(Role.DIRECTEUR).get("/indicateurs/domaines/", {"annee": 2026})
    valeurs = {d: v for _, groupe in reponse.context["par_domaine"] for v in groupe for d in [v.indicateur.code]}
    assert valeurs["adherents_suivis"].numerateur == 2
    assert (valeurs["part_adherents_moins_11"].numerateur, valeurs["part_adherents_moins_11"].denominateur) == (1, 2)
    assert valeurs["part_adherents_moins_11"].pourcentage == 50.0
    assert valeurs["salaries_suivis"].numerateur == 2 + 40
    page = reponse.content.decode()
    assert "Établissements adhérents suivis" in page and "50,0 %" in page and "1 / 2" in page


def test_une_annee_illisible_retombe_sur_l_annee_courante(a):
    reponse = a.client(Role.DIRECTEUR).get("/indicateurs/domaines/", {"annee": "deux-mille"})
    assert reponse.status_code == 200 and reponse.context["annee"] == date.today().year


def test_le_changement_d_annee_en_htmx_ne_renvoie_que_les_valeurs(a):
    reponse = a.client(Role.DIRECTEUR).get("/indicateurs/domaines/", {"annee": 2025}, HTTP_HX_REQUEST="true")
    page = reponse.content.decode()
    assert "du 01/01/2025 au 31/12/2025" in page and "<nav" not in page and "<html" not in page
