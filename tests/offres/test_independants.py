"""The self-employed offer end to end (décret 2022-681, D4622-27-1 to D4622-27-3; seeds 000 and
003): one person joins online for themselves and gets their own portal account; the affiliation
lasts one year and is never renewed tacitly; the burnout questionnaire filled from the portal is
read by the medical team of the person's team only, every read logged; workshops are listed."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from adherents.models import AccesPortail, Adherent, Emploi, Salarie
from offres import rules
from offres.models import AffiliationIndependant, Offre, QuestionnaireEpuisement
from offres.selectors import emplois_au
from spsti.alertes import balayer_alertes
from spsti.models import AccesDossierMedical, Alerte
from spsti.permissions import Role
from spsti.tenancy import service_actif
from tests.connexion import connecter

PERSONNE = {"prenom": "Inès", "nom": "Berthier", "date_naissance": "1984-05-12", "sexe": "F",
            "siret": "732 829 320 00074", "code_naf": "7111Z", "adresse": "5 rue Carnot", "code_postal": "84000",
            "ville": "Avignon", "email": "ines@berthier-archi.fr", "telephone": "06 12 34 56 78", "engagement": "on"}
REPONSES_DIFFICILES = {code: "2" for code, _ in rules.QUESTIONS_RESSOURCES} | {
    code: "5" for code, _ in rules.QUESTIONS_CONTRAINTES}


def s_affilier(service, **changements):
    return Client().post(f"/offres/public/{service.pk}/independant/", {**PERSONNE, **changements})


def independant(monde, django_capture_on_commit_callbacks):
    """Joins online, then member services assign the person's team (as for any member)."""
    with django_capture_on_commit_callbacks(execute=True):
        assert s_affilier(monde.service).status_code == 200
    with service_actif(monde.service):
        adherent = Adherent.objects.get(siren="732829320")
        Adherent.objects.filter(pk=adherent.pk).update(equipe=monde.equipe)
        utilisateur = AccesPortail.objects.get(adherent=adherent).rattachement.utilisateur
    return adherent, connecter(Client(), utilisateur)


@pytest.mark.parametrize(("debut", "fin"), [
    (date(2026, 3, 15), date(2027, 3, 14)),  # one year at least (D4622-27-1)
    (date(2028, 2, 29), date(2029, 2, 28)),
])
def test_l_affiliation_dure_un_an(debut, fin):
    assert rules.fin_affiliation(debut) == fin


@pytest.mark.parametrize(("ressources", "contraintes", "balance", "positive"), [
    (3, 3, 0, True), (4, 2, 12, True), (2, 5, -18, False), (1, 5, -24, False),
])
def test_la_balance_du_questionnaire_ressources_moins_contraintes(ressources, contraintes, balance, positive):
    reponses = {code: ressources for code, _ in rules.QUESTIONS_RESSOURCES} | {
        code: contraintes for code, _ in rules.QUESTIONS_CONTRAINTES}
    resultat = rules.balance_epuisement(reponses)
    assert (resultat.balance, resultat.positive) == (balance, positive)


def test_une_personne_s_affilie_en_ligne_avec_son_propre_compte(a, django_capture_on_commit_callbacks):
    page = Client().get(f"/offres/public/{a.service.pk}/independant/").content.decode()
    assert "D4622-27-1" in page and "ne se renouvelle pas d'elle-même" in page
    sans_engagement = s_affilier(a.service, engagement="").content.decode()
    assert "Ce champ est obligatoire" in sans_engagement
    adherent, client = independant(a, django_capture_on_commit_callbacks)
    with service_actif(a.service):
        (affiliation,) = AffiliationIndependant.objects.filter(adherent=adherent)
        assert (affiliation.debut, affiliation.fin) == (timezone.localdate(),
                                                        rules.fin_affiliation(timezone.localdate()))
        personne = Salarie.objects.get(adherent=adherent)
        assert (personne.nom, personne.prenom, personne.email) == ("Berthier", "Inès", "ines@berthier-archi.fr")
        # the person is the worker followed, never a headcount of the yearly socle call (L4622-6)
        assert not Emploi.objects.filter(salarie=personne).exists()
        assert all(e.adherent_id != adherent.pk for e in emplois_au(timezone.localdate()))
    (courriel,) = mail.outbox
    assert courriel.to == ["ines@berthier-archi.fr"] and "/portail/activation/" in courriel.body
    assert "ne se renouvelle pas d'elle-même" in courriel.body
    portail = client.get(f"/portail/entreprises/{adherent.pk}/offres/").content.decode()
    assert "Affiliation en cours" in portail and "Répondre au questionnaire" in portail
    deuxieme = s_affilier(a.service).content.decode()
    assert "déjà adhérente du service" in deuxieme


