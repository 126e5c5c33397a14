"""A user of service A gets 404 on every page and endpoint for service B's objects, and lists
never show B's rows."""

from datetime import date, timedelta

import pytest
from django.test import Client

from adherents.models import Etablissement
from adherents.trajectoire import trajectoire_demarrer
from spsti.models import Alerte, Rattachement
from spsti.permissions import Role
from spsti.tenancy import service_actif
from suivi_individuel.models import Echeance
from tests.connexion import connecter
from tests.offres.outils import des_frais, un_appel, un_questionnaire, une_demande_offre, une_facture, une_grille
from tests.prevention.outils import (
    un_duerp,
    un_plan,
    un_relais,
    un_rendez_vous,
    une_action_realisee,
    une_fiche,
    une_fiche_validee,
    une_session_a_venir,
)
from tests.test_matrice_permissions import (
    un_abonnement,
    un_arret,
    un_calcul,
    un_partenaire,
    un_protocole,
    un_transfert_dmst,
    un_type_de_visite,
    une_demande,
    une_proposition,
    une_reunion,
    une_source_pdp,
)

# (url builder from B's world, role of A's user that would be allowed on its own objects)
OBJETS_DE_B = [
    (lambda b: f"/api/v1/protocoles-delegation/{un_protocole(b).pk}/", Role.MEDECIN),
    (lambda b: f"/organisation/webhooks/{un_abonnement(b).pk}/", Role.DIRECTEUR),
    (lambda b: f"/suivi/salaries/{b.salarie.pk}/dossier-medical/transmettre/", Role.MEDECIN),
    (lambda b: f"/suivi/transmissions-dmst/{un_transfert_dmst(b).pk}/pdf/", Role.MEDECIN),
    (lambda b: f"/portail/entreprises/{b.adherent.pk}/webhooks/", Role.ADHERENT),
    (lambda b: f"/portail/entreprises/{b.adherent.pk}/webhooks/{un_abonnement(b).pk}/", Role.ADHERENT),
    (lambda b: f"/api/v1/relais-prevention/{un_relais(b).pk}/", Role.IPRP),
    (lambda b: f"/suivi/types-visite/{un_type_de_visite(b).pk}/", Role.DIRECTEUR),
    (lambda b: f"/suivi/salaries/{b.salarie.pk}/arrets/{un_arret(b).pk}/", Role.ASSISTANT_MEDICAL),
    (lambda b: f"/suivi/salaries/{b.salarie.pk}/arrets/nouveau/", Role.ASSISTANT_MEDICAL),
    (lambda b: f"/suivi/salaries/{b.salarie.pk}/demande/", Role.ASSISTANT_MEDICAL),
    (lambda b: f"/api/v1/arrets-travail/{un_arret(b).pk}/", Role.ASSISTANT_MEDICAL),
    (lambda b: f"/organisation/thesaurus/sources-signalement-pdp/{une_source_pdp(b).pk}/", Role.DIRECTEUR),
    (lambda b: f"/portail/entreprises/{b.adherent.pk}/arrets/nouveau/", Role.ADHERENT),
    (lambda b: f"/portail/entreprises/{b.adherent.pk}/maintien-en-emploi/signaler/", Role.ADHERENT),
    (lambda b: f"/pdp/partenaires/{un_partenaire(b).pk}/", Role.ASSISTANT_SOCIAL),
    (lambda b: f"/pdp/reunions/{une_reunion(b).pk}/", Role.ASSISTANT_SOCIAL),
    (lambda b: f"/pdp/salaries/{b.salarie.pk}/signaler/", Role.ASSISTANT_SOCIAL),
    (lambda b: f"/pdp/reperage/{b.salarie.pk}/ecarter/", Role.MEDECIN),
    (lambda b: f"/portail/entreprises/{b.adherent.pk}/visites/demander/", Role.ADHERENT),
    (lambda b: f"/api/v1/echeances/{Echeance.tous_services.filter(salarie=b.salarie)[0].pk}/", Role.MEDECIN),
    (lambda b: f"/adherents/propositions/{une_proposition(b).pk}/", Role.MEDECIN),
    (lambda b: f"/portail/entreprises/{b.adherent.pk}/salaries/{b.salarie.pk}/categorie/", Role.ADHERENT),
    (lambda b: f"/portail/entreprises/{b.adherent.pk}/", Role.ADHERENT),
    (lambda b: f"/portail/entreprises/{b.adherent.pk}/effectifs/deposer/", Role.ADHERENT),
    (lambda b: f"/adherents/demandes/{une_demande(b).pk}/", Role.SERVICE_ADHERENT),
    (lambda b: f"/adherents/salaries/{b.salarie.pk}/", Role.SERVICE_ADHERENT),
    (lambda b: f"/adherents/salaries/{b.salarie.pk}/modifier/", Role.SERVICE_ADHERENT),
    (lambda b: f"/adherents/salaries/{b.salarie.pk}/emplois/nouveau/", Role.SERVICE_ADHERENT),
    (lambda b: f"/adherents/{b.adherent.pk}/salaries/nouveau/", Role.SERVICE_ADHERENT),
    (lambda b: f"/api/v1/salaries/{b.salarie.pk}/", Role.SERVICE_ADHERENT),
    (lambda b: f"/adherents/{b.adherent.pk}/trajectoire/{etape_de(b).pk}/", Role.SERVICE_ADHERENT),
    (lambda b: f"/adherents/trajectoire/{etape_de(b).etape_id}/", Role.DIRECTEUR),
    (lambda b: f"/adherents/{b.adherent.pk}/", Role.SERVICE_ADHERENT),
    (lambda b: f"/adherents/{b.adherent.pk}/?onglet=salaries", Role.SERVICE_ADHERENT),
    (lambda b: f"/adherents/{b.adherent.pk}/modifier/", Role.SERVICE_ADHERENT),
    (lambda b: f"/adherents/{b.adherent.pk}/etablissements/nouveau/", Role.SERVICE_ADHERENT),
    (lambda b: f"/adherents/{b.adherent.pk}/contacts/nouveau/", Role.SERVICE_ADHERENT),
    (lambda b: f"/api/v1/adherents/{b.adherent.pk}/", Role.SERVICE_ADHERENT),
    (lambda b: f"/api/v1/etablissements/{Etablissement.tous_services.get(adherent=b.adherent).pk}/",
     Role.SERVICE_ADHERENT),
    (lambda b: f"/organisation/centres/{b.equipe.centre_id}/", Role.DIRECTEUR),
    (lambda b: f"/organisation/equipes/{b.equipe.pk}/", Role.DIRECTEUR),
    (lambda b: f"/organisation/personnel/{b.membres[Role.IPRP].pk}/", Role.DIRECTEUR),
    (lambda b: f"/historique/spsti.service/{b.service.pk}/", Role.DIRECTEUR),
    (lambda b: f"/historique/spsti.centre/{b.equipe.centre_id}/", Role.DIRECTEUR),
    (lambda b: f"/historique/spsti.equipe/{b.equipe.pk}/", Role.DIRECTEUR),
    (lambda b: f"/historique/spsti.rattachement/{b.membres[Role.MEDECIN].pk}/", Role.DIRECTEUR),
    (lambda b: f"/historique/adherents.adherent/{b.adherent.pk}/", Role.SERVICE_ADHERENT),
    (lambda b: f"/historique/adherents.salarie/{b.salarie.pk}/", Role.SERVICE_ADHERENT),
    (lambda b: f"/historique/suivi_individuel.dossiermedical/{b.dossier.pk}/", Role.MEDECIN),
    (lambda b: f"/suivi/salaries/{b.salarie.pk}/dossier-medical/", Role.MEDECIN),
    (lambda b: f"/suivi/salaries/{b.salarie.pk}/dossier-medical/", Role.INFIRMIER),
    (lambda b: f"/api/v1/services/{b.service.pk}/", Role.DIRECTEUR),
    (lambda b: f"/api/v1/centres/{b.equipe.centre_id}/", Role.DIRECTEUR),
    (lambda b: f"/api/v1/equipes/{b.equipe.pk}/", Role.DIRECTEUR),
    (lambda b: f"/api/v1/personnel/{b.membres[Role.MEDECIN].pk}/", Role.DIRECTEUR),
    (lambda b: f"/api/v1/alertes/{b.alerte.pk}/", Role.SERVICE_ADHERENT),
    (lambda b: f"/api/v1/journal-acces-medical/{b.acces.pk}/", Role.DIRECTEUR),
    (lambda b: f"/api/v1/dossiers-medicaux/{b.salarie.pk}/", Role.MEDECIN),
    (lambda b: f"/prevention/adherents/{b.adherent.pk}/", Role.ASSISTANT_PREVENTION),
    (lambda b: f"/prevention/fiches/{une_fiche(b).pk}/", Role.ASSISTANT_PREVENTION),
    (lambda b: f"/prevention/fiches/{une_fiche_validee(b).pk}/pdf/", Role.MEDECIN),
    (lambda b: f"/prevention/actions/{une_action_realisee(b).pk}/", Role.IPRP),
    (lambda b: f"/prevention/actions/{un_rendez_vous(b).pk}/deplacer/", Role.IPRP),
    (lambda b: f"/duerp/sessions/{une_session_a_venir(b).pk}/", Role.IPRP),
    (lambda b: f"/duerp/documents/{un_duerp(b).pk}/", Role.IPRP),
    (lambda b: f"/duerp/plans/{un_plan(b).pk}/", Role.ASSISTANT_PREVENTION),
    (lambda b: f"/duerp/relais/{un_relais(b).pk}/", Role.IPRP),
    (lambda b: f"/api/v1/fiches-entreprise/{une_fiche_validee(b).pk}/pdf/", Role.DIRECTEUR),
    (lambda b: f"/api/v1/documents-duerp/{un_duerp(b).pk}/fichier/", Role.DIRECTEUR),
    (lambda b: f"/api/v1/sessions-collectives/{une_session_a_venir(b).pk}/", Role.DIRECTEUR),
    (lambda b: f"/portail/entreprises/{b.adherent.pk}/prevention/", Role.ADHERENT),
    (lambda b: f"/portail/entreprises/{b.adherent.pk}/fiches/{une_fiche_validee(b).pk}/pdf/", Role.ADHERENT),
    (lambda b: f"/portail/entreprises/{b.adherent.pk}/duerp/{un_duerp(b).pk}/", Role.ADHERENT),
    (lambda b: f"/indicateurs/calculs/{un_calcul(b).pk}/", Role.DIRECTEUR),
    # offers and billing (issue 14)
    (lambda b: f"/offres/catalogue/{une_grille(b).offre_id}/", Role.COMPTABLE),
    (lambda b: f"/offres/grilles/{une_grille(b).pk}/", Role.COMPTABLE),
    (lambda b: f"/offres/factures/{une_facture(b).pk}/", Role.COMPTABLE),
    (lambda b: f"/offres/factures/{une_facture(b).pk}/pdf/", Role.COMPTABLE),
    (lambda b: f"/offres/factures/{une_facture(b).pk}/paiement/", Role.COMPTABLE),
    (lambda b: f"/offres/factures/{une_facture(b).pk}/avoir/", Role.COMPTABLE),
    (lambda b: f"/offres/factures/{une_facture(b).pk}/relance/1/", Role.COMPTABLE),
    (lambda b: f"/offres/frais-absence/{des_frais(b).pk}/", Role.COMPTABLE),
    (lambda b: f"/offres/demandes/{une_demande_offre(b).pk}/", Role.COMPTABLE),
    (lambda b: f"/offres/demandes/{une_demande_offre(b).pk}/", Role.IPRP),
    (lambda b: f"/offres/adherents/{b.adherent.pk}/", Role.SERVICE_ADHERENT),
    (lambda b: f"/offres/appels/{un_appel(b).annee}/progression/", Role.COMPTABLE),
    (lambda b: f"/portail/entreprises/{b.adherent.pk}/offres/", Role.ADHERENT),
    (lambda b: f"/api/v1/factures/{une_facture(b).pk}/", Role.COMPTABLE),
    (lambda b: f"/api/v1/grilles-tarifaires/{une_grille(b).pk}/", Role.COMPTABLE),
    (lambda b: f"/api/v1/demandes-offre/{une_demande_offre(b).pk}/", Role.SERVICE_ADHERENT),
    (lambda b: f"/portail/entreprises/{b.adherent.pk}/offres/demander/", Role.ADHERENT),
    (lambda b: f"/portail/entreprises/{b.adherent.pk}/offres/factures/{une_facture(b).pk}/pdf/", Role.ADHERENT),
    (lambda b: f"/portail/entreprises/{b.adherent.pk}/offres/questionnaire-epuisement/", Role.ADHERENT),
    (lambda b: f"/offres/questionnaires-epuisement/{un_questionnaire(b).pk}/", Role.MEDECIN),
]


