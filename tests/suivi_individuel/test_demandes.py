"""Between the scheduled visits: absences declared (back office, portal, API) and the reprise
they call for (R4624-31), visits on request (R4624-34) and their alert, a nurse's VIP ending in
a referral to the physician (R4624-19, R4624-20)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from spsti.models import Alerte
from spsti.permissions import Role
from suivi_individuel.models import ArretTravail, Echeance, StatutVisite
from tests.factories import SalarieFactory

from .outils import enregistrer, protocole, visite_du_jour, visites

AUJOURD_HUI = timezone.localdate()
RETOUR = AUJOURD_HUI + timedelta(days=10)


def arrets(monde):
    with scopes_disabled():
        return list(ArretTravail.objects.filter(tenant=monde.service).order_by("debut"))


def reprise_due(monde, salarie=None):
    with scopes_disabled():
        return Echeance.objects.filter(salarie=salarie or monde.salarie, type="reprise").first()


def declarer(monde, nature, jours, retour=RETOUR):
    """Declares an absence from the worker page; the response is the page it leads to."""
    return monde.client(Role.ASSISTANT_MEDICAL).post(f"/suivi/salaries/{monde.salarie.pk}/arrets/nouveau/", {
        "nature": nature, "debut": (retour - timedelta(days=jours)).isoformat(), "reprise": retour.isoformat()},
        follow=True)


@pytest.mark.parametrize(("nature", "jours", "reprise"), [
    ("maladie_non_professionnelle", 45, False),  # R4624-31: 60 days needed
    ("maladie_non_professionnelle", 65, True),
    ("accident_du_travail", 30, True),           # 30 days for a work accident
    ("maternite", 20, True),                     # any maternity leave
])
def test_un_arret_declare_fait_apparaitre_la_reprise_due(a, nature, jours, reprise):
    reponse = declarer(a, nature, jours)
    assert reponse.redirect_chain[0][0] == f"/adherents/salaries/{a.salarie.pk}/"
    message = reponse.content.decode()
    echeance = reprise_due(a)
    assert (echeance is not None) is reprise
    if reprise:
        assert (echeance.au_plus_tot, echeance.au_plus_tard) == (RETOUR, RETOUR + timedelta(days=8))
        assert f"entre le {RETOUR:%d/%m/%Y} et le {RETOUR + timedelta(days=8):%d/%m/%Y} (R4624-31)" in message
    else:
        assert "aucune visite de reprise n&#x27;est obligatoire" in message


@pytest.mark.parametrize(("donnees", "message"), [
    ({"nature": "maternite", "debut": "2026-05-10", "reprise": "2026-05-01"},
     "La date de reprise doit suivre le début de l&#x27;arrêt."),
    ({"nature": "maternite", "debut": "2026-03-01", "reprise": "2026-04-20"},
     "Cet arrêt chevauche un arrêt déjà déclaré"),
    ({"nature": "grippe", "debut": "2026-03-01", "reprise": "2026-04-20"}, "Sélectionnez un choix valide"),
    ({"nature": "maternite", "debut": "2030-03-01", "reprise": "2030-04-20"},
     "Un arrêt se déclare au plus un an à l&#x27;avance."),
])
def test_un_arret_invalide_est_refuse_en_francais_et_ne_change_rien(a, donnees, message):
    declarer(a, "maladie_non_professionnelle", 65, retour=timezone.datetime(2026, 4, 1).date())
    avant = arrets(a)
    reponse = a.client(Role.ASSISTANT_MEDICAL).post(f"/suivi/salaries/{a.salarie.pk}/arrets/nouveau/", donnees)
    assert reponse.status_code == 200 and message in reponse.content.decode()
    assert arrets(a) == avant


def test_l_arret_se_corrige_et_l_echeancier_suit(a):
    declarer(a, "maladie_non_professionnelle", 65)
    (arret,) = arrets(a)
    assert reprise_due(a) is not None
    a.client(Role.ASSISTANT_MEDICAL).post(f"/suivi/salaries/{a.salarie.pk}/arrets/{arret.pk}/", {
        "nature": "maladie_non_professionnelle", "debut": (RETOUR - timedelta(days=40)).isoformat(),
        "reprise": RETOUR.isoformat()})
    assert reprise_due(a) is None


def test_l_employeur_declare_un_arret_de_son_salarie_seulement(a, b):
    client = a.client(Role.ADHERENT)
    url = f"/portail/entreprises/{a.adherent.pk}/arrets/nouveau/"
    donnees = {"nature": "accident_du_travail", "debut": (RETOUR - timedelta(days=35)).isoformat(),
               "reprise": RETOUR.isoformat()}
    etranger = client.post(url, {**donnees, "salarie": b.salarie.pk})
    assert "Sélectionnez un choix valide" in etranger.content.decode() and arrets(b) == []
    assert client.post(url, {**donnees, "salarie": a.salarie.pk}).status_code == 302
    assert reprise_due(a) is not None
    page = client.get(f"/portail/entreprises/{a.adherent.pk}/").content.decode()
    assert f"reprise le {RETOUR:%d/%m/%Y}" in page
    assert b.client(Role.ADHERENT).get(url).status_code == 404


@pytest.mark.django_db(transaction=False)
def test_la_demande_de_l_employeur_alerte_les_assistants_de_l_equipe(a, django_capture_on_commit_callbacks):
    client = a.client(Role.ADHERENT)
    url = f"/portail/entreprises/{a.adherent.pk}/visites/demander/"
    sans_motif = client.post(url, {"salarie": a.salarie.pk, "type_visite": "demande_employeur", "motif": " "})
    assert "Ce champ est obligatoire." in sans_motif.content.decode()
    assert client.post(url, {"salarie": a.salarie.pk, "type_visite": "demande_salarie",
                             "motif": "x"}).status_code == 200  # the employer asks only its own kind
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(url, {"salarie": a.salarie.pk, "type_visite": "demande_employeur",
                                    "motif": "Difficultés au poste depuis la réorganisation"})
    assert reponse.status_code == 302
    (demande,) = visites(a, statut=StatutVisite.A_PLANIFIER)
    assert demande.type == "demande_employeur" and demande.demandee_par == a.membres[Role.ADHERENT]
    alerte = Alerte.tous_services.get(tenant=a.service, source="visite_a_planifier")
    assert alerte.role == Role.ASSISTANT_MEDICAL and alerte.equipe == a.equipe
    assert "Difficultés au poste" in client.get(f"/portail/entreprises/{a.adherent.pk}/").content.decode()
    deux_fois = client.post(url, {"salarie": a.salarie.pk, "type_visite": "demande_employeur", "motif": "Encore"})
    assert "est déjà demandée ou planifiée" in deux_fois.content.decode()
    assert len(visites(a, statut=StatutVisite.A_PLANIFIER)) == 1


def test_la_secretaire_enregistre_la_demande_du_salarie(a):
    reponse = a.client(Role.ASSISTANT_MEDICAL).post(f"/suivi/salaries/{a.salarie.pk}/demande/", {
        "salarie": a.salarie.pk, "type_visite": "demande_salarie", "motif": "Souhaite rencontrer le médecin"})
    assert reponse.status_code == 302
    (demande,) = visites(a, statut=StatutVisite.A_PLANIFIER)
    assert demande.professionnel is None or demande.professionnel.role == Role.MEDECIN
    page = a.client(Role.ASSISTANT_MEDICAL).get(f"/adherents/salaries/{a.salarie.pk}/").content.decode()
    assert "Souhaite rencontrer le médecin" in page


def test_l_api_des_arrets(a, b):
    client = a.client(Role.ASSISTANT_MEDICAL)
    donnees = {"salarie": a.salarie.pk, "nature": "maternite", "debut": "2026-03-02", "reprise": "2026-07-06"}
    cree = client.post("/api/v1/arrets-travail/", donnees, content_type="application/json")
    assert cree.status_code == 201 and reprise_due(a).au_plus_tard.isoformat() == "2026-07-14"
    chevauche = client.post("/api/v1/arrets-travail/", {**donnees, "debut": "2026-06-01", "reprise": "2026-06-20"},
                            content_type="application/json")
    assert chevauche.status_code == 400 and "chevauche" in str(chevauche.json())
    etranger = client.post("/api/v1/arrets-travail/", {**donnees, "salarie": b.salarie.pk},
                           content_type="application/json")
    assert etranger.status_code == 400 and arrets(b) == []
    assert client.delete(f"/api/v1/arrets-travail/{cree.json()['id']}/").status_code == 405
    assert b.client(Role.ASSISTANT_MEDICAL).get(f"/api/v1/arrets-travail/{cree.json()['id']}/").status_code == 404


@pytest.mark.parametrize(("cas", "motifs", "enceinte", "article"), [
    ("travailleuse enceinte vue en VIP par l'infirmière", [], "on", "R4624-19"),
    ("travailleur handicapé vu en VIP par l'infirmière", ["handicap"], "", "R4624-20"),
    ("titulaire d'une pension d'invalidité", ["invalidite"], "", "R4624-20"),
    ("VIP sans motif d'orientation", [], "", None),
])
def test_la_vip_infirmiere_oriente_sans_delai_vers_le_medecin(a, cas, motifs, enceinte, article):
    salarie = SalarieFactory(tenant=a.service, adherent=a.adherent, categorie="SIA" if motifs else "SI",
                             motifs_categorie=motifs)
    protocole(a, categories=("SI", "SIA"))
    visite = visite_du_jour(a, Role.INFIRMIER, salarie=salarie)
    assert enregistrer(a, Role.INFIRMIER, visite, enceinte_ou_allaitante=enceinte).status_code == 302, cas
    orientations = visites(a, statut=StatutVisite.A_PLANIFIER, salarie=salarie)
    assert len(orientations) == (1 if article else 0), cas
    if article:
        assert orientations[0].type == "demande_medecin" and orientations[0].orientee_depuis == visite
        # the reason stays in the medical part: the scheduling roles see a neutral referral
        html = a.client(Role.ASSISTANT_MEDICAL).get(f"/suivi/visites/{orientations[0].pk}/").content.decode()
        assert "enceinte" not in html and "R4624-19" not in html


def test_le_medecin_ne_s_oriente_pas_vers_lui_meme(a):
    visite = visite_du_jour(a, Role.MEDECIN)
    enregistrer(a, Role.MEDECIN, visite, enceinte_ou_allaitante="on")
    assert visites(a, statut=StatutVisite.A_PLANIFIER) == []


def test_le_questionnaire_est_au_dossier_et_seulement_pour_les_soignants(a):
    visite = visite_du_jour(a, Role.MEDECIN)
    enregistrer(a, Role.MEDECIN, visite, question_1="Cervicalgies en fin de journée", question_4="")
    medecin = a.client(Role.MEDECIN).get(f"/suivi/visites/{visite.pk}/").content.decode()
    assert "Douleurs ou gênes (dos, membres supérieurs) en lien avec le travail" in medecin
    assert "Cervicalgies en fin de journée" in medecin and "Traitements en cours" not in medecin
    assistant = a.client(Role.ASSISTANT_MEDICAL).get(f"/suivi/visites/{visite.pk}/").content.decode()
    assert "Cervicalgies" not in assistant
