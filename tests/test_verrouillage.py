"""Login throttling (issue 11, point 2): after N failures an account, and an address, are
locked on the back-office and portal logins; French message; the director unlocks."""

from django.test import Client, override_settings

from comptes.models import Evenement, JournalSecurite
from spsti.permissions import Role

MOT_DE_PASSE = "mot-de-passe-de-test"


def essayer(url, email, mot_de_passe, ip="10.0.0.1"):
    return Client(REMOTE_ADDR=ip).post(url, {"username": email, "password": mot_de_passe})


@override_settings(AXES_FAILURE_LIMIT=3)
def test_compte_verrouille_apres_n_echecs_puis_debloque_par_la_direction(a):
    iprp = a.membres[Role.IPRP]
    email = iprp.utilisateur.email
    for n in range(2):
        reponse = essayer("/comptes/connexion/", email, "faux", ip=f"10.0.0.{n}")
        assert reponse.status_code == 200  # the form again, with its error
    bloque = essayer("/comptes/connexion/", email, "faux", ip="10.0.0.9")
    assert bloque.status_code == 429 and "Connexion temporairement bloquée" in bloque.content.decode()
    # the right password from yet another address: still locked (per account)
    reponse = essayer("/comptes/connexion/", email, MOT_DE_PASSE, ip="10.0.0.20")
    assert reponse.status_code == 429
    assert JournalSecurite.objects.filter(utilisateur=iprp.utilisateur, evenement=Evenement.ECHEC).count() >= 3
    assert JournalSecurite.objects.filter(utilisateur=iprp.utilisateur, evenement=Evenement.VERROUILLAGE).exists()
    directeur = a.client(Role.DIRECTEUR)
    page = directeur.get("/organisation/securite/").content.decode()
    assert "bloquée" in page
    assert b_debloque(a, directeur) == 404
    directeur.post(f"/organisation/securite/personnel/{iprp.pk}/debloquer/")
    assert JournalSecurite.objects.filter(utilisateur=iprp.utilisateur, evenement=Evenement.DEVERROUILLAGE,
                                          auteur=a.membres[Role.DIRECTEUR].utilisateur).exists()
    assert essayer("/comptes/connexion/", email, MOT_DE_PASSE, ip="10.0.0.20").status_code == 302


def b_debloque(a, directeur):
    from tests.factories import RattachementFactory

    return directeur.post(f"/organisation/securite/personnel/{RattachementFactory().pk}/debloquer/").status_code


@override_settings(AXES_FAILURE_LIMIT=3)
def test_adresse_verrouillee_apres_n_echecs_sur_des_comptes_differents(a):
    for n in range(3):
        essayer("/comptes/connexion/", f"inconnu{n}@exemple.fr", "faux", ip="192.0.2.7")
    bloque = essayer("/comptes/connexion/", a.membres[Role.IPRP].utilisateur.email, MOT_DE_PASSE, ip="192.0.2.7")
    assert bloque.status_code == 429
    assert essayer("/comptes/connexion/", a.membres[Role.IPRP].utilisateur.email, MOT_DE_PASSE,
                   ip="192.0.2.8").status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3)
def test_le_portail_est_protege_de_meme(a):
    email = a.membres[Role.ADHERENT].utilisateur.email
    for n in range(3):
        essayer("/portail/connexion/", email, "faux", ip=f"10.1.0.{n}")
    reponse = essayer("/portail/connexion/", email, MOT_DE_PASSE, ip="10.1.0.50")
    assert reponse.status_code == 429 and "bloquée" in reponse.content.decode()
