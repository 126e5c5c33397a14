"""The prevention API: FE versions and their PDF, actions and measurements recorded with the
models' rules (French 400s), registrations within their places, DUERP versions filed and
downloaded; what each member's portal may see of the FE."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from django_scopes import scopes_disabled

from duerp.models import DocumentDUERP
from fiche_entreprise.models import FicheEntreprise, StatutFiche, TypeAction, TypeMesurage
from spsti.permissions import Role
from tests.connexion import connecter
from tests.factories import AccesPortailFactory, AdherentFactory

from .outils import PRIORITES, entree, une_action_realisee, une_fiche, une_fiche_validee, une_session


def test_les_versions_de_fiche_et_le_pdf_d_une_version_validee(a):
    brouillon, validee = une_fiche(a), une_fiche_validee(a)
    client = a.client(Role.ASSISTANT_PREVENTION)
    resultats = client.get("/api/v1/fiches-entreprise/", {"adherent": a.adherent.pk}).json()["results"]
    assert {(f["version"], f["statut"]) for f in resultats} == {(1, "brouillon"), (2, "validee")}
    detail = client.get(f"/api/v1/fiches-entreprise/{brouillon.pk}/").json()
    assert detail["unites"][0]["risques"][0]["famille_libelle"] == "Bruit"
    assert detail["priorites"] == list(PRIORITES.values())
    assert client.get(f"/api/v1/fiches-entreprise/{brouillon.pk}/pdf/").status_code == 404  # not validated yet
    pdf = client.get(f"/api/v1/fiches-entreprise/{validee.pk}/pdf/", HTTP_ACCEPT="application/pdf")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_une_action_et_ses_mesurages_par_l_api(a):
    client = a.client(Role.IPRP)
    donnees = {"adherent": a.adherent.pk, "type": entree(a, TypeAction, "campagne_mesures").pk,
               "intervenant": a.membres[Role.IPRP].pk, "objet": "Bruit de l'atelier"}
    futur = client.post("/api/v1/actions-milieu-travail/", {
        **donnees, "date": (timezone.localdate() + timedelta(days=5)).isoformat()}, content_type="application/json")
    assert futur.status_code == 400 and "proposez un rendez-vous" in futur.json()["date"][0]
    reponse = client.post("/api/v1/actions-milieu-travail/", {**donnees, "date": timezone.localdate().isoformat()},
                          content_type="application/json")
    assert reponse.status_code == 201 and reponse.json()["prevention_primaire"] is True
    action = reponse.json()["id"]
    mesure = client.post("/api/v1/mesurages/", {
        "action": action, "type": entree(a, TypeMesurage, "eclairage").pk, "lieu": "Quai", "appareil": "Luxmètre",
        "valeur": "150", "unite": "lux", "valeur_limite": "200"}, content_type="application/json")
    assert mesure.status_code == 201 and mesure.json()["hors_limite"] is True  # below a minimum
    assert client.delete(f"/api/v1/actions-milieu-travail/{action}/").status_code == 405


def test_une_reference_d_un_autre_service_est_refusee(a, b):
    client = a.client(Role.IPRP)
    reponse = client.post("/api/v1/actions-milieu-travail/", {
        "adherent": b.adherent.pk, "type": entree(a, TypeAction, "etude_poste").pk,
        "intervenant": a.membres[Role.IPRP].pk, "date": timezone.localdate().isoformat()},
        content_type="application/json")
    assert reponse.status_code == 400 and "adherent" in reponse.json()


def test_inscriptions_dans_la_limite_des_places_et_presences(a):
    session = une_session(a, capacite=2)
    client = a.client(Role.ASSISTANT_PREVENTION)
    ok = client.post("/api/v1/inscriptions/", {"session": session.pk, "adherent": a.adherent.pk, "participants": 2},
                     content_type="application/json")
    assert ok.status_code == 201
    autre = AdherentFactory(tenant=a.service, equipe=a.equipe, centre=a.equipe.centre)
    complet = client.post("/api/v1/inscriptions/", {"session": session.pk, "adherent": autre.pk},
                          content_type="application/json")
    assert complet.status_code == 400 and complet.json()["participants"] == ["Cette session est complète."]
    assert client.get(f"/api/v1/sessions-collectives/{session.pk}/").json()["places_prises"] == 2
    pas_encore = client.post(f"/api/v1/sessions-collectives/{session.pk}/presences/", {"presents": [ok.json()["id"]]},
                             content_type="application/json")
    assert pas_encore.status_code == 400


def test_un_duerp_se_depose_et_se_telecharge_par_l_api(a):
    client = a.client(Role.IPRP)
    reponse = client.post("/api/v1/documents-duerp/", {
        "adherent": a.adherent.pk, "fichier": ContentFile(b"contenu du DUERP", name="duerp.pdf"),
        "mis_a_jour_le": "2026-01-20"})
    assert reponse.status_code == 201, reponse.content
    assert (reponse.json()["version"], reponse.json()["conserver_jusqu_au"]) == (1, "2066-01-20")
    fichier = client.get(f"/api/v1/documents-duerp/{reponse.json()['id']}/fichier/")
    assert b"".join(fichier.streaming_content) == b"contenu du DUERP"
    with scopes_disabled():
        assert DocumentDUERP.objects.get().depose_par == a.membres[Role.IPRP].utilisateur


def test_un_adherent_ne_voit_que_ses_propres_fiches(a):
    """Two members of the same service: each portal shows and serves its own validated FE only."""
    voisin = AdherentFactory(tenant=a.service, equipe=a.equipe, centre=a.equipe.centre, raison_sociale="Voisin SARL")
    fiche_voisin = FicheEntreprise.objects.create(
        tenant=a.service, adherent=voisin, version=1, redigee_par=a.membres[Role.ASSISTANT_PREVENTION],
        statut=StatutFiche.VALIDEE, validee_le=timezone.now(), validee_par=a.membres[Role.MEDECIN],
        pdf=ContentFile(b"%PDF-1.4 voisin", name="voisin.pdf"), **PRIORITES)
    mienne = une_fiche_validee(a)
    portail = a.client(Role.ADHERENT)
    page = portail.get(f"/portail/entreprises/{a.adherent.pk}/prevention/").content.decode()
    assert f"/fiches/{mienne.pk}/pdf/" in page and f"/fiches/{fiche_voisin.pk}/pdf/" not in page
    assert portail.get(f"/portail/entreprises/{a.adherent.pk}/fiches/{fiche_voisin.pk}/pdf/").status_code == 404
    assert portail.get(f"/portail/entreprises/{voisin.pk}/fiches/{fiche_voisin.pk}/pdf/").status_code == 404
    acces = AccesPortailFactory(tenant=a.service, adherent=voisin, rattachement__tenant=a.service)
    connecter(portail, acces.rattachement.utilisateur)
    assert portail.get(f"/portail/entreprises/{voisin.pk}/fiches/{fiche_voisin.pk}/pdf/").status_code == 200
    assert portail.get(f"/portail/entreprises/{voisin.pk}/fiches/{mienne.pk}/pdf/").status_code == 404


def test_les_listes_de_l_api_prevention_ne_montrent_que_le_service_courant(a, b):
    propres = {"fiches-entreprise": une_fiche_validee(a).pk, "actions-milieu-travail": une_action_realisee(a).pk,
               "sessions-collectives": une_session(a).pk}
    une_fiche_validee(b), une_action_realisee(b), une_session(b)  # B has the same rows
    client = a.client(Role.DIRECTEUR)
    for liste, pk in propres.items():
        assert [r["id"] for r in client.get(f"/api/v1/{liste}/").json()["results"]] == [pk], liste
