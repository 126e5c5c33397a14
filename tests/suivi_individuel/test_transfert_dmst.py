"""The DMST follows the worker to another service (L4624-8 al. 3, R4624-45-7): exported by the
worker's team physician as JSON (the published schema) and PDF with the worker's non-opposition
recorded, imported by the receiving service's physician and shown « reçu de … »; refused without
consent and to every other role, each attempt in the medical access log."""

import json
from datetime import timedelta

import jsonschema
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django_scopes import scopes_disabled

from spsti.models import AccesDossierMedical
from spsti.permissions import Role
from suivi_individuel.models import DossierMedical, TransfertDMST
from tests.connexion import connecter
from tests.factories import RattachementFactory
from tests.prevention.outils import texte_pdf

from .outils import EXAMEN, enregistrer, visite_du_jour

AUJOURD_HUI = timezone.localdate()


@pytest.fixture(autouse=True)
def medias(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def transmettre(monde, role=Role.MEDECIN, **donnees):
    return monde.client(role).post(f"/suivi/salaries/{monde.salarie.pk}/dossier-medical/transmettre/", {
        "destinataire": "SPSTI du Grand Nord", "consentement_le": AUJOURD_HUI.isoformat(),
        "consentement_mode": "ecrit", **donnees})


def recevoir(monde, contenu, role=Role.MEDECIN, **donnees):
    fichier = SimpleUploadedFile("dmst.json", json.dumps(contenu).encode(), content_type="application/json")
    return monde.client(role).post(f"/suivi/salaries/{monde.salarie.pk}/dossier-medical/recevoir/", {
        "fichier": fichier, "consentement_le": AUJOURD_HUI.isoformat(), "consentement_mode": "oral_visite",
        **donnees})


def transferts(monde):
    with scopes_disabled():
        return list(TransfertDMST.tous_services.filter(tenant=monde.service).order_by("pk"))


def journal(monde, depuis):
    with scopes_disabled():
        return [(e.role, e.origine.rsplit("/", 2)[-2], e.accorde) for e in
                AccesDossierMedical.tous_services.filter(tenant=monde.service, pk__gt=depuis).order_by("pk")]


def dernier():
    with scopes_disabled():
        return AccesDossierMedical.tous_services.order_by("-pk").values_list("pk", flat=True).first() or 0


def un_dossier_exporte(a):
    with scopes_disabled():
        DossierMedical.tous_services.filter(salarie=a.salarie).update(
            expositions="Bruit > 85 dB(A) depuis 2019", informations_sante="Asthme connu")
    assert enregistrer(a, Role.MEDECIN, visite_du_jour(a)).status_code == 302
    assert transmettre(a).status_code == 302
    (transfert,) = transferts(a)
    contenu = json.loads(a.client(Role.MEDECIN).get(f"/suivi/transmissions-dmst/{transfert.pk}/json/").getvalue())
    return transfert, contenu


def test_aller_retour_d_un_service_a_l_autre(a, b):
    depuis = dernier()
    transfert, contenu = un_dossier_exporte(a)
    assert (transfert.sens, transfert.autre_service, transfert.consentement_le) == (
        "emis", "SPSTI du Grand Nord", AUJOURD_HUI)
    # the file follows the published schema, carries the consent and the clinical content
    with open(settings.BASE_DIR / "docs" / "dmst-transfert.schema.json", encoding="utf-8") as fichier:
        jsonschema.validate(contenu, json.load(fichier), format_checker=jsonschema.FormatChecker())
    assert contenu["consentement"] == {"recueilli_le": AUJOURD_HUI.isoformat(), "mode": "ecrit"}
    assert contenu["base_legale"] == "Code du travail, art. L4624-8 al. 3 et R4624-45-7"
    assert contenu["dossier"]["expositions"] == "Bruit > 85 dB(A) depuis 2019"
    (visite,) = [v for v in contenu["visites"] if v["examen"]]
    assert visite["examen"]["conclusions"] == EXAMEN["conclusions"] and visite["examen"]["poids_kg"] == 72.5
    pdf = a.client(Role.MEDECIN).get(f"/suivi/transmissions-dmst/{transfert.pk}/pdf/")
    lettre = texte_pdf(pdf.getvalue())  # as a physician reads it: French dates and labels, not the file's codes
    assert f"Transmis le {AUJOURD_HUI:%d/%m/%Y}" in lettre and f"recueillie le {AUJOURD_HUI:%d/%m/%Y}" in lettre
    assert a.salarie.get_categorie_display() in lettre and f"{a.salarie.date_naissance:%d/%m/%Y}" in lettre
    assert AUJOURD_HUI.isoformat() not in lettre
    # logged: the export page, the file and the PDF read by the physician
    assert [(r, accorde) for r, _, accorde in journal(a, depuis) if _ in ("transmettre", "json", "pdf")] == [
        (Role.MEDECIN, True)] * 3

    # the worker, now followed by B (same person: same NIR)
    with scopes_disabled():
        type(b.salarie).tous_services.filter(pk=b.salarie.pk).update(
            nom=a.salarie.nom, prenom=a.salarie.prenom, date_naissance=a.salarie.date_naissance, nir=a.salarie.nir)
    depuis = dernier()
    assert recevoir(b, contenu).status_code == 302
    (recu,) = transferts(b)
    assert (recu.sens, recu.autre_service, recu.contenu) == ("recu", a.service.nom, contenu)
    page = b.client(Role.MEDECIN).get(f"/suivi/salaries/{b.salarie.pk}/dossier-medical/").content.decode()
    assert f"Reçu de {a.service.nom}" in page
    assert EXAMEN["conclusions"] in page and "Asthme connu" in page
    assert [(r, accorde) for r, _, accorde in journal(b, depuis)] == [(Role.MEDECIN, True)] * 2  # import, record


def test_sans_non_opposition_du_salarie_rien_ne_part_ni_n_arrive(a, b):
    sans = transmettre(a, consentement_le="").content.decode()
    assert "Indiquez quand le salarié, informé, a dit ne pas s&#x27;opposer" in sans
    futur = transmettre(a, consentement_le=(AUJOURD_HUI + timedelta(days=2)).isoformat()).content.decode()
    assert "Cette date est à venir" in futur
    assert transferts(a) == []

    _, contenu = un_dossier_exporte(a)
    with scopes_disabled():
        type(b.salarie).tous_services.filter(pk=b.salarie.pk).update(
            nom=a.salarie.nom, prenom=a.salarie.prenom, date_naissance=a.salarie.date_naissance, nir=a.salarie.nir)
    sans_accord = {cle: valeur for cle, valeur in contenu.items() if cle != "consentement"}
    assert "ne porte pas la non-opposition du salarié" in recevoir(b, sans_accord).content.decode()
    assert "Indiquez comment la non-opposition" in recevoir(b, contenu, consentement_mode="").content.decode()
    autre = {**contenu, "travailleur": {**contenu["travailleur"], "nir": "", "prenom": "Camille"}}
    with scopes_disabled():
        type(b.salarie).tous_services.filter(pk=b.salarie.pk).update(nir="")
    assert "Ce dossier concerne Camille" in recevoir(b, autre).content.decode()
    abime = {**contenu, "visites": [{"date": "hier"}]}
    assert "ne suit pas le format de transmission du DMST" in recevoir(b, abime).content.decode()
    assert transferts(b) == []


def test_aucun_autre_role_ne_transmet_ni_ne_recoit_et_le_refus_est_journalise(a):
    transfert, contenu = un_dossier_exporte(a)
    for role in set(Role) - {Role.MEDECIN}:
        depuis = dernier()
        assert transmettre(a, role).status_code == 403
        assert recevoir(a, contenu, role).status_code == 403
        assert a.client(role).get(f"/suivi/transmissions-dmst/{transfert.pk}/json/").status_code == 403
        assert journal(a, depuis) == [(role, "transmettre", False), (role, "recevoir", False),
                                      (role, "json", False)], role
    assert len(transferts(a)) == 1


def test_un_medecin_d_une_autre_equipe_est_refuse(a):
    ailleurs = RattachementFactory(equipe=a.autre_equipe, tenant=a.service, role=Role.MEDECIN)
    client = connecter(Client(), ailleurs.utilisateur)
    assert client.get(f"/suivi/salaries/{a.salarie.pk}/dossier-medical/transmettre/").status_code == 403


def test_un_autre_service_recoit_un_404_sans_ligne(a, b):
    depuis = dernier()
    for chemin in ("transmettre", "recevoir"):
        assert b.client(Role.MEDECIN).get(f"/suivi/salaries/{a.salarie.pk}/dossier-medical/{chemin}/").status_code \
            == 404
    assert journal(a, depuis) == [] and journal(b, depuis) == []
