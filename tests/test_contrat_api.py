"""What schemathesis found (tests/contrat/run.sh runs it in CI), kept as plain tests: malformed ids
and parameters are 400/404 (never 500), errors are documented and JSON, lists are pages."""

import pytest
from django.test import Client

from spsti.permissions import Role
from tests.cellule_pdp.outils import un_dossier
from tests.prevention.outils import une_fiche_validee


@pytest.mark.parametrize("annee", ["0", "99999", "abc", "1999"])
def test_une_annee_hors_bornes_est_un_400(a, annee):
    reponse = a.client(Role.DIRECTEUR).get(f"/api/v1/indicateurs/?annee={annee}")
    assert reponse.status_code == 400 and "annee" in reponse.json()


@pytest.mark.parametrize("url", ["/api/v1/dossiers-pdp/abc/", "/api/v1/salaries/1.5/", "/api/v1/inconnu/"])
def test_un_identifiant_mal_forme_est_un_404_json(a, url):
    reponse = a.client(Role.MEDECIN).get(url)
    assert reponse.status_code == 404 and reponse["Content-Type"] == "application/json" and reponse.json()["detail"]


@pytest.mark.parametrize("url", ["/pdp/dossiers/?q=%00", "/api/v1/salaries/?search=a%00b", "/adherents/?q%00=1"])
def test_un_caractere_nul_est_un_400(a, url):
    reponse = a.client(Role.MEDECIN).get(url)
    texte = reponse.json()["detail"] if url.startswith("/api/") else reponse.content.decode()
    assert reponse.status_code == 400 and "caractère invalide" in texte


def test_le_journal_d_un_dossier_pdp_est_pagine(a):
    dossier = un_dossier(a)
    reponse = a.client(Role.MEDECIN).get(f"/api/v1/dossiers-pdp/{dossier.pk}/journal/")
    assert reponse.status_code == 200 and set(reponse.json()) == {"count", "next", "previous", "results"}
    assert reponse.json()["count"] == len(reponse.json()["results"]) >= 1


def test_un_filtre_par_identifiant_inconnu_donne_une_liste_vide_et_un_non_entier_un_400(a, b):
    client = a.client(Role.DIRECTEUR)
    assert client.get(f"/api/v1/salaries/?adherent={a.adherent.pk}").json()["count"] == 1
    for valeur in ("0", "-414", str(b.adherent.pk), "999999999"):
        reponse = client.get(f"/api/v1/salaries/?adherent={valeur}")
        assert reponse.status_code == 200 and reponse.json()["count"] == 0
    assert client.get("/api/v1/salaries/?adherent=0.5").status_code == 400
    assert client.get("/api/v1/salaries/?page=0").status_code == 404
    assert client.get("/api/v1/adherents/?injoignable=-1").status_code == 400
    assert client.get("/api/v1/adherents/?injoignable=false").status_code == 200


def test_une_erreur_reste_du_json_meme_quand_un_pdf_est_demande(a):
    fiche = une_fiche_validee(a)
    reponse = a.client(Role.IPRP).get("/api/v1/fiches-entreprise/999999/pdf/?format=pdf")
    assert reponse.status_code == 404 and reponse["Content-Type"] == "application/json"
    assert a.client(Role.IPRP).get(f"/api/v1/fiches-entreprise/{fiche.pk}/pdf/").status_code == 200


def test_une_date_hors_bornes_est_refusee(a):
    reponse = a.client(Role.DIRECTEUR).post("/api/v1/sessions-collectives/", {
        "programme": "duerp", "debut": "1800-01-01T09:00:00Z", "fin": "1800-01-01T12:00:00Z", "lieu": "Salle",
        "capacite": 10, "animateur": a.membres[Role.IPRP].pk}, content_type="application/json")
    assert reponse.status_code == 400 and "entre 2000 et 2100" in str(reponse.json())


def test_chaque_operation_documente_ses_erreurs(db):
    schema = Client().get("/api/schema/?format=json").json()
    for chemin, operations in schema["paths"].items():
        for methode, operation in operations.items():
            assert {"400", "401", "403", "404"} <= set(operation["responses"]), (methode, chemin)
    journal = schema["paths"]["/api/v1/dossiers-pdp/{id}/journal/"]["get"]["responses"]["200"]
    assert "Paginated" in str(journal)


