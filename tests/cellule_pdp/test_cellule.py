"""The cell's work around the files: the meeting's agenda (what changed, stale files first) and
its decisions, the early detection list (proposes, never decides), its settings, the alerts and
the indicators the director reads."""

import subprocess
from datetime import timedelta

from django.utils import timezone
from django_scopes import scopes_disabled

from cellule_pdp.models import AvancementPDP, Decision, EntreeJournal, IssuePDP, Reunion
from cellule_pdp.services import dossier_clore, dossier_prendre_en_charge
from spsti.immuable import maintenance
from spsti.models import Alerte
from spsti.permissions import Role
from spsti.tasks import balayer_alertes_service
from spsti.tenancy import service_actif
from suivi_individuel.models import ArretTravail, DocumentSuivi
from suivi_individuel.visites import document_emettre
from tests.factories import SalarieFactory
from tests.suivi_individuel.outils import visite_du_jour

from .outils import un_dossier

AUJOURD_HUI = timezone.localdate()


def vieillir(dossier, jours):
    """The file's journal as if written ``jours`` ago (a maintenance session: the journal is
    append-only, in the ORM and in the database)."""
    with scopes_disabled(), maintenance():
        EntreeJournal.objects.filter(dossier=dossier).update(date=timezone.now() - timedelta(days=jours))


def test_l_ordre_du_jour_met_en_tete_les_dossiers_sans_action(a):
    a.service.parametres = {"delai_sans_action_pdp_jours": 30}
    a.service.save()
    ancien = un_dossier(a)
    recent = un_dossier(a, salarie=SalarieFactory(tenant=a.service, adherent=a.adherent, nom="Recent"))
    vieillir(ancien, 45)
    Reunion.objects.create(tenant=a.service, date=AUJOURD_HUI - timedelta(days=10))
    page = a.client(Role.ASSISTANT_SOCIAL).get("/pdp/reunions/")
    points = page.context["points"]
    assert [p.dossier for p in points] == [ancien, recent]
    assert [p.sans_action for p in points] == [True, False]
    assert points[0].nouveautes == [] and "Signalement reçu" in points[1].nouveautes[0].texte
    pdf = a.client(Role.ASSISTANT_SOCIAL).get("/pdp/reunions/ordre-du-jour.pdf").content
    texte = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert f"n° {ancien.numero}" in texte and "Sans action depuis" in texte and "RECENT" in texte


def test_la_reunion_decide_dossier_par_dossier(a):
    dossier = un_dossier(a)
    reunion = Reunion.objects.create(tenant=a.service, date=AUJOURD_HUI)
    client = a.client(Role.ASSISTANT_SOCIAL)
    client.post(f"/pdp/reunions/{reunion.pk}/", {"dossier": dossier.pk, "texte": "Étude de poste à demander"})
    deux_fois = client.post(f"/pdp/reunions/{reunion.pk}/", {"dossier": dossier.pk, "texte": "Autre"}, follow=True)
    assert "a déjà sa décision" in deux_fois.content.decode()
    with scopes_disabled():
        assert Decision.objects.get(reunion=reunion).texte == "Étude de poste à demander"
        assert EntreeJournal.objects.filter(dossier=dossier, texte__contains="Étude de poste à demander").exists()


def test_le_reperage_propose_les_bons_salaries_a_l_equipe_et_a_la_cellule(a):
    senior = SalarieFactory(tenant=a.service, adherent=a.adherent, nom="Senior", date_naissance="1966-04-02")
    absent = SalarieFactory(tenant=a.service, adherent=a.adherent, nom="Absent")
    SalarieFactory(tenant=a.service, adherent=a.adherent, nom="Senior sans restriction", date_naissance="1966-04-02")
    ArretTravail.objects.create(tenant=a.service, salarie=absent, nature="maladie_non_professionnelle",
                                debut=AUJOURD_HUI - timedelta(days=150), reprise=AUJOURD_HUI - timedelta(days=40))
    visite = visite_du_jour(a, Role.MEDECIN, salarie=senior)
    with service_actif(a.service):
        document_emettre(visite=visite, par=a.membres[Role.MEDECIN], nature="avis_aptitude",
                         propositions="Pas de port de charges supérieures à 10 kg.")
    medecin = a.client(Role.MEDECIN).get("/pdp/reperage/")
    reperes = {r.salarie.nom: r.criteres for r in medecin.context["reperes"]}
    assert reperes == {"Senior": ["60 ans avec des restrictions ou aménagements de poste"],
                       "Absent": ["110 jours d'arrêt sur 12 mois"]}
    assert absent in [r.salarie for r in a.client(Role.ASSISTANT_SOCIAL).get("/pdp/reperage/").context["reperes"]]
    assert a.client(Role.ASSISTANT_MEDICAL).get("/pdp/reperage/").status_code == 403
    # the physician retains one and sets the other aside: neither is proposed any more
    a.client(Role.MEDECIN).post(f"/pdp/reperage/{absent.pk}/signaler/")
    a.client(Role.MEDECIN).post(f"/pdp/reperage/{senior.pk}/ecarter/", {"motif": "Aménagement suffisant", "mois": 6})
    assert a.client(Role.MEDECIN).get("/pdp/reperage/").context["reperes"] == []
    with scopes_disabled():
        assert absent.dossiers_pdp.get().signalements.get().source.code == "reperage"
    with scopes_disabled():
        assert DocumentSuivi.objects.filter(visite__salarie=senior).count() == 1


