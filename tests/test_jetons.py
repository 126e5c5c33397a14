"""Personal API tokens (issue 11, point 7): issued from the profile page, shown once, stored
hashed, scoped, expiring, revoked by their owner, by the director, and on password change."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from comptes.jetons import jeton_creer, jeton_du_prefixe
from comptes.models import JetonAPI, PorteeJeton, empreinte
from spsti.permissions import Role
from spsti.tenancy import service_actif, tous_services_actifs


def client_jeton(cle):
    return Client(HTTP_AUTHORIZATION=f"Token {cle}")


def test_la_lecture_du_jeton_charge_ce_que_l_orm_charge(a):
    """The token's own query (written once, not compiled by the ORM at each request) loads the
    token, its membership, person and service with the same values as the ORM, JSON included."""
    a.service.parametres = {"rappel_jours": 7, "logo_pdf": True}
    a.service.save()
    jeton, _cle = jeton_creer(rattachement=a.membres[Role.MEDECIN], nom="Logiciel RH")
    with tous_services_actifs():
        lu = jeton_du_prefixe(jeton.prefixe)
        orm = JetonAPI.objects.select_related("rattachement__utilisateur", "rattachement__tenant").get(pk=jeton.pk)
        assert jeton_du_prefixe("inconnu") is None
    def valeurs(objet):
        return {cle: v for cle, v in vars(objet).items() if cle != "_state"}

    for de_la_requete, de_l_orm in ((lu, orm), (lu.rattachement, orm.rattachement),
                                    (lu.rattachement.utilisateur, orm.rattachement.utilisateur),
                                    (lu.rattachement.tenant, orm.rattachement.tenant)):
        assert valeurs(de_la_requete) == valeurs(de_l_orm)
    assert lu.rattachement.tenant.parametres == {"rappel_jours": 7, "logo_pdf": True}
    assert not lu._state.adding and lu.rattachement.tenant._state.db == "default"


def test_le_jeton_se_cree_depuis_le_profil_et_sa_cle_n_est_montree_qu_une_fois(a):
    client = a.client(Role.MEDECIN)
    reponse = client.post("/comptes/profil/", {"nom": "Tableur", "portee": "lecture", "jours": "30"}, follow=True)
    page = reponse.content.decode()
    with service_actif(a.service):
        jeton = JetonAPI.objects.get(rattachement=a.membres[Role.MEDECIN])
    assert "copiez-la maintenant" in page and jeton.prefixe in page
    cle = page.split('id="cle-jeton">')[1].split("<")[0]
    assert jeton.empreinte == empreinte(cle) and cle not in jeton.empreinte  # stored hashed
    assert jeton.expire_le.date() == (timezone.now() + timedelta(days=30)).date()
    assert cle not in client.get("/comptes/profil/").content.decode()  # shown once
    assert client_jeton(cle).get("/api/v1/centres/").status_code == 200
    with service_actif(a.service):
        assert JetonAPI.objects.get(pk=jeton.pk).derniere_utilisation is not None


def test_un_formulaire_de_jeton_invalide_ne_cree_rien(a):
    reponse = a.client(Role.MEDECIN).post("/comptes/profil/", {"nom": "", "portee": "tout", "jours": "9999"})
    assert reponse.status_code == 200 and "aucun jeton n'a été créé" in reponse.content.decode()
    with tous_services_actifs():
        assert not JetonAPI.tous_services.exists()


@pytest.mark.parametrize("etat, message", [
    ("expire", "Ce jeton d'API a expiré"),
    ("revoque", "Ce jeton d'API a été révoqué."),
    ("faux", "Jeton d'API invalide."),
])
def test_jeton_expire_revoque_ou_faux_401_en_francais(a, etat, message):
    jeton, cle = jeton_creer(rattachement=a.membres[Role.DIRECTEUR], nom="t")
    if etat == "expire":
        JetonAPI.tous_services.filter(pk=jeton.pk).update(expire_le=timezone.now() - timedelta(seconds=1))
    elif etat == "revoque":
        JetonAPI.tous_services.filter(pk=jeton.pk).update(revoque_le=timezone.now())
    else:
        cle = cle[:-3] + "xyz"
    reponse = client_jeton(cle).get("/api/v1/centres/")
    assert reponse.status_code == 401 and message in reponse.json()["detail"]


def test_jeton_en_lecture_seule_refuse_les_ecritures(a):
    _j, lecture = jeton_creer(rattachement=a.membres[Role.DIRECTEUR], nom="l", portee=PorteeJeton.LECTURE)
    _j, ecriture = jeton_creer(rattachement=a.membres[Role.DIRECTEUR], nom="e", portee=PorteeJeton.ECRITURE)
    refuse = client_jeton(lecture).post("/api/v1/inscriptions/", {}, content_type="application/json")
    assert refuse.status_code == 403 and "lecture seule" in refuse.json()["detail"]
    assert client_jeton(ecriture).post("/api/v1/inscriptions/", {}, content_type="application/json").status_code == 400
    assert client_jeton(lecture).get("/api/v1/inscriptions/").status_code == 200


def test_un_jeton_agit_dans_le_service_de_son_rattachement(a, b):
    """A person of two services: the token of B's membership acts in B, whatever the session says."""
    from spsti.models import Rattachement

    utilisateur = a.membres[Role.DIRECTEUR].utilisateur
    dans_b = Rattachement.objects.create(tenant=b.service, utilisateur=utilisateur, role=Role.DIRECTEUR,
                                         equipe=b.equipe, centre=b.equipe.centre)
    _j, cle = jeton_creer(rattachement=dans_b, nom="b")
    assert [s["id"] for s in client_jeton(cle).get("/api/v1/services/").json()["results"]] == [b.service.pk]