@pytest.fixture
def b_complet(b):
    """B with an open alert and a read in its medical log."""
    b.alerte = Alerte.objects.create(tenant=b.service, source="test", libelle="Alerte de B",
                                     role=Role.SERVICE_ADHERENT, due_depuis="2026-01-01",
                                     content_type_id=_type(b.adherent), object_id=b.adherent.pk)
    from spsti.models import AccesDossierMedical

    b.acces = AccesDossierMedical.objects.create(
        tenant=b.service, utilisateur=b.membres[Role.MEDECIN].utilisateur, role=Role.MEDECIN,
        salarie=b.salarie, origine="/test/", accorde=True)
    return b


def etape_de(monde):
    with service_actif(monde.service):
        return trajectoire_demarrer(monde.adherent)[0]


def _type(objet):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(objet).pk


@pytest.mark.parametrize(("url", "role"), OBJETS_DE_B, ids=range(len(OBJETS_DE_B)))
def test_un_utilisateur_de_a_recoit_404_sur_les_objets_de_b(a, b_complet, url, role):
    assert a.client(role).get(url(b_complet)).status_code == 404


def test_un_meme_objet_de_a_reste_accessible_a_son_service(a, b_complet):
    """The 404s above come from the tenant, not from a broken URL."""
    assert a.client(Role.DIRECTEUR).get(f"/api/v1/centres/{a.equipe.centre_id}/").status_code == 200
    assert a.client(Role.MEDECIN).get(f"/suivi/salaries/{a.salarie.pk}/dossier-medical/").status_code == 200


