"""Pro Santé Connect (issue 11, point 1): an OpenID Connect login mapped to a staff account by
its RPPS number, tested against a local fake provider (token and userinfo endpoints mocked,
no network). A PSC login counts as strong authentication."""

import time
from unittest import mock
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
from django.test import Client

from comptes.models import Evenement, IdentiteExterne, JournalSecurite
from spsti.permissions import Role

SECRET = "secret-du-fournisseur-de-test-assez-long-pour-hs256"
PSC = {"OIDC_RP_CLIENT_ID": "spsti-test", "OIDC_RP_CLIENT_SECRET": SECRET, "OIDC_RP_SIGN_ALGO": "HS256",
       "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://psc.test/auth", "OIDC_OP_TOKEN_ENDPOINT": "https://psc.test/token",
       "OIDC_OP_USER_ENDPOINT": "https://psc.test/userinfo", "OIDC_OP_JWKS_ENDPOINT": "https://psc.test/certs"}


class Reponse:
    def __init__(self, donnees):
        self.donnees = donnees

    def json(self):
        return self.donnees

    status_code = 200
    headers = {"Content-Type": "application/json"}

    def raise_for_status(self):
        pass


def jeton_id(nonce):
    contenu = {"iss": "https://psc.test", "aud": "spsti-test", "sub": "f:abc", "nonce": nonce,
               "exp": int(time.time()) + 60, "iat": int(time.time())}
    return jwt.encode(contenu, SECRET, algorithm="HS256")


def connexion_psc(rpps_claim):
    client = Client()
    depart = client.get("/oidc/authenticate/")
    assert depart.status_code == 302 and depart.url.startswith("https://psc.test/auth")
    parametres = parse_qs(urlparse(depart.url).query)
    assert parametres["acr_values"] == ["eidas1"]
    etat, nonce = parametres["state"][0], parametres["nonce"][0]
    with mock.patch("mozilla_django_oidc.auth.requests.post",
                    return_value=Reponse({"id_token": jeton_id(nonce), "access_token": "acces"})), \
         mock.patch("mozilla_django_oidc.auth.requests.get",
                    return_value=Reponse({"sub": "f:abc", "SubjectNameID": rpps_claim, "family_name": "Martin"})):
        retour = client.get("/oidc/callback/", {"code": "un-code", "state": etat})
    return client, retour


@pytest.fixture
def psc(settings):
    for cle, valeur in PSC.items():
        setattr(settings, cle, valeur)


def test_le_bouton_n_apparait_que_si_psc_est_configure(db, settings):
    assert "Pro Santé Connect" not in Client().get("/comptes/connexion/").content.decode()
    for cle, valeur in PSC.items():
        setattr(settings, cle, valeur)
    assert "Se connecter avec Pro Santé Connect" in Client().get("/comptes/connexion/").content.decode()


def test_connexion_psc_d_un_medecin_par_son_rpps_vaut_second_facteur(a, psc):
    medecin = a.membres[Role.MEDECIN].utilisateur
    IdentiteExterne.objects.create(utilisateur=medecin, fournisseur="psc", identifiant="10001234567")
    client, retour = connexion_psc("810001234567")  # "8" + RPPS
    assert retour.status_code == 302 and retour.url == "/"
    assert client.get(f"/suivi/salaries/{a.salarie.pk}/dossier-medical/").status_code == 200  # no TOTP asked
    assert JournalSecurite.objects.filter(utilisateur=medecin, evenement=Evenement.CONNEXION).exists()


def test_un_rpps_inconnu_ne_cree_pas_de_compte(a, psc):
    from spsti.models import Utilisateur

    avant = Utilisateur.objects.count()
    client, retour = connexion_psc("899999999999")
    assert retour.url == "/comptes/connexion/?psc=echec" and Utilisateur.objects.count() == avant
    assert "aucun compte n'est associé" in client.get(retour.url).content.decode()
    assert client.get("/accueil/").status_code == 302
