"""Thesauri the service edits: seeded from the source documents, renamed, reordered, deactivated
and extended by the director; labels unique within the service; never another service's."""

from django_scopes import scopes_disabled

from cellule_pdp.models import SourceSignalement
from spsti.permissions import Role

URL = "/organisation/thesaurus/sources-signalement-pdp/"


def entrees(monde):
    with scopes_disabled():
        return list(SourceSignalement.objects.filter(tenant=monde.service).order_by("ordre", "pk"))


def test_la_liste_est_amorcee_et_modifiable(a, b):
    client = a.client(Role.DIRECTEUR)
    assert "Liste de repérage précoce" in client.get(URL).content.decode()
    assert len(entrees(a)) == len(SourceSignalement.AMORCE) and entrees(b) == []
    employeur = next(e for e in entrees(a) if e.code == "employeur")
    reponse = client.post(f"{URL}{employeur.pk}/", {"libelle": "Demande de l'employeur", "ordre": 5})
    assert reponse.status_code == 302
    employeur.refresh_from_db()
    assert (employeur.libelle, employeur.actif, employeur.code) == ("Demande de l'employeur", False, "employeur")
    assert client.post(f"{URL}nouvelle/", {"libelle": "Médecin traitant", "ordre": 200, "actif": "on"}
                       ).status_code == 302
    assert [e.libelle for e in entrees(a)][-1] == "Médecin traitant" and entrees(a)[0] == employeur


def test_un_libelle_en_double_est_refuse_en_francais(a):
    client = a.client(Role.DIRECTEUR)
    client.get(URL)
    reponse = client.post(f"{URL}nouvelle/", {"libelle": "Signalement employeur", "ordre": 1, "actif": "on"})
    assert "Ce libellé existe déjà dans la liste." in reponse.content.decode()
    assert len(entrees(a)) == len(SourceSignalement.AMORCE)


def test_les_entrees_d_un_autre_service_sont_introuvables(a, b):
    b.client(Role.DIRECTEUR).get(URL)
    autre = entrees(b)[0]
    assert a.client(Role.DIRECTEUR).get(f"{URL}{autre.pk}/").status_code == 404
    assert a.client(Role.DIRECTEUR).get("/organisation/thesaurus/inconnu/").status_code == 404
