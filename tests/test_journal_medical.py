"""The medical access log is complete: every URL of ``spsti.journal_medical.REGISTRE`` writes one
row per attempt (granted or refused) for every role, portal users included; nothing for an
anonymous visitor or another service's user (a 404 that reveals nothing); the log's filters do
not tell whether an id exists."""

import pytest
from django.test import Client
from django.urls import reverse
from django.urls.exceptions import NoReverseMatch

from spsti.journal_medical import REGISTRE
from spsti.models import AccesDossierMedical
from spsti.permissions import Role
from tests.cellule_pdp.outils import un_dossier
from tests.offres.outils import un_questionnaire
from tests.test_matrice_permissions import un_transfert_dmst, une_reunion, une_visite

MEDICAUX = {Role.MEDECIN, Role.INFIRMIER}
PDP = {Role.MEDECIN, Role.INFIRMIER, Role.ASSISTANT_SOCIAL}  # the team's medical staff and the cell's member
CELLULE = {Role.ASSISTANT_SOCIAL}


def dossier_pdp(monde):
    if not hasattr(monde, "dossier_pdp"):
        monde.dossier_pdp = un_dossier(monde)
    return monde.dossier_pdp


# URL name → (url, roles granted, roles served the page without its medical part: no row).
# A URL of one worker: every other role is refused and logged. A list (REGISTRE value None): one
# row per worker shown to the granted roles, nothing for the others.
CAS = {
    "suivi_individuel:dossier_medical": (lambda m: f"/suivi/salaries/{m.salarie.pk}/dossier-medical/", MEDICAUX, set()),
    "suivi_individuel:visite": (lambda m: f"/suivi/visites/{une_visite(m).pk}/", MEDICAUX,
                                {Role.DIRECTEUR, Role.ASSISTANT_MEDICAL}),
    # the nurse of the world has no protocol: she may read the record, not perform this visit (R4623-14)
    "suivi_individuel:visite_enregistrer": (lambda m: f"/suivi/visites/{une_visite(m).pk}/enregistrer/",
                                            {Role.MEDECIN}, set()),
    "dossier-medical-detail": (lambda m: f"/api/v1/dossiers-medicaux/{m.salarie.pk}/", MEDICAUX, set()),
    "historique": (lambda m: f"/historique/suivi_individuel.dossiermedical/{m.dossier.pk}/", MEDICAUX, set()),
    # the DMST's transmission: the worker's team physician only (L4624-8 al. 3, R4624-45-7)
    "suivi_individuel:dmst_transmettre": (lambda m: f"/suivi/salaries/{m.salarie.pk}/dossier-medical/transmettre/",
                                          {Role.MEDECIN}, set()),
    "suivi_individuel:dmst_recevoir": (lambda m: f"/suivi/salaries/{m.salarie.pk}/dossier-medical/recevoir/",
                                       {Role.MEDECIN}, set()),
    "suivi_individuel:dmst_fichier": (lambda m: f"/suivi/transmissions-dmst/{un_transfert_dmst(m).pk}/pdf/",
                                      {Role.MEDECIN}, set()),
    "cellule_pdp:dossier": (lambda m: f"/pdp/dossiers/{dossier_pdp(m).pk}/", PDP, set()),
    "cellule_pdp:dossier_modifier": (lambda m: f"/pdp/dossiers/{dossier_pdp(m).pk}/modifier/", PDP, set()),
    "cellule_pdp:document": (lambda m: f"/pdp/dossiers/{document_pdp(m).dossier_id}/documents/{document_pdp(m).pk}/",
                             PDP, set()),
    "dossier-pdp-detail": (lambda m: f"/api/v1/dossiers-pdp/{dossier_pdp(m).pk}/", PDP, set()),
    "dossier-pdp-journal": (lambda m: f"/api/v1/dossiers-pdp/{dossier_pdp(m).pk}/journal/", PDP, set()),
    "dossier-pdp-list": (lambda m: dossier_pdp(m) and "/api/v1/dossiers-pdp/", PDP, set()),
    "cellule_pdp:exporter": (lambda m: dossier_pdp(m) and "/pdp/dossiers/tableau-de-suivi.xlsx", PDP, set()),
    "cellule_pdp:ordre_du_jour_pdf": (lambda m: dossier_pdp(m) and "/pdp/reunions/ordre-du-jour.pdf", CELLULE, set()),
    "cellule_pdp:reunion": (lambda m: dossier_pdp(m) and f"/pdp/reunions/{une_reunion(m).pk}/", CELLULE, set()),
    "offres:questionnaire": (lambda m: f"/offres/questionnaires-epuisement/{un_questionnaire(m).pk}/", MEDICAUX,
                             set()),
    "offres:questionnaires": (lambda m: un_questionnaire(m) and "/offres/questionnaires-epuisement/", MEDICAUX,
                              set()),
}