def test_pas_de_renouvellement_tacite_le_renouvellement_est_un_acte(a, django_capture_on_commit_callbacks):
    adherent, client = independant(a, django_capture_on_commit_callbacks)
    url = f"/portail/entreprises/{adherent.pk}/offres/affiliation/renouveler/"
    assert client.post(url).status_code == 403  # opens two months before the end
    with service_actif(a.service):
        fin = timezone.localdate() - timedelta(days=1)
        AffiliationIndependant.objects.filter(adherent=adherent).update(debut=fin - timedelta(days=364), fin=fin)
    portail = client.get(f"/portail/entreprises/{adherent.pk}/offres/").content.decode()
    assert "Votre affiliation a pris fin" in portail and "Répondre au questionnaire" not in portail
    questionnaire = f"/portail/entreprises/{adherent.pk}/offres/questionnaire-epuisement/"
    assert client.get(questionnaire).status_code == 403  # over: nothing runs on by itself
    assert client.post(url).status_code == 302
    with service_actif(a.service):
        suivante = AffiliationIndependant.objects.get(adherent=adherent, renouvelle__isnull=False)
        assert (suivante.debut, suivante.fin) == (timezone.localdate(), rules.fin_affiliation(timezone.localdate()))
    assert client.get(questionnaire).status_code == 200
    assert client.post(url).status_code == 403  # the new one ends in a year


def test_le_questionnaire_va_a_l_equipe_medicale_seule_et_chaque_lecture_est_journalisee(
        a, django_capture_on_commit_callbacks):
    adherent, client = independant(a, django_capture_on_commit_callbacks)
    url = f"/portail/entreprises/{adherent.pk}/offres/questionnaire-epuisement/"
    incomplet = client.post(url, {"r1": "3"}).content.decode()
    assert "Répondez à chaque affirmation" in incomplet
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(url, REPONSES_DIFFICILES, follow=True)
    page = reponse.content.decode()
    assert "vos réponses sont transmises" in page and "balance" not in page.lower() and "négative" not in page
    with service_actif(a.service):
        questionnaire = QuestionnaireEpuisement.objects.get()
        assert (questionnaire.ressources, questionnaire.contraintes) == (12, 30)
        alerte = Alerte.objects.get(source="questionnaire_epuisement_a_examiner")
        assert (alerte.role, alerte.equipe_id) == (Role.MEDECIN, a.equipe.pk)
    detail = f"/offres/questionnaires-epuisement/{questionnaire.pk}/"
    for role in [Role.COMPTABLE, Role.SERVICE_ADHERENT, Role.IPRP, Role.ASSISTANT_MEDICAL, Role.DIRECTEUR]:
        refus = a.client(role).get(detail)
        assert refus.status_code == 403 and "-18" not in refus.content.decode(), role
    assert client.get(detail).status_code == 403
    medecin = a.client(Role.MEDECIN)
    lue = medecin.get(detail).content.decode()
    assert 'id="balance">-18<' in lue and "balance négative" in lue
    with service_actif(a.service):
        journal = list(AccesDossierMedical.objects.filter(salarie=questionnaire.salarie)
                       .values_list("role", "accorde"))
    assert (Role.MEDECIN, True) in journal and (Role.COMPTABLE, False) in journal
    assert len(journal) == 7  # five staff refusals, the portal's refusal, the physician's read
    with django_capture_on_commit_callbacks(execute=True):
        medecin.post(detail, {"diagnostic": "epuisement", "accompagnement": "psychologue",
                              "note": "Orientée vers la psychologue du travail ; revoir dans un mois."})
    with service_actif(a.service):
        questionnaire.refresh_from_db()
        assert (questionnaire.diagnostic, questionnaire.accompagnement) == ("epuisement", "psychologue")
        assert questionnaire.examine_par == a.membres[Role.MEDECIN]
        assert not Alerte.objects.filter(source="questionnaire_epuisement_a_examiner", resolue_le__isnull=True) \
            .exists()
    from indicateurs.registre import INDICATEURS, Periode

    indicateur, annee = INDICATEURS["epuisements_accompagnes"], Periode.annee(timezone.localdate().year)
    with service_actif(a.service):  # burnout diagnoses vs support given (counts only)
        valeur = indicateur.valeur(annee)
        assert (valeur.numerateur, valeur.denominateur) == (1, 1)
    liste = a.client(Role.INFIRMIER).get("/offres/questionnaires-epuisement/").content.decode()
    assert "berthier" in liste.lower() and "Épuisement professionnel" in liste


