"""Second factor (issue 11, point 1): mandatory for physicians, nurses, the director and platform
administrators (ANS référentiel d'identification des acteurs de santé: strong authentication
for health professionals reaching health data), enrolment at first login with recovery codes,
remembered device, reset by the director, opt-in for the others."""

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from comptes.jetons import jeton_creer
from comptes.models import Evenement, JournalSecurite
from spsti.models import AccesDossierMedical
from spsti.permissions import Role
from tests.test_journal_medical import CAS as REGISTRE_TESTE
from tests.test_matrice_permissions import MATRICE

MOT_DE_PASSE = "mot-de-passe-de-test"
OBLIGATOIRES = [Role.MEDECIN, Role.INFIRMIER, Role.DIRECTEUR]


def code(appareil) -> str:
    return f"{totp(appareil.bin_key, step=appareil.step, t0=appareil.t0, digits=appareil.digits):06d}"


def par_mot_de_passe(utilisateur, url="/comptes/connexion/") -> Client:
    client = Client()
    reponse = client.post(url, {"username": utilisateur.email, "password": MOT_DE_PASSE})
    assert reponse.status_code == 302, reponse.content.decode()[:500]
    return client


def enroler(utilisateur) -> TOTPDevice:
    return TOTPDevice.objects.create(user=utilisateur, name="Application d'authentification", confirmed=True)


@pytest.mark.parametrize("role", OBLIGATOIRES)
def test_un_role_medical_n_atteint_aucune_page_ni_point_d_api_avant_son_second_facteur(a, role):
    client = par_mot_de_passe(a.membres[role].utilisateur)
    atteintes = []
    for nom, url, autorises in MATRICE:
        if role not in autorises:
            continue
        reponse = client.get(url(a))
        if url(a).startswith("/api/"):
            ok = reponse.status_code == 403 and "Second facteur requis" in reponse.json()["detail"]
        else:
            ok = reponse.status_code == 302 and reponse.url.startswith("/comptes/double-facteur/enrolement/")
        if not ok:
            atteintes.append((nom, reponse.status_code))
    assert atteintes == []


@pytest.mark.parametrize("role", OBLIGATOIRES)
def test_aucune_adresse_du_registre_medical_avant_le_second_facteur(a, role):
    """The matrix leaves out the PDP file's pages (a 404 to others): the registry walks them all."""
    client = par_mot_de_passe(a.membres[role].utilisateur)
    for nom, (url, _, _) in REGISTRE_TESTE.items():
        reponse = client.get(url(a))
        if url(a).startswith("/api/"):
            assert reponse.status_code == 403 and "Second facteur requis" in reponse.json()["detail"], nom
        else:
            assert reponse.status_code == 302 and reponse.url.startswith("/comptes/double-facteur/enrolement/"), nom
    assert not AccesDossierMedical.tous_services.filter(accorde=True).exists()


def test_un_administrateur_de_la_plateforme_aussi(db):
    from tests.factories import UtilisateurFactory

    admin = UtilisateurFactory(is_superuser=True, is_staff=True)
    reponse = par_mot_de_passe(admin).get("/admin/")
    assert reponse.status_code == 302 and "/comptes/double-facteur/" in reponse.url


def test_les_autres_roles_passent_sans_second_facteur_sauf_si_le_service_l_etend(a):
    iprp = a.membres[Role.IPRP].utilisateur
    assert par_mot_de_passe(iprp).get("/accueil/").status_code == 200
    a.service.parametres["double_facteur_tous_roles"] = True
    a.service.save()
    reponse = par_mot_de_passe(iprp).get("/accueil/")
    assert reponse.status_code == 302 and reponse.url.startswith("/comptes/double-facteur/enrolement/")
    reponse = par_mot_de_passe(a.membres[Role.ADHERENT].utilisateur, "/portail/connexion/").get("/portail/")
    assert reponse.status_code == 302


