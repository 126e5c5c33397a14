"""The regional view: only services that opted in, from their snapshots, cells under 10
suppressed, each service's rank."""

from indicateurs.calcul import calculer_annee
from spsti.permissions import Role
from spsti.tenancy import service_actif

from ..conftest import Monde
from .test_instantanes import _peupler

ANNEE = 2024


def test_la_vue_regionale_agrege_les_participants_et_masque_les_petites_cases(a, b):
    c = Monde()
    for monde in (a, b, c):
        _peupler(monde, ANNEE)
        with service_actif(monde.service):
            calculer_annee(ANNEE)
    client_a = a.client(Role.DIRECTEUR)
    assert client_a.get("/indicateurs/region/", {"annee": ANNEE}).context["lignes"] == []  # not taking part
    for monde in (a, b):
        assert monde.client(Role.DIRECTEUR).post("/indicateurs/region/", {"participer": "oui"}).status_code == 302
    lignes = {ligne.code: ligne for ligne in client_a.get("/indicateurs/region/", {"annee": ANNEE}).context["lignes"]}
    visites = lignes["visites_realisees"]
    assert (visites.participants, visites.valeur, visites.propre, visites.rang) == (2, 18, 9, 1)  # c left out
    teleconsultation = lignes["part_teleconsultation"]  # 6 remote visits of 18: under 10, not shown
    assert teleconsultation.valeur is None and teleconsultation.propre == 33.3
    assert a.client(Role.MEDECIN).get("/indicateurs/region/").status_code == 403