def test_une_entreprise_n_a_pas_de_questionnaire_d_independant(a):
    employeur = a.client(Role.ADHERENT)
    assert employeur.get(f"/portail/entreprises/{a.adherent.pk}/offres/questionnaire-epuisement/").status_code == 403
    assert employeur.post(f"/portail/entreprises/{a.adherent.pk}/offres/affiliation/renouveler/").status_code == 403
    assert "Mon affiliation" not in employeur.get(f"/portail/entreprises/{a.adherent.pk}/offres/").content.decode()


def test_la_comptabilite_facture_l_affiliation_une_fois_depuis_son_accueil(a, django_capture_on_commit_callbacks):
    from decimal import Decimal

    from offres.catalogue import CODE_INDEPENDANT, catalogue_initial
    from offres.models import GrilleTarifaire

    adherent, _ = independant(a, django_capture_on_commit_callbacks)
    with service_actif(a.service):
        affiliation = AffiliationIndependant.objects.get(adherent=adherent)
    comptable = a.client(Role.COMPTABLE)
    url = f"/offres/affiliations/{affiliation.pk}/facturer/"
    sans_grille = comptable.post(url, follow=True).content.decode()
    assert "Aucune grille" in sans_grille and "offre travailleurs indépendants" in sans_grille
    with service_actif(a.service):
        catalogue_initial(a.service)
        GrilleTarifaire.objects.create(tenant=a.service, offre=Offre.objects.get(code=CODE_INDEPENDANT),
                                       annee=affiliation.debut.year, mode="forfait", prix=Decimal("120.00"),
                                       date_approbation_ag=date(affiliation.debut.year - 1, 12, 10))
    accueil = comptable.get("/offres/").content.decode()
    assert "Affiliation de travailleur indépendant à facturer" in accueil
    assert a.client(Role.SERVICE_ADHERENT).post(url).status_code == 403
    assert comptable.post(url, follow=True).status_code == 200
    assert "déjà facturée" in comptable.post(url, follow=True).content.decode()
    with service_actif(a.service):
        affiliation.refresh_from_db()
        assert affiliation.facture.montant_ht == Decimal("120.00") and affiliation.facture.adherent == adherent
        assert "D4622-27-1" in affiliation.facture.lignes.get().libelle
    assert "Affiliation de travailleur indépendant à facturer" not in comptable.get("/offres/").content.decode()


def test_sans_equipe_ni_le_medecin_sans_equipe_ni_tous_les_medecins_ne_voient_le_questionnaire(a):
    """A person who joined online has no team until member services assign one: no physician
    reads the questionnaire meanwhile (medical secrecy follows the team, R4624-45-5), nor is it
    announced to every physician; member services see the member among those without a team."""
    from tests.factories import RattachementFactory
    from tests.offres.outils import un_questionnaire

    with service_actif(a.service):
        Adherent.objects.filter(pk=a.adherent.pk).update(equipe=None)
        un_questionnaire(a)
        sans_equipe = RattachementFactory(tenant=a.service, equipe=None, centre=a.equipe.centre, role=Role.MEDECIN)
        balayer_alertes(timezone.localdate(), ["questionnaire_epuisement_a_examiner"])
        assert not Alerte.objects.filter(source="questionnaire_epuisement_a_examiner").exists()
    page = connecter(Client(), sans_equipe.utilisateur).get("/offres/questionnaires-epuisement/").content.decode()
    assert a.salarie.nom not in page and a.salarie.nom.upper() not in page
    assert a.client(Role.MEDECIN).get(f"/offres/questionnaires-epuisement/{a.questionnaire.pk}/").status_code == 403
