"""The member portal: its own URL tree, login and templates; a portal user sees only the
companies they manage."""

from django.test import Client

from spsti.permissions import Role

from .factories import AccesPortailFactory, AdherentFactory


def test_le_portail_a_sa_propre_connexion(db):
    reponse = Client().get("/portail/")
    assert reponse.status_code == 302 and reponse.url.startswith("/portail/connexion/")
    page = Client().get("/portail/connexion/").content.decode()
    assert "Portail des entreprises adhérentes" in page


def test_connexion_au_portail_mene_a_ses_entreprises(a):
    utilisateur = a.membres[Role.ADHERENT].utilisateur
    client = Client()
    reponse = client.post("/portail/connexion/", {"username": utilisateur.email,
                                                  "password": "mot-de-passe-de-test"})
    assert reponse.status_code == 302 and reponse.url == "/portail/"
    assert a.adherent.raison_sociale in client.get("/portail/").content.decode()


def test_un_cabinet_comptable_voit_ses_entreprises_et_seulement_elles(a, b):
    cabinet = a.membres[Role.ADHERENT]
    seconde = AdherentFactory(tenant=a.service, equipe=a.equipe, centre=a.equipe.centre, raison_sociale="Garage Lopez")
    AccesPortailFactory(tenant=a.service, adherent=seconde, rattachement=cabinet)
    voisine = AdherentFactory(tenant=a.service, equipe=a.equipe, centre=a.equipe.centre, raison_sociale="Voisine SARL")
    page = a.client(Role.ADHERENT).get("/portail/").content.decode()
    assert a.adherent.raison_sociale in page and "Garage Lopez" in page
    assert voisine.raison_sociale not in page and b.adherent.raison_sociale not in page
    assert "Vous gérez 2 entreprises adhérentes" in page


def test_un_utilisateur_du_portail_n_entre_pas_dans_le_back_office(a):
    client = a.client(Role.ADHERENT)
    assert client.get("/").url == "/portail/"
    assert client.get("/accueil/").status_code == 403
    assert client.get("/api/v1/centres/").status_code == 403


def test_le_personnel_n_entre_pas_dans_le_portail(a):
    assert a.client(Role.SERVICE_ADHERENT).get("/portail/").status_code == 403