def test_enrolement_a_la_premiere_connexion_avec_codes_de_secours(a):
    medecin = a.membres[Role.MEDECIN].utilisateur
    client = par_mot_de_passe(medecin)
    reponse = client.get("/accueil/")
    assert reponse.url == "/comptes/double-facteur/enrolement/?next=/accueil/"
    page = client.get(reponse.url).content.decode()
    assert "<svg" in page and 'id="secret-totp"' in page and "href" not in page.split("<svg")[1].split("</svg>")[0]
    appareil = TOTPDevice.objects.get(user=medecin, confirmed=False)
    faux = client.post("/comptes/double-facteur/enrolement/", {"code": "000000", "next": "/accueil/"})
    assert "Ce code ne correspond pas" in faux.content.decode()
    assert not TOTPDevice.objects.filter(user=medecin, confirmed=True).exists()
    codes = client.post("/comptes/double-facteur/enrolement/", {"code": code(appareil), "next": "/accueil/"})
    assert codes.status_code == 200 and 'id="codes-secours"' in codes.content.decode()
    assert StaticToken.objects.filter(device__user=medecin).count() == 10
    assert client.get("/accueil/").status_code == 200
    assert client.get(f"/suivi/salaries/{a.salarie.pk}/dossier-medical/").status_code == 200
    assert JournalSecurite.objects.filter(utilisateur=medecin, evenement=Evenement.ENROLEMENT).exists()


def test_verification_par_code_puis_code_de_secours_a_usage_unique(a):
    infirmier = a.membres[Role.INFIRMIER].utilisateur
    appareil = enroler(infirmier)
    client = par_mot_de_passe(infirmier)
    reponse = client.get("/api/v1/centres/")
    assert reponse.status_code == 403
    assert client.get("/accueil/").url == "/comptes/double-facteur/?next=/accueil/"
    faux = client.post("/comptes/double-facteur/", {"code": "123456", "next": "/accueil/"})
    assert faux.status_code == 200 and "Ce code n&#x27;est pas valide" in faux.content.decode()
    assert JournalSecurite.objects.filter(utilisateur=infirmier, evenement=Evenement.DOUBLE_FACTEUR_ECHEC).exists()
    bon = client.post("/comptes/double-facteur/", {"code": code(appareil), "next": "/accueil/"})
    assert bon.url == "/accueil/" and client.get("/api/v1/centres/").status_code == 200
    from comptes.double_facteur import codes_secours_generer

    secours = codes_secours_generer(infirmier)[0]
    for attendu in ("/accueil/", None):
        autre = par_mot_de_passe(infirmier)
        reponse = autre.post("/comptes/double-facteur/", {"code": secours, "next": "/accueil/"})
        assert (reponse.status_code == 302) == (attendu is not None)  # used once only


def test_appareil_memorise_pour_la_duree_du_service_puis_oublie_apres_reinitialisation(a):
    medecin = a.membres[Role.MEDECIN].utilisateur
    appareil = enroler(medecin)
    a.service.parametres["double_facteur_memoriser_jours"] = 3
    a.service.save()
    client = par_mot_de_passe(medecin)
    page = client.get("/comptes/double-facteur/").content.decode()
    assert "Se souvenir de cet appareil pendant 3 jours" in page
    reponse = client.post("/comptes/double-facteur/", {"code": code(appareil), "memoriser": "on", "next": "/"})
    cookie = reponse.cookies["spsti_appareil"]
    assert cookie["max-age"] == 3 * 86400 and cookie["httponly"]
    client.post("/comptes/deconnexion/")
    client.post("/comptes/connexion/", {"username": medecin.email, "password": MOT_DE_PASSE})
    assert client.get("/accueil/").status_code == 200  # the remembered device counts
    autre = par_mot_de_passe(a.membres[Role.INFIRMIER].utilisateur)  # another person on the same browser
    autre.cookies["spsti_appareil"] = cookie.value
    assert autre.get("/accueil/").status_code == 302
    # the director resets the physician's devices (lost phone): the cookie is void, enrolment again
    directeur = a.client(Role.DIRECTEUR)
    assert b_404(a, directeur)
    directeur.post(f"/organisation/securite/personnel/{a.membres[Role.MEDECIN].pk}/double-facteur/reinitialiser/")
    assert not TOTPDevice.objects.filter(user=medecin).exists()
    assert JournalSecurite.objects.filter(utilisateur=medecin, evenement=Evenement.REINITIALISATION_2FA,
                                          auteur=a.membres[Role.DIRECTEUR].utilisateur).exists()
    client.post("/comptes/deconnexion/")
    client.post("/comptes/connexion/", {"username": medecin.email, "password": MOT_DE_PASSE})
    assert client.get("/accueil/").url.startswith("/comptes/double-facteur/enrolement/")


