"""Medical content reaches only the physicians and nurses of the worker's team, and every read
(page, API, history) is written to an access log nobody can edit (R4624-45-4, R4624-45-5)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.test import Client
from django_scopes import scopes_disabled

from spsti.models import AccesDossierMedical
from spsti.permissions import Role
from tests.connexion import connecter

from .factories import RattachementFactory

SECRET = "Asthme professionnel suspecté"
NON_MEDICAUX = [r for r in Role if r not in (Role.MEDECIN, Role.INFIRMIER)]


def journal(service):
    with scopes_disabled():
        return list(AccesDossierMedical.objects.filter(tenant=service).order_by("pk"))


LECTURES = [
    ("page", lambda m: f"/suivi/salaries/{m.salarie.pk}/dossier-medical/"),
    ("api", lambda m: f"/api/v1/dossiers-medicaux/{m.salarie.pk}/"),
    ("historique", lambda m: f"/historique/suivi_individuel.dossiermedical/{m.dossier.pk}/"),
]


@pytest.mark.parametrize("role", [Role.MEDECIN, Role.INFIRMIER])
@pytest.mark.parametrize(("origine", "url"), LECTURES, ids=[o for o, _ in LECTURES])
def test_medecin_et_infirmier_de_l_equipe_lisent_et_chaque_lecture_est_journalisee(a, role, origine, url):
    reponse = a.client(role).get(url(a))
    assert reponse.status_code == 200
    assert SECRET in reponse.content.decode()
    [acces] = journal(a.service)
    assert (acces.utilisateur, acces.role, acces.salarie, acces.origine, acces.accorde) == (
        a.membres[role].utilisateur, role, a.salarie, url(a), True)


@pytest.mark.parametrize("role", NON_MEDICAUX)
@pytest.mark.parametrize(("origine", "url"), LECTURES, ids=[o for o, _ in LECTURES])
def test_un_role_non_medical_ne_lit_jamais_le_contenu_medical(a, role, origine, url):
    reponse = a.client(role).get(url(a))
    assert reponse.status_code == 403
    assert SECRET not in reponse.content.decode()


@pytest.mark.parametrize("role", [Role.MEDECIN, Role.INFIRMIER])
def test_un_soignant_d_une_autre_equipe_est_refuse_et_la_tentative_journalisee(a, role):
    ailleurs = RattachementFactory(tenant=a.service, equipe=a.autre_equipe, role=role)
    client = Client()
    connecter(client, ailleurs.utilisateur)
    reponse = client.get(f"/suivi/salaries/{a.salarie.pk}/dossier-medical/")
    assert reponse.status_code == 403 and SECRET not in reponse.content.decode()
    [acces] = journal(a.service)
    assert acces.utilisateur == ailleurs.utilisateur and acces.accorde is False


@pytest.mark.parametrize(("origine", "url"), LECTURES, ids=[o for o, _ in LECTURES])
def test_un_role_non_medical_qui_tente_est_journalise_comme_refuse(a, origine, url):
    a.client(Role.ASSISTANT_MEDICAL).get(url(a))
    [acces] = journal(a.service)
    assert (acces.accorde, acces.role, acces.origine) == (False, Role.ASSISTANT_MEDICAL, url(a))


def test_le_portail_ne_montre_aucun_contenu_medical(a):
    page = a.client(Role.ADHERENT).get("/portail/").content.decode()
    assert a.adherent.raison_sociale in page and SECRET not in page


def test_le_directeur_consulte_le_journal(a):
    a.client(Role.MEDECIN).get(f"/suivi/salaries/{a.salarie.pk}/dossier-medical/")
    a.client(Role.IPRP).get(f"/suivi/salaries/{a.salarie.pk}/dossier-medical/")
    directeur = a.client(Role.DIRECTEUR)
    page = directeur.get("/journal-acces-medical/").content.decode()
    assert str(a.salarie) in page and "accordé" in page and "refusé" in page
    refuses = directeur.get("/journal-acces-medical/?refuses=1").content.decode()
    assert a.membres[Role.IPRP].utilisateur.get_full_name() in refuses
    assert a.membres[Role.MEDECIN].utilisateur.get_full_name() not in refuses
    api = directeur.get("/api/v1/journal-acces-medical/").json()
    assert api["count"] == 2


def test_personne_ne_modifie_ni_ne_supprime_le_journal(a):
    a.client(Role.MEDECIN).get(f"/suivi/salaries/{a.salarie.pk}/dossier-medical/")
    [acces] = journal(a.service)
    acces.origine = "/ailleurs/"
    with pytest.raises(PermissionDenied):
        acces.save()
    with pytest.raises(PermissionDenied):
        acces.delete()
    with scopes_disabled():
        with pytest.raises(PermissionDenied):
            AccesDossierMedical.objects.filter(pk=acces.pk).update(origine="/ailleurs/")
        with pytest.raises(PermissionDenied):
            AccesDossierMedical.objects.filter(pk=acces.pk).delete()
    assert journal(a.service)[0].origine == f"/suivi/salaries/{a.salarie.pk}/dossier-medical/"


@pytest.mark.parametrize("sql", ["UPDATE spsti_accesdossiermedical SET origine = 'x'",
                                 "DELETE FROM spsti_accesdossiermedical"])
def test_meme_une_requete_brute_ne_reecrit_pas_le_journal(a, sql):
    a.client(Role.MEDECIN).get(f"/suivi/salaries/{a.salarie.pk}/dossier-medical/")
    with pytest.raises(Exception, match="ne peut être ni modifié ni supprimé"), transaction.atomic(), \
            connection.cursor() as curseur:
        curseur.execute(sql)
    assert len(journal(a.service)) == 1


def test_l_admin_de_plateforme_ne_peut_pas_editer_le_journal(a, admin_client):
    a.client(Role.MEDECIN).get(f"/suivi/salaries/{a.salarie.pk}/dossier-medical/")
    [acces] = journal(a.service)
    assert admin_client.get("/admin/spsti/accesdossiermedical/").status_code == 200
    assert admin_client.post(f"/admin/spsti/accesdossiermedical/{acces.pk}/delete/", {"post": "yes"}).status_code == 403
    assert len(journal(a.service)) == 1
