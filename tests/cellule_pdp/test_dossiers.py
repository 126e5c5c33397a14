"""Working a file through the pages: confidentiality (404 to anyone the policy hides it from,
medical details to physicians and nurses only, every read logged), taking it up, orienting,
proposing measures, sharing only within the worker's consent, closing with an outcome."""

import io

import openpyxl
import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from cellule_pdp.models import EntreeJournal, IssuePDP, Partage
from spsti.models import AccesDossierMedical
from spsti.permissions import Role
from spsti.tenancy import service_actif
from tests.connexion import connecter
from tests.factories import AdherentFactory, RattachementFactory, SalarieFactory

from .outils import recharger, un_consentement, un_dossier, un_partenaire, une_pathologie

PAGES_DU_DOSSIER = ["", "modifier/", "orientations/nouvelle/", "mesures/nouvelle/", "interventions/nouvelle/",
                    "documents/nouveau/", "consentement/", "partages/nouveau/", "clore/"]
AUJOURD_HUI = timezone.localdate()
VOIENT = {Role.MEDECIN, Role.INFIRMIER, Role.ASSISTANT_SOCIAL}  # the team's medical staff, the cell's member


@pytest.mark.parametrize("role", list(Role))
def test_un_dossier_n_est_visible_que_de_la_cellule_et_de_l_equipe_medicale(a, role):
    dossier = un_dossier(a)
    client = a.client(role)
    for page in PAGES_DU_DOSSIER:
        attendu = 200 if role in VOIENT else 403 if role == Role.ADHERENT else 404  # the portal: no back office
        assert client.get(f"/pdp/dossiers/{dossier.pk}/{page}").status_code == attendu, (role, page)
    api = client.get(f"/api/v1/dossiers-pdp/{dossier.pk}/")
    assert api.status_code == (200 if role in VOIENT else 403 if role == Role.ADHERENT else 404), role
    assert (str(dossier.numero) in client.get("/api/v1/dossiers-pdp/").content.decode()) is (role in VOIENT)


def test_le_medecin_d_une_autre_equipe_et_un_autre_service_ne_le_voient_pas(a, b):
    dossier = un_dossier(a)
    autre_medecin = RattachementFactory(tenant=a.service, equipe=a.autre_equipe, role=Role.MEDECIN)
    from django.test import Client

    client = Client()
    connecter(client, autre_medecin.utilisateur)
    assert client.get(f"/pdp/dossiers/{dossier.pk}/").status_code == 404
    assert b.client(Role.ASSISTANT_SOCIAL).get(f"/pdp/dossiers/{dossier.pk}/").status_code == 404
    assert b.client(Role.MEDECIN).get(f"/api/v1/dossiers-pdp/{dossier.pk}/").status_code == 404
    assert str(a.salarie) not in b.client(Role.ASSISTANT_SOCIAL).get("/pdp/dossiers/").content.decode()


def test_chaque_lecture_est_journalisee_acceptee_ou_refusee(a):
    dossier = un_dossier(a)
    url = f"/pdp/dossiers/{dossier.pk}/"
    a.client(Role.ASSISTANT_SOCIAL).get(url)
    a.client(Role.IPRP).get(url)
    a.client(Role.MEDECIN).get(f"/api/v1/dossiers-pdp/{dossier.pk}/")
    with scopes_disabled():
        lectures = {(acces.role, acces.accorde) for acces in AccesDossierMedical.objects.filter(
            tenant=a.service, origine__contains=f"dossiers-pdp/{dossier.pk}/")
            | AccesDossierMedical.objects.filter(tenant=a.service, origine=url)}
    assert lectures == {(Role.ASSISTANT_SOCIAL, True), (Role.IPRP, False), (Role.MEDECIN, True)}


def test_les_elements_medicaux_restent_aux_medecins_et_infirmiers(a):
    dossier = un_dossier(a, pathologie_precisions="Lombosciatique opérée en 2025")
    une_pathologie(a, dossier)
    medecin = a.client(Role.MEDECIN).get(f"/pdp/dossiers/{dossier.pk}/").content.decode()
    assert "Troubles musculosquelettiques" in medecin and "Lombosciatique" in medecin
    social = a.client(Role.ASSISTANT_SOCIAL)
    for html in (social.get(f"/pdp/dossiers/{dossier.pk}/").content.decode(),
                 social.get(f"/pdp/dossiers/{dossier.pk}/modifier/").content.decode(),
                 social.get(f"/api/v1/dossiers-pdp/{dossier.pk}/").content.decode(),
                 social.get("/api/v1/dossiers-pdp/").content.decode()):
        assert "Lombosciatique" not in html and "musculosquelettiques" not in html
    json = a.client(Role.INFIRMIER).get(f"/api/v1/dossiers-pdp/{dossier.pk}/").json()
    assert json["pathologies"] == ["Troubles musculosquelettiques"]


