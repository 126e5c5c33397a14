"""The follow-up API: visit types, availability and free times, booking and its conflicts,
nurses only under an active protocol (R4623-14), recording a visit, outcome documents and their
PDF; never any medical content in the administrative views; another service's rows are 404."""

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_scopes import scopes_disabled

from spsti.permissions import Role
from suivi_individuel.models import (
    Disponibilite,
    DocumentSuivi,
    ExamenVisite,
    NatureDocument,
    StatutVisite,
)
from tests.factories import RattachementFactory, SalarieFactory

from .outils import moment, plage, protocole, visite_du_jour, visites

JSON = "application/json"
JOUR = timezone.localdate() + timedelta(days=7)
NOTES = "Lombalgies chroniques, traitement en cours"
CONCLUSIONS = "Pas de contre-indication au poste"


@pytest.fixture(autouse=True)
def medias(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def type_visite(client, type_legal="vip_periodique"):
    (type_service,) = client.get("/api/v1/types-visite/", {"type_legal": type_legal}).json()["results"]
    return type_service


def reserver(monde, role_client, role_pro, debut, salarie=None, **donnees):
    client = monde.client(role_client)
    return client.post("/api/v1/visites/", {
        "salarie": (salarie or monde.salarie).pk, "type_service": type_visite(client)["id"],
        "professionnel": monde.membres[role_pro].pk, "debut": debut.isoformat(), **donnees}, content_type=JSON)


def realiser(monde, role, visite, **donnees):
    return monde.client(role).post(f"/api/v1/visites/{visite.pk}/realiser/", {
        "nature": NatureDocument.ATTESTATION_SUIVI, "propositions": "Éviter le port de charges lourdes.",
        "notes": NOTES, "conclusions": CONCLUSIONS, "poids_kg": 72.5, "tension_systolique": 125, **donnees},
        content_type=JSON)


def test_le_thesaurus_est_amorce_et_lisible(a):
    client = a.client(Role.ASSISTANT_MEDICAL)
    types = client.get("/api/v1/types-visite/").json()
    assert types["count"] >= 15
    examen = type_visite(client, "examen_aptitude_embauche")
    assert examen["duree_minutes"] == 30 and examen["mode"] == "les_deux"
    assert client.get(f"/api/v1/types-visite/{examen['id']}/").json()["libelle"] == examen["libelle"]


@pytest.mark.django_db(transaction=False)
def test_reservation_par_l_api_puis_conflit_refuse(a, django_capture_on_commit_callbacks):
    disponibilite = plage(a, Role.MEDECIN, jour=JOUR)
    salarie = SalarieFactory(tenant=a.service, adherent=a.adherent, email="alex@exemple.fr")
    with django_capture_on_commit_callbacks(execute=True):
        reponse = reserver(a, Role.ASSISTANT_MEDICAL, Role.MEDECIN, moment(JOUR, 9), salarie=salarie)
    assert reponse.status_code == 201, reponse.content
    cree = reponse.json()
    assert cree["statut"] == "planifiee" and cree["professionnel"] == a.membres[Role.MEDECIN].pk
    assert cree["type"] == "vip_periodique" and cree["duree_minutes"] == 20 and cree["protocole"] is None
    (visite,) = visites(a, statut=StatutVisite.PLANIFIEE)
    assert visite.pk == cree["id"] and visite.disponibilite_id == disponibilite.pk and visite.convoquee_le
    (courriel,) = mail.outbox
    assert courriel.to == ["alex@exemple.fr"] and courriel.attachments[0][1].startswith(b"%PDF")

    conflit = reserver(a, Role.ASSISTANT_MEDICAL, Role.MEDECIN, moment(JOUR, 9, 10))
    assert conflit.status_code == 400
    assert "a déjà une visite" in conflit.json()["debut"][0]
    hors_plage = reserver(a, Role.ASSISTANT_MEDICAL, Role.MEDECIN, moment(JOUR, 14))
    assert hors_plage.status_code == 400 and "pas de plage de disponibilité" in hors_plage.json()["debut"][0]
    assert len(visites(a, statut=StatutVisite.PLANIFIEE)) == 1 and len(mail.outbox) == 1


def test_creneaux_libres_d_une_plage(a):
    disponibilite = plage(a, Role.MEDECIN, jour=JOUR, de=9, a=10)
    assert reserver(a, Role.ASSISTANT_MEDICAL, Role.MEDECIN, moment(JOUR, 9)).status_code == 201
    client = a.client(Role.ASSISTANT_MEDICAL)
    url = f"/api/v1/disponibilites/{disponibilite.pk}/creneaux-libres/"
    libres = client.get(url, {"duree": 20}).json()
    assert [datetime.fromisoformat(d) for d in libres] == [moment(JOUR, 9, 20), moment(JOUR, 9, 40)]
    assert len(client.get(url).json()) == 2  # 20 minutes by default
    for duree in ("3", "300", "vingt"):
        reponse = client.get(url, {"duree": duree})
        assert reponse.status_code == 400
    assert client.get(url, {"duree": 3}).json() == {"duree": ["Une visite dure au moins 5 minutes."]}
    liste = client.get("/api/v1/disponibilites/", {"professionnel": a.membres[Role.MEDECIN].pk,
                                                   "du": JOUR.isoformat()}).json()
    assert [d["id"] for d in liste["results"]] == [disponibilite.pk]
    assert client.get("/api/v1/disponibilites/", {"au": timezone.localdate().isoformat()}).json()["count"] == 0


def test_une_plage_deja_commencee_ne_propose_que_des_heures_a_venir_sur_sa_grille(a):
    """The first slot offered in a range already begun was "now" to the second, shown and sent
    to the minute, hence refused as past once booked: the next start on the range's grid."""
    debut = timezone.now().replace(second=0, microsecond=0) - timedelta(minutes=50)
    disponibilite = Disponibilite.objects.create(tenant=a.service, professionnel=a.membres[Role.MEDECIN],
                                                 centre=a.equipe.centre, debut=debut, fin=debut + timedelta(hours=3))
    client = a.client(Role.ASSISTANT_MEDICAL)
    libres = [datetime.fromisoformat(d) for d in
              client.get(f"/api/v1/disponibilites/{disponibilite.pk}/creneaux-libres/", {"duree": 20}).json()]
    assert libres and libres[0] > timezone.now() and libres[0] - timedelta(minutes=20) <= timezone.now()
    assert all((m - debut) % timedelta(minutes=20) == timedelta(0) for m in libres)
    assert reserver(a, Role.ASSISTANT_MEDICAL, Role.MEDECIN, libres[0]).status_code == 201


def test_une_infirmiere_n_est_reservee_que_sous_protocole_actif(a):
    plage(a, Role.INFIRMIER, jour=JOUR)
    refus = reserver(a, Role.ASSISTANT_MEDICAL, Role.INFIRMIER, moment(JOUR, 10))
    assert refus.status_code == 400
    assert "R4623-14" in refus.json()["non_field_errors"][0]
    assert visites(a, statut=StatutVisite.PLANIFIEE) == []
    delegation = protocole(a)
    reponse = reserver(a, Role.ASSISTANT_MEDICAL, Role.INFIRMIER, moment(JOUR, 10))
    assert reponse.status_code == 201 and reponse.json()["protocole"] == delegation.pk


def test_reporter_annuler_et_absence(a):
    plage(a, Role.MEDECIN, jour=JOUR)
    client = a.client(Role.ASSISTANT_MEDICAL)
    visite = reserver(a, Role.ASSISTANT_MEDICAL, Role.MEDECIN, moment(JOUR, 9)).json()
    url = f"/api/v1/visites/{visite['id']}"
    sans_motif = client.post(f"{url}/reporter/", {"debut": moment(JOUR, 10).isoformat()}, content_type=JSON)
    assert sans_motif.status_code == 400 and "motif" in sans_motif.json()
    reportee = client.post(f"{url}/reporter/", {"debut": moment(JOUR, 10).isoformat(), "motif": "Demande du salarié"},
                           content_type=JSON)
    assert reportee.status_code == 200, reportee.content
    assert datetime.fromisoformat(reportee.json()["debut"]) == moment(JOUR, 10)
    assert reportee.json()["motif_changement"] == "Demande du salarié"
    absence = client.post(f"{url}/absence/", {"excusee": True}, content_type=JSON)
    assert absence.status_code == 400 and absence.json() == {"non_field_errors": ["La visite n'a pas encore eu lieu."]}
    assert client.post(f"{url}/annuler/", {}, content_type=JSON).json() == {
        "motif": ["Indiquez le motif de l'annulation."]}
    annulee = client.post(f"{url}/annuler/", {"motif": "Salarié parti"}, content_type=JSON)
    assert annulee.status_code == 200 and annulee.json()["statut"] == "annulee"
    (passee,) = visites(a, pk=visite["id"])
    assert passee.statut == StatutVisite.ANNULEE and passee.debut == moment(JOUR, 10)


def test_l_infirmiere_sans_protocole_ne_realise_pas_la_visite(a):
    visite = visite_du_jour(a, Role.INFIRMIER)
    reponse = realiser(a, Role.INFIRMIER, visite)
    assert reponse.status_code == 400  # she reads the worker's record (her team) but no protocol covers the visit
    assert "R4623-14" in reponse.json()["non_field_errors"][0]
    with scopes_disabled():
        assert not ExamenVisite.objects.filter(visite=visite).exists()
        assert not DocumentSuivi.objects.filter(visite=visite).exists()
        visite.refresh_from_db()
    assert visite.statut == StatutVisite.PLANIFIEE


def test_l_infirmiere_sous_protocole_realise_et_remet_une_attestation(a):
    delegation = protocole(a)
    visite = visite_du_jour(a, Role.INFIRMIER)
    avis = realiser(a, Role.INFIRMIER, visite, nature=NatureDocument.AVIS_APTITUDE)
    assert avis.status_code == 400 and "R4623-14" in avis.json()["nature"][0]
    reponse = realiser(a, Role.INFIRMIER, visite)
    assert reponse.status_code == 201, reponse.content
    document = reponse.json()
    assert document["nature"] == "attestation_suivi" and document["visite"] == visite.pk
    assert document["salarie"] == a.salarie.pk and document["emis_par"] == a.membres[Role.INFIRMIER].pk
    with scopes_disabled():
        examen = ExamenVisite.objects.get(visite=visite)
        visite.refresh_from_db()
    assert examen.notes == NOTES and examen.tension_systolique == 125
    assert visite.statut == StatutVisite.REALISEE and visite.protocole_id == delegation.pk


@pytest.mark.parametrize(("role", "autre_equipe"), [
    (Role.ASSISTANT_MEDICAL, False), (Role.DIRECTEUR, False), (Role.MEDECIN, True)])
def test_realiser_est_reserve_aux_soignants_de_l_equipe(a, role, autre_equipe):
    visite = visite_du_jour(a)
    if autre_equipe:
        a.membres[role] = RattachementFactory(tenant=a.service, equipe=a.autre_equipe, role=role)
    assert realiser(a, role, visite).status_code == 403
    with scopes_disabled():
        assert not ExamenVisite.objects.filter(visite=visite).exists()


def test_une_saisie_medicale_hors_bornes_est_refusee(a):
    visite = visite_du_jour(a)
    reponse = realiser(a, Role.MEDECIN, visite, tension_systolique=20)
    assert reponse.status_code == 400 and "tension_systolique" in reponse.json()
    with scopes_disabled():
        assert not ExamenVisite.objects.filter(visite=visite).exists()


def test_l_assistant_medical_ne_voit_jamais_la_partie_medicale(a):
    visite = visite_du_jour(a)
    assert realiser(a, Role.MEDECIN, visite).status_code == 201
    client = a.client(Role.ASSISTANT_MEDICAL)
    for url in ("/api/v1/visites/", f"/api/v1/visites/{visite.pk}/", "/api/v1/documents-suivi/"):
        reponse = client.get(url)
        assert reponse.status_code == 200
        contenu = reponse.content.decode()
        for interdit in ('"notes"', '"conclusions"', "notes", "conclusions", NOTES, CONCLUSIONS, "72.5"):
            assert interdit not in contenu, (url, interdit)
    detail = client.get(f"/api/v1/visites/{visite.pk}/").json()
    assert detail["statut"] == "realisee" and detail["professionnel"] == a.membres[Role.MEDECIN].pk
    realisees = client.get("/api/v1/visites/", {"statut": "realisee", "salarie": a.salarie.pk}).json()
    assert len(realisees["results"]) == 2  # this one and last year's (conftest)
    du_jour = client.get("/api/v1/visites/", {"statut": "realisee", "du": timezone.localdate().isoformat()}).json()
    assert [v["id"] for v in du_jour["results"]] == [visite.pk]


def test_le_pdf_du_document(a):
    visite = visite_du_jour(a)
    document = realiser(a, Role.MEDECIN, visite).json()
    reponse = a.client(Role.ASSISTANT_MEDICAL).get(f"/api/v1/documents-suivi/{document['id']}/pdf/")
    assert reponse.status_code == 200 and reponse["Content-Type"] == "application/pdf"
    assert b"".join(reponse.streaming_content).startswith(b"%PDF")
    demande = a.client(Role.MEDECIN).get(f"/api/v1/documents-suivi/{document['id']}/pdf/",
                                         HTTP_ACCEPT="application/pdf")
    assert demande.status_code == 200 and b"".join(demande.streaming_content).startswith(b"%PDF")
    assert a.client(Role.IPRP).get(f"/api/v1/documents-suivi/{document['id']}/pdf/").status_code == 403


def test_les_visites_de_b_sont_introuvables_pour_a(a, b):
    visite_b = visite_du_jour(b)
    document_b = realiser(b, Role.MEDECIN, visite_b).json()
    plage_b = plage(b, Role.MEDECIN, jour=JOUR)
    client = a.client(Role.MEDECIN)
    for url in (f"/api/v1/visites/{visite_b.pk}/", f"/api/v1/documents-suivi/{document_b['id']}/",
                f"/api/v1/documents-suivi/{document_b['id']}/pdf/", f"/api/v1/disponibilites/{plage_b.pk}/",
                f"/api/v1/disponibilites/{plage_b.pk}/creneaux-libres/"):
        assert client.get(url).status_code == 404, url
    for action in ("annuler", "reporter", "absence", "realiser"):
        assert client.post(f"/api/v1/visites/{visite_b.pk}/{action}/", {"motif": "x"},
                           content_type=JSON).status_code == 404, action
    assert visite_b.pk not in {v["id"] for v in client.get("/api/v1/visites/").json()["results"]}
    assert client.get("/api/v1/documents-suivi/").json()["count"] == 0
    # B's rows cannot be used in a booking either
    plage(a, Role.MEDECIN, jour=JOUR)
    reponse = reserver(a, Role.ASSISTANT_MEDICAL, Role.MEDECIN, moment(JOUR, 9), salarie=b.salarie)
    assert reponse.status_code == 400 and "salarie" in reponse.json()
    assert visites(a, statut=StatutVisite.PLANIFIEE) == []
