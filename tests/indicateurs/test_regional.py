"""The regional view: only services that opted in, from their snapshots, cells under 10
suppressed, no figure while fewer than three services take part, each service's rank; a
federation's staff (no service) see the aggregates only, each service read in its own scope."""

import pytest
from django.test import Client

from comptes.models import MembreFederation
from indicateurs.calcul import calculer_annee
from indicateurs.tableau import PHARES
from spsti import tenancy
from spsti.permissions import Role
from spsti.tenancy import service_actif

from ..conftest import Monde
from ..connexion import connecter
from ..factories import UtilisateurFactory
from .test_instantanes import _peupler

ANNEE = 2024


@pytest.fixture
def trois_services(a, b):
    """Three services with the same year computed (9 visits done each, 3 of them by telehealth):
    the headline indicators, those the regional view shows."""
    c = Monde()
    for monde in (a, b, c):
        _peupler(monde, ANNEE)
        with service_actif(monde.service):
            calculer_annee(ANNEE, codes=PHARES)
    return a, b, c


def _lignes(client, url="/indicateurs/region/"):
    reponse = client.get(url, {"annee": ANNEE})
    assert reponse.status_code == 200
    return {ligne.code: ligne for ligne in reponse.context["lignes"]}


def _participer(monde, oui=True):
    reponse = monde.client(Role.DIRECTEUR).post("/indicateurs/region/", {"participer": "oui" if oui else "non"})
    assert reponse.status_code == 302


def test_la_vue_regionale_agrege_les_participants_et_masque_les_petites_cases(trois_services):
    a, b, c = trois_services
    client_a = a.client(Role.DIRECTEUR)
    assert client_a.get("/indicateurs/region/", {"annee": ANNEE}).context["lignes"] == []  # not taking part
    for monde in (a, b, c):
        _participer(monde)
    lignes = _lignes(client_a)
    visites = lignes["visites_realisees"]
    assert (visites.participants, visites.valeur, visites.propre, visites.rang) == (3, 27, 9, 1)
    teleconsultation = lignes["part_teleconsultation"]  # 9 remote visits of 27: under 10, not shown
    assert teleconsultation.valeur is None and teleconsultation.propre == 33.3
    assert a.client(Role.MEDECIN).get("/indicateurs/region/").status_code == 403


def test_a_deux_participants_aucun_agregat_ne_s_affiche(trois_services):
    """With two, one's own value and the total would give the other's: nothing regional shows,
    the rank still does."""
    a, b, c = trois_services
    for monde in (a, b):
        _participer(monde)
    visites = _lignes(a.client(Role.DIRECTEUR))["visites_realisees"]
    assert (visites.participants, visites.valeur, visites.propre, visites.rang) == (2, None, 9, 1)


def test_aucune_case_affichee_n_est_sous_10(trois_services):
    a, b, c = trois_services
    for monde in (a, b, c):
        _participer(monde)
    from indicateurs.regional import agregats
    from indicateurs.registre import INDICATEURS

    montrees = [ligne for ligne in agregats(ANNEE, list(INDICATEURS)) if ligne.valeur is not None]
    assert "visites_realisees" in {ligne.code for ligne in montrees}  # the check below is not empty
    for ligne in montrees:
        assert ligne.participants >= 3, ligne.code
        indicateur = INDICATEURS[ligne.code]
        if not indicateur.est_un_taux:
            assert ligne.valeur >= 10, ligne.code


@pytest.fixture
def federation(db):
    utilisateur = UtilisateurFactory()
    MembreFederation.objects.create(utilisateur=utilisateur, federation="Présanse Sud")
    return connecter(Client(), utilisateur)


def test_la_federation_voit_les_agregats_anonymes_sans_aucune_ligne_d_un_service(trois_services, federation):
    a, b, c = trois_services
    for monde in (a, b, c):
        _participer(monde)
    assert federation.get("/").url == "/indicateurs/federation/"
    reponse = federation.get("/indicateurs/federation/", {"annee": ANNEE})
    lignes = {ligne.code: ligne for ligne in reponse.context["lignes"]}
    visites = lignes["visites_realisees"]
    assert (visites.participants, visites.valeur, visites.propre, visites.rang) == (3, 27, None, None)
    assert lignes["part_teleconsultation"].valeur is None
    page = reponse.content.decode()
    for monde in (a, b, c):  # no service named, no worker, no team
        for texte in (monde.service.nom, monde.salarie.nom, monde.equipe.nom):
            assert texte not in page


def test_un_service_qui_ne_participe_pas_n_est_pas_compte(trois_services, federation):
    a, b, c = trois_services
    for monde in (a, b, c):
        _participer(monde)
    _participer(c, oui=False)
    visites = _lignes(federation, "/indicateurs/federation/")["visites_realisees"]
    assert (visites.participants, visites.valeur) == (2, None)


def test_chaque_service_est_lu_dans_sa_propre_portee_jamais_tous_a_la_fois(trois_services, federation,
                                                                           monkeypatch):
    """The regional sums read each participant inside its own scope: the all-services role of
    row-level security is never taken for the federation."""
    a, b, c = trois_services
    for monde in (a, b, c):
        _participer(monde)
    reglages, tous_services = [], []
    original, role_original = tenancy.reglage_base, tenancy.role_tous_services

    def espion(nom, valeur):
        reglages.append((nom, str(valeur)))
        return original(nom, valeur)

    def espion_role():
        tous_services.append(True)
        return role_original()

    monkeypatch.setattr(tenancy, "reglage_base", espion)
    monkeypatch.setattr(tenancy, "role_tous_services", espion_role)
    assert _lignes(federation, "/indicateurs/federation/")["visites_realisees"].valeur == 27
    assert tous_services == []
    assert {v for nom, v in reglages if nom == tenancy.REGLAGE_SERVICE} == {
        str(m.service.pk) for m in (a, b, c)}


def test_la_page_federation_est_fermee_aux_autres(a, federation):
    MembreFederation.objects.update(actif=False)
    assert federation.get("/indicateurs/federation/").status_code == 403
    assert a.client(Role.DIRECTEUR).get("/indicateurs/federation/").status_code == 403
    assert Client().get("/indicateurs/federation/").url.startswith("/comptes/connexion/")