def test_la_cellule_travaille_le_dossier_et_le_clot_avec_son_issue(a):
    dossier = un_dossier(a)
    social = a.client(Role.ASSISTANT_SOCIAL)
    assert social.post(f"/pdp/dossiers/{dossier.pk}/prendre-en-charge/").status_code == 302
    dossier = recharger(dossier)
    assert dossier.etape == "en_cours" and dossier.prochaine_revue is not None
    assert str(a.salarie) not in social.get("/pdp/").content.decode()  # out of the intake queue
    with service_actif(a.service):
        from cellule_pdp.models import AccompagnementPDP, OrientationPDP

        orientation = OrientationPDP.par_code(a.service, "carsat")
        essai = AccompagnementPDP.par_code(a.service, "essai_encadre")
        maintien = IssuePDP.par_code(a.service, "maintien_poste")
    social.post(f"/pdp/dossiers/{dossier.pk}/orientations/nouvelle/", {"orientation": orientation.pk,
                                                                       "proposee_le": "2026-11-02"})
    social.post(f"/pdp/dossiers/{dossier.pk}/mesures/nouvelle/", {"accompagnement": essai.pk, "statut": "realisee",
                                                                  "proposee_le": "2026-11-03"})
    social.post(f"/pdp/dossiers/{dossier.pk}/journal/", {"nature": "entretien", "texte": "Entretien avec Alex."})
    url = f"/pdp/dossiers/{dossier.pk}/clore/"
    sans_issue = social.post(url, {"clos_le": AUJOURD_HUI.isoformat(), "conclusion": "x"})
    assert "Ce champ est obligatoire." in sans_issue.content.decode() and recharger(dossier).clos_le is None
    avant = social.post(url, {"issue": maintien.pk, "clos_le": "2020-01-01", "conclusion": "x"}).content.decode()
    assert "La clôture se date entre le signalement et aujourd&#x27;hui." in avant
    assert social.post(url, {"issue": maintien.pk, "clos_le": AUJOURD_HUI.isoformat(),
                             "conclusion": "Poste aménagé."}).status_code == 302
    dossier = recharger(dossier)
    assert (dossier.etape, dossier.issue, dossier.clos_le) == ("termine", maintien, AUJOURD_HUI)
    with scopes_disabled():
        journal = list(EntreeJournal.objects.filter(dossier=dossier).values_list("texte", flat=True))
    assert any("Orientation proposée : Service social CARSAT" in t for t in journal)
    assert any("Essai encadré" in t for t in journal) and any("Dossier clos" in t for t in journal)
    with pytest.raises(Exception, match="ne se modifie pas"):
        EntreeJournal.tous_services.filter(dossier=dossier).first().save()


def test_un_partage_n_est_possible_que_dans_le_consentement(a):
    dossier = un_dossier(a)
    carsat, cap_emploi = un_partenaire(a), un_partenaire(a, "Cap Emploi", "cap_emploi")
    social = a.client(Role.ASSISTANT_SOCIAL)
    url = f"/pdp/dossiers/{dossier.pk}/partages/nouveau/"

    def partager(partenaire, informations=("situation",)):
        return social.post(url, {"partenaire": partenaire.pk if partenaire else "", "informations": informations,
                                 "objet": "Demande d'accompagnement"}).content.decode()

    assert "Aucun consentement du salarié n&#x27;est en vigueur" in partager(carsat)
    consentement = un_consentement(a, dossier, partenaires=[carsat])
    assert "n&#x27;a pas consenti à ce que ce destinataire" in partager(cap_emploi)
    assert "ne couvre pas toutes les informations" in partager(carsat, ("situation", "sante"))
    assert "n&#x27;a pas consenti" in partager(None)  # the employer was not consented
    partager(carsat)
    with scopes_disabled():
        assert Partage.objects.filter(dossier=dossier, partenaire=carsat).count() == 1
    social.post(f"/pdp/dossiers/{dossier.pk}/consentement/{consentement.pk}/retirer/")
    assert "Aucun consentement du salarié n&#x27;est en vigueur" in partager(carsat)
    with scopes_disabled():
        assert Partage.objects.filter(dossier=dossier).count() == 1


