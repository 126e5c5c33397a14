"""Session security (issue 11, point 9): idle timeout per role and service, absolute lifetime,
sessions listed and closed by their owner, logins and failures in the security log, the
director sees the staff's last logins."""

import time

import pytest
from django.test import Client

from comptes.models import Evenement, JournalSecurite, SessionUtilisateur
from spsti.permissions import Role


def vieillir(client, **secondes):
    session = client.session
    for cle, age in secondes.items():
        session[cle] = time.time() - age
    session.save()


@pytest.mark.parametrize(("role", "minutes", "expire"), [
    (Role.MEDECIN, 29, False), (Role.MEDECIN, 31, True),  # 30 min by default for medical roles
    (Role.INFIRMIER, 31, True),
    (Role.IPRP, 31, False), (Role.IPRP, 121, True),  # SESSION_INACTIVITE_MINUTES for the others
])
def test_delai_d_inactivite_par_role(a, role, minutes, expire):
    client = a.client(role)
    vieillir(client, derniere_activite=minutes * 60)
    reponse = client.get("/accueil/")
    if expire:
        assert reponse.status_code == 302 and reponse.url.startswith("/comptes/connexion/?next=/accueil/")
        suite = client.get(reponse.url).content.decode()
        assert "minutes d&#x27;inactivité" in suite or "minutes d'inactivité" in suite
        assert JournalSecurite.objects.filter(utilisateur=a.membres[role].utilisateur,
                                              evenement=Evenement.SESSION_EXPIREE).exists()
    else:
        assert reponse.status_code == 200


def test_le_service_regle_le_delai(a):
    a.service.parametres["inactivite_minutes_medicaux"] = 10
    a.service.save()
    client = a.client(Role.MEDECIN)
    vieillir(client, derniere_activite=11 * 60)
    assert client.get("/accueil/").status_code == 302


def test_duree_de_vie_absolue(a):
    client = a.client(Role.IPRP)
    vieillir(client, connexion_le=13 * 3600)
    assert client.get("/accueil/").status_code == 302
    api = a.client(Role.IPRP)
    vieillir(api, connexion_le=13 * 3600)
    assert api.get("/api/v1/centres/").status_code in (401, 403)


def test_mes_sessions_sont_listees_et_fermables(a):
    premier = a.client(Role.MEDECIN)
    second = a.client(Role.MEDECIN)
    utilisateur = a.membres[Role.MEDECIN].utilisateur
    sessions = SessionUtilisateur.objects.filter(utilisateur=utilisateur)
    assert sessions.count() == 2
    page = premier.get("/comptes/profil/").content.decode()
    assert "cette session" in page and "Fermer" in page
    autre = sessions.get(cle_session=second.session.session_key)
    assert a.client(Role.INFIRMIER).post(f"/comptes/profil/sessions/{autre.pk}/fermer/").status_code == 404
    premier.post(f"/comptes/profil/sessions/{autre.pk}/fermer/")
    assert second.get("/accueil/").status_code == 302  # logged out
    assert premier.get("/accueil/").status_code == 200
    assert JournalSecurite.objects.filter(utilisateur=utilisateur, evenement=Evenement.SESSION_REVOQUEE).exists()


def test_connexions_et_echecs_au_journal_et_derniere_connexion_vue_par_la_direction(a):
    iprp = a.membres[Role.IPRP].utilisateur
    Client().post("/comptes/connexion/", {"username": iprp.email, "password": "faux"})
    Client().post("/comptes/connexion/", {"username": iprp.email, "password": "mot-de-passe-de-test"})
    evenements = set(JournalSecurite.objects.filter(utilisateur=iprp).values_list("evenement", flat=True))
    assert {Evenement.ECHEC, Evenement.CONNEXION} <= evenements
    derniere = JournalSecurite.objects.filter(utilisateur=iprp, evenement=Evenement.CONNEXION).latest("horodatage")
    page = a.client(Role.DIRECTEUR).get("/organisation/securite/").content.decode()
    from django.utils import timezone

    assert timezone.localtime(derniere.horodatage).strftime("%d/%m/%Y %H:%M") in page
