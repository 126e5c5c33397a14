"""Login, logout, password reset by e-mail, language, and where "/" leads."""

import re

import pytest
from django.core import mail
from django.test import Client

from spsti.permissions import Role


def test_la_racine_mene_a_la_connexion_quand_on_est_deconnecte(db):
    reponse = Client().get("/")
    assert reponse.status_code == 302 and reponse.url == "/comptes/connexion/"


@pytest.mark.parametrize(("role", "destination"), [(Role.MEDECIN, "/accueil/"), (Role.DIRECTEUR, "/accueil/"),
                                                   (Role.ADHERENT, "/portail/")])
def test_apres_connexion_chacun_arrive_chez_lui(a, role, destination):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.test_double_facteur import code

    client = Client()
    appareil = TOTPDevice.objects.create(user=a.membres[role].utilisateur, name="t") if role != Role.ADHERENT else None
    reponse = client.post("/comptes/connexion/", {"username": a.membres[role].utilisateur.email,
                                                  "password": "mot-de-passe-de-test"}, follow=True)
    if appareil:  # the second factor first (issue 11), then home
        assert reponse.redirect_chain[-1][0] == "/comptes/double-facteur/?next=/"
        reponse = client.post("/comptes/double-facteur/", {"code": code(appareil), "next": "/"}, follow=True)
    assert reponse.redirect_chain[-1][0] == destination


def test_mauvais_mot_de_passe_message_en_francais(a):
    reponse = Client().post("/comptes/connexion/", {"username": a.membres[Role.MEDECIN].utilisateur.email,
                                                    "password": "faux"})
    assert reponse.status_code == 200
    assert "mot de passe valides" in reponse.content.decode()


def test_deconnexion(a):
    client = a.client(Role.MEDECIN)
    assert client.post("/comptes/deconnexion/").url == "/comptes/connexion/"
    assert client.get("/accueil/").status_code == 302


def test_reinitialisation_du_mot_de_passe_par_e_mail(a):
    utilisateur = a.membres[Role.INFIRMIER].utilisateur
    client = Client()
    reponse = client.post("/comptes/mot-de-passe/oubli/", {"email": utilisateur.email})
    assert reponse.url == "/comptes/mot-de-passe/oubli/envoye/"
    [message] = mail.outbox
    assert message.to == [utilisateur.email] and "Réinitialisation" in message.subject
    lien = re.search(r"http://testserver(/comptes/mot-de-passe/nouveau/\S+)", message.body).group(1)
    formulaire = client.get(lien, follow=True)
    assert "Choisissez un nouveau mot de passe" in formulaire.content.decode()
    fin = client.post(formulaire.redirect_chain[-1][0], {"new_password1": "Un-nouveau-secret-2026",
                                                         "new_password2": "Un-nouveau-secret-2026"})
    assert fin.url == "/comptes/mot-de-passe/nouveau/fait/"
    assert Client().login(username=utilisateur.email, password="Un-nouveau-secret-2026")


def test_mot_de_passe_trop_faible_refuse_en_francais(a):
    utilisateur = a.membres[Role.INFIRMIER].utilisateur
    client = Client()
    client.post("/comptes/mot-de-passe/oubli/", {"email": utilisateur.email})
    lien = re.search(r"http://testserver(/comptes/mot-de-passe/nouveau/\S+)", mail.outbox[0].body).group(1)
    url = client.get(lien, follow=True).redirect_chain[-1][0]
    page = client.post(url, {"new_password1": "1234", "new_password2": "1234"}).content.decode()
    assert "Ce mot de passe est trop court" in page
    assert Client().login(username=utilisateur.email, password="mot-de-passe-de-test")


def test_le_produit_est_en_francais_quel_que_soit_le_navigateur_ou_le_cookie(db):
    """English was partial (issue 16: "complete or absent"): it is absent, no mixed pages."""
    assert "Se connecter" in Client().get("/comptes/connexion/").content.decode()
    anglais = Client(HTTP_ACCEPT_LANGUAGE="en-US,en")
    anglais.cookies["django_language"] = "en"
    page = anglais.get("/comptes/connexion/").content.decode()
    assert "Se connecter" in page and 'lang="fr"' in page and "Sign in" not in page
    assert "setlang" not in page and anglais.post("/i18n/setlang/", {"language": "en"}).status_code == 404


def test_la_navigation_depend_du_role(a):
    directeur = a.client(Role.DIRECTEUR).get("/accueil/").content.decode()
    medecin = a.client(Role.MEDECIN).get("/accueil/").content.decode()
    assert 'href="/journal-acces-medical/"' in directeur and 'href="/indicateurs/"' in directeur
    assert 'href="/journal-acces-medical/"' not in medecin and 'href="/indicateurs/"' not in medecin
    assert "Suivi individuel" in medecin and "Offres et tarifs" not in medecin
    comptable = a.client(Role.COMPTABLE).get("/accueil/").content.decode()
    assert "Offres et tarifs" in comptable and "Cellule PDP" not in comptable


def test_htmx_et_css_servis_localement(a):
    page = a.client(Role.MEDECIN).get("/accueil/").content.decode()
    assert "/static/django_htmx/htmx" in page and "/static/vendor/bootstrap/bootstrap.min.css" in page