def test_une_sous_ressource_ne_documente_pas_les_filtres_de_la_liste(db):
    """The PDP file's journal documented the files' filters (``independant``…) without applying
    them: schemathesis's bad value was accepted. No sub-resource of an object documents its
    list's filters (the page aside)."""
    schema = Client().get("/api/schema/?format=json").json()

    def filtres(operation):
        return {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"} - {"page"}

    sous_ressources = [(chemin, chemin.split("{id}/")[0]) for chemin in schema["paths"] if "{id}/" in chemin
                       and not chemin.endswith("{id}/") and "get" in schema["paths"][chemin]]
    assert "/api/v1/dossiers-pdp/{id}/journal/" in dict(sous_ressources)
    for chemin, liste in sous_ressources:
        communs = filtres(schema["paths"][chemin]["get"]) & filtres(schema["paths"].get(liste, {}).get("get", {}))
        assert not communs, (chemin, communs)


@pytest.mark.parametrize(("url", "parametre"), [
    ("/api/v1/salaries/?sexe=", "sexe"), ("/api/v1/disponibilites/?du=", "du"),
    ("/api/v1/journal-acces-medical/?accorde=", "accorde"), ("/api/v1/adherents/?equipe=", "equipe"),
    ("/api/v1/adherents/?injoignable=1", "injoignable"), ("/api/v1/adherents/?injoignable=True", "injoignable"),
    ("/api/v1/journal-acces-medical/?salarie=1.5", "salarie"),
])
def test_un_filtre_n_accepte_que_ce_que_le_schema_documente(a, url, parametre):
    reponse = a.client(Role.DIRECTEUR).get(url)
    assert reponse.status_code == 400 and parametre in reponse.json(), reponse.content


def test_un_filtre_de_texte_vide_ne_filtre_pas_et_un_identifiant_demesure_ne_trouve_rien(a):
    client = a.client(Role.DIRECTEUR)
    tous = client.get("/api/v1/adherents/").json()["count"]
    assert tous >= 1 and client.get("/api/v1/adherents/?q=&naf=&search=").json()["count"] == tous
    a.client(Role.MEDECIN).get(f"/suivi/salaries/{a.salarie.pk}/dossier-medical/")
    assert client.get(f"/api/v1/journal-acces-medical/?salarie={a.salarie.pk}").json()["count"] == 1
    for valeur in ("1" + "0" * 60, "-" + "9" * 30):
        reponse = client.get(f"/api/v1/journal-acces-medical/?salarie={valeur}&utilisateur={valeur}")
        assert reponse.status_code == 200 and reponse.json()["count"] == 0


def test_le_schema_documente_les_identifiants_entiers_et_le_texte_sans_caractere_nul(db):
    schema = Client().get("/api/schema/?format=json").json()
    journal = {p["name"]: p["schema"] for p in schema["paths"]["/api/v1/journal-acces-medical/"]["get"]["parameters"]}
    assert journal["salarie"] == journal["utilisateur"] == {"type": "integer"}
    textes = [p["schema"] for operations in schema["paths"].values() for operation in operations.values()
              for p in operation.get("parameters", []) if p["in"] == "query" and p["schema"].get("type") == "string"
              and not {"format", "enum"} & set(p["schema"])]
    assert len(textes) > 50 and all(t["pattern"] == "^[^\\x00]*$" for t in textes)


def test_une_date_et_heure_a_decalage_inhabituel_est_lue_en_utc(a):
    client = a.client(Role.DIRECTEUR)
    reponse = client.get("/api/v1/disponibilites/", {"debut__gte": "8941-09-10T10:58:17.4109-16:20"})
    assert reponse.status_code == 200 and reponse.json()["count"] == 0
    reponse = client.get("/api/v1/disponibilites/", {"debut__lt": "2000-01-01T00:00:00-16:20"})
    assert reponse.status_code == 200 and reponse.json()["count"] == 0
    reponse = client.get("/api/v1/disponibilites/", {"debut__gte": "0001-01-01T00:00:00+05:00"})
    assert reponse.status_code == 400 and "hors limites" in str(reponse.json()["debut__gte"])
