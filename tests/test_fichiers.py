"""Stored files: one storage layer (unguessable names, SHA-256 fingerprint, ``verifier_fichiers``)
and one way out (``servir_fichier``): every stored-file URL refused anonymously, to the other roles,
to the other service and to the other portal companies; nothing under /media/ but the logos."""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.test import Client, override_settings

from adherents.models import DeclarationEffectifs
from cellule_pdp.models import DocumentPDP
from spsti.models import AccesDossierMedical, FichierStocke
from spsti.permissions import Role
from tests.cellule_pdp.outils import un_dossier
from tests.factories import AccesPortailFactory, AdherentFactory
from tests.prevention.outils import un_document_action, un_duerp, une_fiche_validee, une_photo
from tests.test_matrice_permissions import PERSONNEL, PREVENTION, SUIVI, un_document

PDP = {Role.MEDECIN, Role.INFIRMIER, Role.ASSISTANT_SOCIAL}  # the team's medical staff and the cell's member


def une_declaration(monde):
    if not hasattr(monde, "declaration"):
        monde.declaration = DeclarationEffectifs.objects.create(
            tenant=monde.service, adherent=monde.adherent, annee=2026, totaux={"total": 1},
            deposee_par=monde.membres[Role.ADHERENT].utilisateur,
            fichier=ContentFile(b"nom;prenom\nMartin;Lea\n", name="effectifs.csv"))
    return monde.declaration


def un_document_pdp(monde):
    if not hasattr(monde, "document_pdp"):
        monde.document_pdp = DocumentPDP.objects.create(
            tenant=monde.service, dossier=un_dossier(monde), libelle="Certificat",
            fichier=ContentFile(b"%PDF-1.4 certificat", name="certificat.pdf"))
    return monde.document_pdp


# (url, the stored file, roles served); portal URLs are served to the company's own portal users
FICHIERS = [
    ("suivi-document", lambda m: f"/suivi/documents/{un_document(m).pk}/", lambda m: un_document(m).pdf, SUIVI),
    ("api-suivi-document", lambda m: f"/api/v1/documents-suivi/{un_document(m).pk}/pdf/",
     lambda m: un_document(m).pdf, SUIVI),
    ("portail-suivi-document", lambda m: f"/portail/entreprises/{m.adherent.pk}/documents-suivi/{un_document(m).pk}/",
     lambda m: un_document(m).pdf, {Role.ADHERENT}),
    ("pdp-document", lambda m: f"/pdp/dossiers/{un_document_pdp(m).dossier_id}/documents/{un_document_pdp(m).pk}/",
     lambda m: un_document_pdp(m).fichier, PDP),
    ("fe-pdf", lambda m: f"/prevention/fiches/{une_fiche_validee(m).pk}/pdf/", lambda m: une_fiche_validee(m).pdf,
     PREVENTION),
    ("api-fe-pdf", lambda m: f"/api/v1/fiches-entreprise/{une_fiche_validee(m).pk}/pdf/",
     lambda m: une_fiche_validee(m).pdf, PREVENTION),
    ("portail-fe-pdf", lambda m: f"/portail/entreprises/{m.adherent.pk}/fiches/{une_fiche_validee(m).pk}/pdf/",
     lambda m: une_fiche_validee(m).pdf, {Role.ADHERENT}),
    ("fe-photo", lambda m: f"/prevention/photos/{une_photo(m).pk}/", lambda m: une_photo(m).image, PREVENTION),
    ("action-document", lambda m: f"/prevention/documents/{un_document_action(m).pk}/",
     lambda m: un_document_action(m).fichier, PREVENTION),
    ("duerp", lambda m: f"/duerp/documents/{un_duerp(m).pk}/", lambda m: un_duerp(m).fichier, PREVENTION),
    ("api-duerp", lambda m: f"/api/v1/documents-duerp/{un_duerp(m).pk}/fichier/", lambda m: un_duerp(m).fichier,
     PREVENTION),
    ("portail-duerp", lambda m: f"/portail/entreprises/{m.adherent.pk}/duerp/{un_duerp(m).pk}/",
     lambda m: un_duerp(m).fichier, {Role.ADHERENT}),
    ("declaration", lambda m: f"/adherents/declarations/{une_declaration(m).pk}/fichier/",
     lambda m: une_declaration(m).fichier, PERSONNEL),
    ("portail-declaration", lambda m: f"/portail/entreprises/{m.adherent.pk}/declarations/{une_declaration(m).pk}/",
     lambda m: une_declaration(m).fichier, {Role.ADHERENT}),
]
IDS = [n for n, *_ in FICHIERS]