def b_404(a, directeur):
    """The reset is the director's, on their own staff: a guessed id of another service is a 404."""
    from tests.factories import RattachementFactory

    ailleurs = RattachementFactory(role=Role.MEDECIN)
    return directeur.post(
        f"/organisation/securite/personnel/{ailleurs.pk}/double-facteur/reinitialiser/").status_code == 404


def test_le_portail_peut_activer_le_second_facteur_puis_il_est_demande(a):
    employeur = a.membres[Role.ADHERENT].utilisateur
    client = par_mot_de_passe(employeur, "/portail/connexion/")
    assert client.get("/portail/").status_code == 200
    client.get("/comptes/double-facteur/enrolement/")
    appareil = TOTPDevice.objects.get(user=employeur)
    client.post("/comptes/double-facteur/enrolement/", {"code": code(appareil)})
    nouveau = par_mot_de_passe(employeur, "/portail/connexion/")
    assert nouveau.get("/portail/").url.startswith("/comptes/double-facteur/?")


def test_un_role_obligatoire_ne_peut_pas_desactiver(a):
    client = a.client(Role.MEDECIN)
    client.post("/comptes/double-facteur/desactiver/")
    assert TOTPDevice.objects.filter(user=a.membres[Role.MEDECIN].utilisateur).exists()
    iprp = a.client(Role.IPRP)
    iprp.post("/comptes/double-facteur/desactiver/")
    assert not TOTPDevice.objects.filter(user=a.membres[Role.IPRP].utilisateur).exists()


def test_un_jeton_d_api_n_est_pas_concerne(a):
    _j, cle = jeton_creer(rattachement=a.membres[Role.MEDECIN], nom="t")
    assert Client(HTTP_AUTHORIZATION=f"Token {cle}").get("/api/v1/centres/").status_code == 200


def une_cle_d_acces(utilisateur):
    from django_otp_webauthn.models import WebAuthnCredential

    return WebAuthnCredential.objects.create(user=utilisateur, name="Clé USB", confirmed=True,
                                             credential_id=b"identifiant-de-test", public_key=b"cle", sign_count=0)


def test_cle_d_acces_proposee_a_la_verification_et_enregistrable_une_fois_verifie(a):
    medecin = a.membres[Role.MEDECIN].utilisateur
    profil = a.client(Role.MEDECIN).get("/comptes/profil/").content.decode()
    assert 'id="otp_webauthn_config"' in profil and "otp_webauthn_register.js" in profil
    une_cle_d_acces(medecin)
    client = par_mot_de_passe(medecin)
    page = client.get("/comptes/double-facteur/").content.decode()
    assert "otp_webauthn_auth.js" in page and "Utiliser ma clé d'accès" in page
    assert client.post("/webauthn/authentication/begin/").status_code == 200  # reachable before verification
    # registering another passkey needs a verified session (else a password would be enough to add one)
    reponse = client.post("/webauthn/registration/begin/")
    assert reponse.status_code == 302 and reponse.url.startswith("/comptes/double-facteur/")


def test_la_reinitialisation_retire_aussi_les_cles_d_acces(a):
    from django_otp_webauthn.models import WebAuthnCredential

    une_cle_d_acces(a.membres[Role.INFIRMIER].utilisateur)
    a.client(Role.DIRECTEUR).post(
        f"/organisation/securite/personnel/{a.membres[Role.INFIRMIER].pk}/double-facteur/reinitialiser/")
    assert not WebAuthnCredential.objects.filter(user=a.membres[Role.INFIRMIER].utilisateur).exists()