@pytest.mark.parametrize("url", ["/api/v1/services/", "/api/v1/centres/", "/api/v1/equipes/",
                                 "/api/v1/personnel/", "/api/v1/journal-acces-medical/", "/api/v1/adherents/",
                                 "/api/v1/etablissements/"])
def test_les_listes_de_l_api_ne_montrent_que_le_service_courant(a, b_complet, url):
    resultats = a.client(Role.DIRECTEUR).get(url).json()["results"]
    contenu = str(resultats)
    assert str(b_complet.service.nom) not in contenu
    assert b_complet.equipe.nom not in contenu and b_complet.equipe.centre.nom not in contenu
    assert all(str(b_complet.membres[Role.MEDECIN].utilisateur.email) not in str(r) for r in resultats)


def test_la_page_organisation_ne_montre_que_le_service_courant(a, b_complet):
    page = a.client(Role.DIRECTEUR).get("/organisation/").content.decode()
    assert a.equipe.nom in page and b_complet.equipe.nom not in page
    assert b_complet.membres[Role.MEDECIN].utilisateur.email not in page


def test_une_alerte_de_b_ne_se_reporte_pas_depuis_a(a, b_complet):
    reponse = a.client(Role.SERVICE_ADHERENT).post(f"/alertes/{b_complet.alerte.pk}/reporter/", {
        "jusqu_au": (date.today() + timedelta(days=7)).isoformat(), "motif": "congés"})
    assert reponse.status_code == 404


