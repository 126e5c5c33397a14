"""The visit types thesaurus: seeded with the legal types, edited by the director."""

import pytest
from django_scopes import scopes_disabled

from spsti.permissions import Role
from suivi_individuel.models import TypeVisite, TypeVisiteService


def types(service):
    with scopes_disabled():
        return {t.libelle: t for t in TypeVisiteService.objects.filter(tenant=service)}


def test_le_thesaurus_commence_par_les_types_legaux(a, b):
    page = a.client(Role.DIRECTEUR).get("/suivi/types-visite/").content.decode()
    assert set(types(a.service)) == {t.label for t in TypeVisite}
    assert "Examen médical d&#x27;aptitude à l&#x27;embauche" in page and "30 min" in page
    assert types(b.service) == {}  # each service has its own


def test_ajouter_un_type_propre_au_service(a):
    client = a.client(Role.DIRECTEUR)
    client.get("/suivi/types-visite/")
    reponse = client.post("/suivi/types-visite/nouveau/", {"libelle": "Entretien infirmier de prévention",
                                                          "duree_minutes": 25, "mode": "teleconsultation",
                                                          "actif": "on"})
    assert reponse.status_code == 302
    assert types(a.service)["Entretien infirmier de prévention"].type_legal == ""


@pytest.mark.parametrize(("donnees", "message"), [
    ({"duree_minutes": 2}, "Une visite dure au moins 5 minutes."),
    ({"duree_minutes": 300}, "Une visite dure au plus 240 minutes."),
    ({"libelle": "VIP initiale"}, "Ce libellé existe déjà dans le thésaurus."),
])
def test_saisie_invalide(a, donnees, message):
    client = a.client(Role.DIRECTEUR)
    client.get("/suivi/types-visite/")
    avant = len(types(a.service))
    page = client.post("/suivi/types-visite/nouveau/", {"libelle": "Autre", "duree_minutes": 20,
                                                       "mode": "site", **donnees}).content.decode()
    assert message in page and len(types(a.service)) == avant