def test_les_reglages_de_la_cellule(a):
    client = a.client(Role.DIRECTEUR)
    invalide = client.post("/pdp/reglages/", {"delai_sans_action_pdp_jours": 2, "age_avec_restriction": 55})
    assert "Assurez-vous que cette valeur est supérieure ou égale à 7." in invalide.content.decode()
    assert client.post("/pdp/reglages/", {"delai_sans_action_pdp_jours": 45, "age_avec_restriction": 50,
                                          "jours_arret_12_mois": "", "arrets_12_mois": 4,
                                          "reprises_24_mois": 2}).status_code == 302
    a.service.refresh_from_db()
    assert a.service.parametres["delai_sans_action_pdp_jours"] == 45
    assert a.service.parametres["reperage_pdp"] == {"age_avec_restriction": 50, "jours_arret_12_mois": None,
                                                    "arrets_12_mois": 4, "reprises_24_mois": 2,
                                                    "risque_note_par_le_medecin": False}


def test_les_trois_avancements_du_referentiel_gardent_leur_etape(a):
    client = a.client(Role.DIRECTEUR)
    client.get("/organisation/thesaurus/avancements-pdp/")
    with scopes_disabled():
        a_traiter = AvancementPDP.objects.get(tenant=a.service, code="a_traiter")
    refus = client.post(f"/organisation/thesaurus/avancements-pdp/{a_traiter.pk}/", {
        "libelle": "À traiter", "etape": "en_cours", "ordre": 10, "actif": "on"})
    assert "gardent leur étape" in refus.content.decode()
    assert client.post("/organisation/thesaurus/avancements-pdp/nouvelle/", {
        "libelle": "En attente de la MDPH", "etape": "en_cours", "ordre": 25, "actif": "on"}).status_code == 302


def test_alertes_et_indicateurs_de_la_cellule(a):
    dossier = un_dossier(a)
    balayer_alertes_service.delay(a.service.pk)
    alerte = Alerte.tous_services.get(tenant=a.service, source="dossier_pdp_a_traiter")
    assert alerte.role == Role.ASSISTANT_SOCIAL and str(a.salarie) not in alerte.libelle
    directeur = a.client(Role.DIRECTEUR)

    def indicateurs():
        # today's data (the stored snapshots only move when recomputed)
        reponse = directeur.get("/api/v1/indicateurs/", {"code": "pdp_", "actualiser": "1"})
        return {v["code"]: v["numerateur"] for v in reponse.json()}

    avant = indicateurs()
    assert avant["pdp_dossiers_actifs"] == 1 and avant["pdp_entrees_visite_reprise"] == 1
    assert avant["pdp_sorties"] == 0 and avant["pdp_membres_cellule"] == 1
    with service_actif(a.service):
        dossier_prendre_en_charge(dossier=dossier, par=a.membres[Role.ASSISTANT_SOCIAL])
        dossier_clore(dossier=dossier, par=a.membres[Role.MEDECIN], issue=IssuePDP.par_code(a.service, "inaptitude"),
                      conclusion="Inaptitude prononcée, reclassement impossible.")
    apres = indicateurs()
    assert apres["pdp_dossiers_actifs"] == 0 and apres["pdp_sorties_inaptitude"] == 1
    assert apres["pdp_delai_median_cloture_jours"] == 0 and apres["pdp_dossiers_termine"] == 1
    balayer_alertes_service.delay(a.service.pk)
    assert not Alerte.tous_services.filter(tenant=a.service, source="dossier_pdp_a_traiter",
                                           resolue_le__isnull=True).exists()
    assert directeur.get("/api/v1/indicateurs/", {"annee": "deux-mille"}).status_code == 400
    assert a.client(Role.ASSISTANT_SOCIAL).get("/api/v1/indicateurs/").status_code == 403