def test_les_alertes_de_b_n_apparaissent_pas_chez_a(a, b_complet):
    client = a.client(Role.SERVICE_ADHERENT)
    assert "Alerte de B" not in client.get("/accueil/").content.decode()
    assert client.get("/api/v1/alertes/").json()["count"] == 0


def test_un_filtre_sur_un_id_de_b_repond_comme_un_id_inexistant(a, b_complet):
    """An empty page either way: the answer never tells whether the id exists in another service."""
    client = a.client(Role.DIRECTEUR)
    for centre in (b_complet.equipe.centre_id, 999999999):
        reponse = client.get(f"/api/v1/equipes/?centre={centre}")
        assert reponse.status_code == 200 and reponse.json()["count"] == 0
    assert client.get("/api/v1/equipes/?centre=abc").status_code == 400


def test_le_selecteur_de_service_refuse_un_service_ou_l_on_ne_travaille_pas(a, b_complet):
    client = a.client(Role.MEDECIN)
    assert client.post("/changer-service/", {"service": b_complet.service.pk}).status_code == 404
    assert client.post("/changer-service/", {"service": "pas-un-nombre"}).status_code == 404
    assert client.get("/api/v1/services/").json()["results"][0]["id"] == a.service.pk


def test_une_personne_de_deux_services_bascule_de_l_un_a_l_autre(a, b):
    utilisateur = a.membres[Role.MEDECIN].utilisateur
    Rattachement.objects.create(tenant=b.service, utilisateur=utilisateur, role=Role.INFIRMIER,
                                equipe=b.equipe, centre=b.equipe.centre)
    client = Client()
    connecter(client, utilisateur)
    premier = client.get("/api/v1/services/").json()["results"][0]["id"]
    autre = b.service if premier == a.service.pk else a.service
    page = client.get("/accueil/").content.decode()
    assert 'name="service"' in page  # the switcher shows when one works for two services
    reponse = client.post("/changer-service/", {"service": autre.pk}, HTTP_HX_REQUEST="true")
    assert reponse.headers["HX-Redirect"] == "/"
    assert client.get("/api/v1/services/").json()["results"][0]["id"] == autre.pk
    ici, ailleurs = (b, a) if autre == b.service else (a, b)
    assert client.get(f"/suivi/salaries/{ici.salarie.pk}/dossier-medical/").status_code == 200
    assert client.get(f"/suivi/salaries/{ailleurs.salarie.pk}/dossier-medical/").status_code == 404