def document_pdp(monde):
    from tests.test_fichiers import un_document_pdp

    monde.dossier_pdp = dossier_pdp(monde)
    return un_document_pdp(monde)


def lignes(monde, depuis: int):
    return list(AccesDossierMedical.tous_services.filter(tenant=monde.service, pk__gt=depuis).order_by("pk"))


def dernier():
    derniere = AccesDossierMedical.tous_services.order_by("-pk").first()
    return derniere.pk if derniere else 0


def test_le_registre_est_teste_en_entier_et_ses_noms_existent():
    assert set(CAS) == set(REGISTRE)
    for nom in REGISTRE:
        try:
            reverse(nom)
        except NoReverseMatch as erreur:
            assert "with no arguments not found" in str(erreur) or "arguments '()'" in str(erreur), nom


@pytest.mark.parametrize("nom", list(CAS), ids=list(CAS))
def test_chaque_tentative_ecrit_une_ligne(a, nom):
    url, accordes, sans_partie_medicale = CAS[nom]
    adresse, salarie = url(a), a.salarie
    for role in Role:
        depuis = dernier()
        reponse = a.client(role).get(adresse)
        ecrites = lignes(a, depuis)
        attendu = ([(role, salarie.pk, adresse, True)] if role in accordes
                   else [] if role in sans_partie_medicale or REGISTRE[nom] is None
                   else [(role, salarie.pk, adresse, False)])
        assert [(e.role, e.salarie_id, e.origine, e.accorde) for e in ecrites] == attendu, (adresse, role,
                                                                                           reponse.status_code)
        if role in accordes | sans_partie_medicale:
            assert reponse.status_code == 200, (adresse, role)
        elif REGISTRE[nom] is not None:
            assert reponse.status_code in (403, 404), (adresse, role)
    depuis = dernier()
    Client().get(adresse)
    assert lignes(a, depuis) == []


@pytest.mark.parametrize("nom", list(CAS), ids=list(CAS))
def test_l_autre_service_recoit_un_404_sans_ligne(a, b, nom):
    url, accordes, _ = CAS[nom]
    adresse = url(a)
    for role in accordes | {Role.ADHERENT}:
        depuis = dernier()
        reponse = b.client(role).get(adresse)
        if REGISTRE[nom] is not None:
            assert reponse.status_code in (403, 404), (adresse, role)
        assert AccesDossierMedical.tous_services.filter(pk__gt=depuis, salarie=a.salarie).count() == 0


def test_un_utilisateur_du_portail_refuse_est_journalise(a):
    depuis = dernier()
    reponse = a.client(Role.ADHERENT).get(f"/suivi/salaries/{a.salarie.pk}/dossier-medical/")
    [ligne] = lignes(a, depuis)
    assert reponse.status_code == 403 and (ligne.role, ligne.accorde) == (Role.ADHERENT, False)


def test_le_filtre_du_journal_ne_revele_pas_si_un_identifiant_existe(a, b):
    directeur = a.client(Role.DIRECTEUR)
    a.client(Role.MEDECIN).get(f"/suivi/salaries/{a.salarie.pk}/dossier-medical/")
    inconnu = directeur.get("/api/v1/journal-acces-medical/?utilisateur=999999999")
    autre = b.membres[Role.MEDECIN].utilisateur_id
    autre_service = directeur.get(f"/api/v1/journal-acces-medical/?utilisateur={autre}")
    salarie_ailleurs = directeur.get(f"/api/v1/journal-acces-medical/?salarie={b.salarie.pk}")
    for reponse in (inconnu, autre_service, salarie_ailleurs):
        assert reponse.status_code == 200 and reponse.json()["count"] == 0
    du_medecin = directeur.get(f"/api/v1/journal-acces-medical/?utilisateur={a.membres[Role.MEDECIN].utilisateur_id}")
    assert du_medecin.json()["count"] == 1