def test_rien_de_medical_n_est_transmis_a_l_employeur(a):
    dossier = un_dossier(a)
    un_consentement(a, dossier, employeur=True, informations=("situation", "sante"))
    page = a.client(Role.ASSISTANT_SOCIAL).post(f"/pdp/dossiers/{dossier.pk}/partages/nouveau/", {
        "partenaire": "", "informations": ["sante"], "objet": "Point"}).content.decode()
    assert "Aucun élément de santé n&#x27;est transmis à l&#x27;employeur" in page


def test_l_employeur_signale_et_ne_voit_que_ce_que_le_salarie_a_consenti(a, b):
    client = a.client(Role.ADHERENT)
    url = f"/portail/entreprises/{a.adherent.pk}/maintien-en-emploi/signaler/"
    etranger = client.post(url, {"salarie": b.salarie.pk, "description": "x"})
    assert "Sélectionnez un choix valide" in etranger.content.decode()
    assert client.post(url, {"salarie": a.salarie.pk, "description": "Absences répétées"}).status_code == 302
    with scopes_disabled():
        (dossier,) = a.salarie.dossiers_pdp.all()
        assert dossier.signalements.get().source.code == "employeur"
    une_pathologie(a, dossier)
    portail = f"/portail/entreprises/{a.adherent.pk}/"
    assert "Aucun accompagnement partagé avec vous" in client.get(portail).content.decode()
    un_consentement(a, dossier, employeur=True, informations=("situation",))
    html = client.get(portail).content.decode()
    assert str(a.salarie) in html.split('id="maintien-en-emploi"')[1].split("</ul>")[0]
    assert "En poste" in html and "musculosquelettiques" not in html
    assert b.client(Role.ADHERENT).get(url).status_code == 404


def test_l_export_du_tableau_a_17_colonnes(a):
    dossier = un_dossier(a, metier="Cariste", pathologie_precisions="Lombalgie")
    une_pathologie(a, dossier)

    def lignes(role):
        reponse = a.client(role).get("/pdp/dossiers/tableau-de-suivi.xlsx")
        feuille = openpyxl.load_workbook(io.BytesIO(b"".join(reponse.streaming_content))).active
        return [[cellule.value for cellule in ligne] for ligne in feuille.iter_rows()]

    social = lignes(Role.ASSISTANT_SOCIAL)
    assert social[0] == list("ABCDEFGHIJKLMNOPQ")
    assert social[1][0] == "N° salarié file active" and social[1][16].startswith("Conclusion situation")
    assert len(social[1]) == 17 and social[2][0] == dossier.numero and social[2][9] == "Cariste"
    assert social[2][3] == a.adherent.raison_sociale and social[2][7] in (None, "")  # H: medical
    assert "Troubles musculosquelettiques" in lignes(Role.MEDECIN)[2][7]


def test_la_liste_ne_montre_que_les_dossiers_de_l_equipe_aux_soignants(a):
    autre = SalarieFactory(tenant=a.service, adherent=AdherentFactory(tenant=a.service, equipe=a.autre_equipe,
                                                                      centre=a.equipe.centre))
    un_dossier(a)
    un_dossier(a, salarie=autre)
    medecin = {d.salarie for d in a.client(Role.MEDECIN).get("/pdp/dossiers/").context["page"]}
    cellule = {d.salarie for d in a.client(Role.ASSISTANT_SOCIAL).get("/pdp/dossiers/").context["page"]}
    assert medecin == {a.salarie} and cellule == {a.salarie, autre}


def test_l_api_signale_et_tient_le_journal(a):
    client = a.client(Role.ASSISTANT_SOCIAL)
    cree = client.post("/api/v1/signalements-pdp/", {"salarie": a.salarie.pk, "source": "salarie",
                                                      "description": "Demande du salarié"},
                       content_type="application/json")
    assert cree.status_code == 201, cree.content
    dossier_id = cree.json()["dossier"]
    inconnue = client.post("/api/v1/signalements-pdp/", {"salarie": a.salarie.pk, "source": "voyance"},
                           content_type="application/json")
    assert inconnue.status_code == 400
    ecrit = client.post(f"/api/v1/dossiers-pdp/{dossier_id}/journal/", {"texte": "Appel de Cap Emploi",
                                                                        "nature": "echange_partenaire"},
                        content_type="application/json")
    assert ecrit.status_code == 201
    journal = client.get(f"/api/v1/dossiers-pdp/{dossier_id}/journal/").json()["results"]  # a page, as documented
    assert [e["texte"] for e in journal][0] == "Appel de Cap Emploi"
    assert a.client(Role.IPRP).post("/api/v1/signalements-pdp/", {"salarie": a.salarie.pk, "source": "salarie"},
                                    content_type="application/json").status_code == 403