def test_la_liste_et_l_export_des_adherents_ne_montrent_que_le_service_courant(a, b_complet):
    client = a.client(Role.SERVICE_ADHERENT)
    assert b_complet.adherent.raison_sociale not in client.get("/adherents/").content.decode()
    export = client.get("/adherents/export.csv").content.decode()
    assert a.adherent.siren in export and b_complet.adherent.siren not in export


def test_un_membre_d_une_federation_n_ouvre_aucune_page_ni_aucune_donnee_d_un_service(a):
    """A federation's account belongs to no service: every page and endpoint of the permission
    matrix is refused (its own profile aside), whatever the service's objects."""
    from comptes.models import MembreFederation
    from tests.factories import UtilisateurFactory
    from tests.test_matrice_permissions import MATRICE

    utilisateur = UtilisateurFactory()
    MembreFederation.objects.create(utilisateur=utilisateur, federation="Présanse Sud")
    client = connecter(Client(), utilisateur)
    ouvertes = {url(a): client.get(url(a)).status_code for nom, url, _ in MATRICE}
    assert ouvertes.pop("/comptes/profil/") == 200
    assert ouvertes.pop("/indicateurs/federation/") == 200
    assert {url: statut for url, statut in ouvertes.items() if statut != 403} == {}


# Issue 18: the API's writes on B's rows are 404 from A, and a body naming B's rows is refused (400).
ECRITURES_SUR_B = [
    lambda b: f"/api/v1/adherents/{b.adherent.pk}/",
    lambda b: f"/api/v1/etablissements/{Etablissement.tous_services.get(adherent=b.adherent).pk}/",
    lambda b: f"/api/v1/salaries/{b.salarie.pk}/",
    lambda b: f"/api/v1/emplois/{b.salarie.emplois.model.tous_services.get(salarie=b.salarie).pk}/",
]


@pytest.mark.parametrize("url", ECRITURES_SUR_B, ids=range(len(ECRITURES_SUR_B)))
def test_les_ecritures_de_l_api_sur_les_lignes_de_b_sont_des_404(a, b, url):
    client = a.client(Role.SERVICE_ADHERENT)
    assert client.patch(url(b), {"nom": "X"}, content_type="application/json").status_code == 404


def test_une_ecriture_qui_nomme_une_ligne_de_b_est_refusee(a, b):
    client = a.client(Role.SERVICE_ADHERENT)
    for url, corps in [("/api/v1/salaries/", {"adherent": b.adherent.pk}),
                       ("/api/v1/emplois/", {"salarie": b.salarie.pk})]:
        reponse = client.post(url, corps, content_type="application/json")
        assert reponse.status_code == 400 and "Aucun" in str(reponse.json()), url
    portail = a.client(Role.ADHERENT)
    for url, corps in [("/api/v1/portail/embauches/", {"adherent": b.adherent.pk}),
                       ("/api/v1/portail/sorties/", {"salarie": b.salarie.pk})]:
        assert portail.post(url, corps, content_type="application/json").status_code == 400, url