def test_tous_les_jetons_sont_revoques_au_changement_de_mot_de_passe(a):
    utilisateur = a.membres[Role.MEDECIN].utilisateur
    _j, cle = jeton_creer(rattachement=a.membres[Role.MEDECIN], nom="t")
    assert client_jeton(cle).get("/api/v1/centres/").status_code == 200
    utilisateur.set_password("Un-tout-nouveau-secret-2026")
    utilisateur.save()
    assert client_jeton(cle).get("/api/v1/centres/").status_code == 401


def test_revoques_apres_reinitialisation_du_mot_de_passe(a):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    utilisateur = a.membres[Role.INFIRMIER].utilisateur
    _j, cle = jeton_creer(rattachement=a.membres[Role.INFIRMIER], nom="t")
    uid = urlsafe_base64_encode(force_bytes(utilisateur.pk))
    client = Client()
    url = client.get(f"/comptes/mot-de-passe/nouveau/{uid}/{default_token_generator.make_token(utilisateur)}/").url
    client.post(url, {"new_password1": "Reinit-Secret-2026!", "new_password2": "Reinit-Secret-2026!"})
    assert client_jeton(cle).get("/api/v1/centres/").status_code == 401


def test_le_titulaire_revoque_son_jeton_et_pas_celui_d_un_autre(a):
    jeton, cle = jeton_creer(rattachement=a.membres[Role.MEDECIN], nom="t")
    assert a.client(Role.INFIRMIER).post(f"/comptes/profil/jetons/{jeton.pk}/revoquer/").status_code == 404
    a.client(Role.MEDECIN).post(f"/comptes/profil/jetons/{jeton.pk}/revoquer/")
    assert client_jeton(cle).get("/api/v1/centres/").status_code == 401


def test_la_direction_voit_et_revoque_les_jetons_actifs_du_personnel(a, b):
    jeton, cle = jeton_creer(rattachement=a.membres[Role.IPRP], nom="Export IPRP")
    directeur = a.client(Role.DIRECTEUR)
    assert "Export IPRP" in directeur.get("/organisation/securite/").content.decode()
    assert b.client(Role.DIRECTEUR).post(f"/organisation/securite/jetons/{jeton.pk}/revoquer/").status_code == 404
    assert client_jeton(cle).get("/api/v1/centres/").status_code == 200
    directeur.post(f"/organisation/securite/jetons/{jeton.pk}/revoquer/")
    assert client_jeton(cle).get("/api/v1/centres/").status_code == 401
    assert "expire le" not in directeur.get("/organisation/securite/").content.decode()


def test_jeton_du_portail_limite_a_une_entreprise(a):
    from adherents.models import AccesPortail

    rattachement = a.membres[Role.ADHERENT]
    reponse = a.client(Role.ADHERENT).post("/comptes/profil/", {"nom": "RH", "portee": "lecture", "jours": "30"})
    assert reponse.status_code == 200  # the company is required for a portal user
    a.client(Role.ADHERENT).post("/comptes/profil/", {"nom": "RH", "portee": "lecture", "jours": "30",
                                                      "adherent": a.adherent.pk})
    with service_actif(a.service):
        jeton = JetonAPI.objects.get(rattachement=rattachement)
        assert jeton.adherent == a.adherent
        _j, cle = jeton_creer(rattachement=rattachement, nom="x", adherent=a.adherent)
        AccesPortail.objects.filter(rattachement=rattachement).delete()
    reponse = client_jeton(cle).get("/api/v1/centres/")
    assert reponse.status_code == 401 and "entreprise" in reponse.json()["detail"]


def test_commande_jeton_api(a, capsys):
    call_command("jeton_api", a.membres[Role.DIRECTEUR].utilisateur.email, "--jours", "7")
    cle = capsys.readouterr().out.strip()
    assert client_jeton(cle).get("/api/v1/centres/").status_code == 200