def contenu(reponse) -> bytes:
    return b"".join(reponse.streaming_content) if reponse.streaming else reponse.content


@pytest.mark.parametrize(("nom", "url", "fichier", "autorises"), FICHIERS, ids=IDS)
def test_chaque_fichier_n_est_servi_qu_a_ses_roles(a, nom, url, fichier, autorises):
    attendu = fichier(a).open("rb").read()
    for role in Role:
        reponse = a.client(role).get(url(a))
        if role in autorises:
            assert reponse.status_code == 200 and contenu(reponse) == attendu, (url(a), role)
            assert reponse["Cache-Control"] == "private, no-store"
        else:
            assert reponse.status_code in (403, 404), (url(a), role)
    anonyme = Client().get(url(a))
    assert anonyme.status_code in ((401, 403) if url(a).startswith("/api/") else (302,))


@pytest.mark.parametrize(("nom", "url", "fichier", "autorises"), FICHIERS, ids=IDS)
def test_chaque_fichier_est_introuvable_pour_l_autre_service(a, b, nom, url, fichier, autorises):
    for role in autorises:
        assert b.client(role).get(url(a)).status_code == 404, (url(a), role)


@pytest.mark.parametrize(("nom", "url", "fichier", "autorises"), [f for f in FICHIERS if f[0].startswith("portail")],
                         ids=[n for n in IDS if n.startswith("portail")])
def test_chaque_fichier_du_portail_est_introuvable_pour_une_autre_entreprise(a, nom, url, fichier, autorises):
    autre = AccesPortailFactory(adherent=AdherentFactory(equipe=a.equipe, tenant=a.service, centre=a.equipe.centre),
                                tenant=a.service, rattachement__tenant=a.service)
    client = Client()
    client.force_login(autre.rattachement.utilisateur)
    assert client.get(url(a)).status_code == 404


@pytest.mark.parametrize(("nom", "url", "fichier", "autorises"), FICHIERS, ids=IDS)
def test_rien_sous_media_et_des_noms_imprevisibles(a, nom, url, fichier, autorises):
    nom_stocke = fichier(a).name
    assert re.search(r"/[A-Za-z0-9_-]{22}/[^/]+$", nom_stocke), nom_stocke
    for client in (Client(), a.client(Role.DIRECTEUR)):
        assert client.get(f"/media/{nom_stocke}").status_code == 404
    enregistre = FichierStocke.objects.get(nom=nom_stocke)
    assert enregistre.taille == fichier(a).size and len(enregistre.sha256) == 64


def test_le_logo_reste_public_et_pas_le_reste(a):
    a.service.logo.save("logo.png", ContentFile(b"\x89PNG logo"))
    assert Client().get(f"/media/{a.service.logo.name}").status_code == 200
    assert Client().get("/media/logos/../suivi/x.pdf").status_code in (400, 404)


@override_settings(FICHIERS_X_ACCEL=True, FICHIERS_X_ACCEL_PREFIXE="/fichiers-proteges/")
def test_en_production_le_proxy_sert_le_fichier(a):
    document = un_document(a)
    reponse = a.client(Role.MEDECIN).get(f"/suivi/documents/{document.pk}/")
    assert reponse.status_code == 200 and reponse.content == b""
    assert reponse["X-Accel-Redirect"] == f"/fichiers-proteges/{document.pdf.name}"
    assert reponse["Content-Disposition"].startswith("attachment;")
    assert Client().get(f"/suivi/documents/{document.pk}/").status_code == 302


def test_un_document_pdp_lu_ou_refuse_est_journalise(a):
    url = f"/pdp/dossiers/{un_document_pdp(a).dossier_id}/documents/{un_document_pdp(a).pk}/"
    avant = AccesDossierMedical.tous_services.filter(origine=url).count()
    a.client(Role.MEDECIN).get(url)
    a.client(Role.IPRP).get(url)
    lectures = AccesDossierMedical.tous_services.filter(origine=url).order_by("pk")
    assert [(acces.role, acces.accorde) for acces in lectures[avant:]] == [(Role.MEDECIN, True), (Role.IPRP, False)]


def test_verifier_fichiers(a, capsys):
    document, photo = un_document(a), une_photo(a)
    call_command("verifier_fichiers")
    assert "0 problème" in capsys.readouterr().out
    with open(photo.image.path, "ab") as fichier:
        fichier.write(b"altered")
    document.pdf.storage.delete(document.pdf.name)
    with pytest.raises(CommandError):
        call_command("verifier_fichiers")
    erreurs = capsys.readouterr().err
    assert f"absent : {document.pdf.name}" in erreurs
    assert f"modifié (empreinte différente) : {photo.image.name}" in erreurs
