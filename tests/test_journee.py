""""Ma journée" (issue 16, point 1): each role's home shows today's work; alerts grouped by kind
with counts, the backlog ("reprise de stock") apart, snoozed with a reason."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from spsti.alertes import balayer_alertes
from spsti.models import Alerte
from spsti.permissions import Role
from spsti.tenancy import service_actif
from suivi_individuel.models import Echeance, StatutVisite, Visite

from .factories import AdherentFactory, SalarieFactory
from .prevention.outils import a_jour_en_prevention
from .suivi_individuel.outils import type_visite, visite_du_jour

AUJOURD_HUI = timezone.localdate()


def accueil(monde, role):
    return monde.client(role).get("/accueil/").content.decode()


def test_la_journee_du_medecin_montre_ses_visites_d_aujourd_hui_et_de_demain(a):
    aujourd_hui = visite_du_jour(a, Role.MEDECIN)
    debut = timezone.now() + timedelta(days=1)
    demain = Visite.objects.create(tenant=a.service, salarie=a.salarie, type="vip_periodique",
                                   type_service=type_visite(a, "vip_periodique"), statut=StatutVisite.PLANIFIEE,
                                   debut=debut, date=timezone.localdate(debut), professionnel=a.membres[Role.MEDECIN])
    page = accueil(a, Role.MEDECIN)
    assert "Aujourd&#x27;hui" in page and "Demain" in page
    assert f'href="/suivi/visites/{aujourd_hui.pk}/"' in page and f'href="/suivi/visites/{demain.pk}/"' in page
    assert f'href="/suivi/visites/{aujourd_hui.pk}/enregistrer/"' in page  # one click to record it
    assert f'href="/suivi/visites/{demain.pk}/enregistrer/"' not in page  # not before its day
    assert "Mes visites" not in accueil(a, Role.ASSISTANT_MEDICAL)


def test_l_infirmiere_voit_ses_visites_sans_bouton_hors_protocole(a):
    visite = visite_du_jour(a, Role.INFIRMIER)
    page = accueil(a, Role.INFIRMIER)
    assert f'href="/suivi/visites/{visite.pk}/"' in page
    assert f'href="/suivi/visites/{visite.pk}/enregistrer/"' not in page  # no protocol: R4623-14


def echeance(monde, salarie, au_plus_tard, type_visite="vip_periodique"):
    return Echeance.objects.create(tenant=monde.service, salarie=salarie, type=type_visite,
                                   au_plus_tot=au_plus_tard - timedelta(days=30), au_plus_tard=au_plus_tard,
                                   base_legale="R4624-16", motif="test")


def test_l_assistante_voit_quoi_convoquer_cette_semaine_sans_le_stock(a):
    with service_actif(a.service):
        recent = AdherentFactory(tenant=a.service, equipe=a.equipe, centre=a.equipe.centre,
                                 date_adhesion=date(2020, 1, 1))
        salarie = SalarieFactory(tenant=a.service, adherent=recent, nom="Semaine")
        ancien = SalarieFactory(tenant=a.service, adherent=recent, nom="Stock")
        Echeance.objects.filter(salarie__in=[salarie, ancien]).delete()
        due = echeance(a, salarie, AUJOURD_HUI)
        echeance(a, ancien, date(2008, 10, 9), "vip_initiale")
    page = accueil(a, Role.ASSISTANT_MEDICAL)
    assert "À convoquer cette semaine" in page
    assert f"/suivi/salaries/{salarie.pk}/convoquer/?echeance={due.pk}" in page
    assert "STOCK" not in page.upper().replace("REPRISE DE STOCK", "")


def embaucher(salarie, le):
    emploi = salarie.emplois.get()
    emploi.date_embauche = le
    emploi.save()  # the due list follows (signal)


def test_les_alertes_sont_groupees_et_le_stock_trie_une_fois(a):
    a = a_jour_en_prevention(a)
    with service_actif(a.service):
        adherent = AdherentFactory(tenant=a.service, equipe=a.equipe, centre=a.equipe.centre,
                                   date_adhesion=date(2020, 1, 1))
        # hired in 2008, its initial visit due since then: before the member joined, backlog
        embaucher(SalarieFactory(tenant=a.service, adherent=adherent, nom="Ancien"), date(2008, 7, 9))
        # hired last year by the member: its initial visit is late, a daily alarm
        embaucher(SalarieFactory(tenant=a.service, adherent=adherent, nom="Recent"),
                  AUJOURD_HUI - timedelta(days=365))
        balayer_alertes(AUJOURD_HUI, codes=["visite_en_retard"])
    with scopes_disabled():
        ouvertes = Alerte.objects.filter(source="visite_en_retard", tenant=a.service)
        alertes = {x.libelle.split(" ")[0]: x for x in ouvertes}
    assert alertes["ANCIEN"].reprise_stock and not alertes["RECENT"].reprise_stock, alertes
    page = accueil(a, Role.ASSISTANT_MEDICAL)
    assert "Visites obligatoires en retard" in page and "Reprise de stock : 1 situation" in page
    stock = a.client(Role.ASSISTANT_MEDICAL).get("/alertes/?vue=stock").content.decode()
    assert "ANCIEN" in stock and "RECENT" not in stock


def test_une_alerte_se_reporte_avec_un_motif(a):
    a = a_jour_en_prevention(a)
    with service_actif(a.service):
        adherent = AdherentFactory(tenant=a.service, equipe=a.equipe, centre=a.equipe.centre,
                                   date_adhesion=date(2020, 1, 1))
        embaucher(SalarieFactory(tenant=a.service, adherent=adherent, nom="Recent"),
                  AUJOURD_HUI - timedelta(days=365))
        balayer_alertes(AUJOURD_HUI, codes=["visite_en_retard"])
    with scopes_disabled():
        alerte = Alerte.objects.get(source="visite_en_retard", tenant=a.service)
    client = a.client(Role.ASSISTANT_MEDICAL)
    url = f"/alertes/{alerte.pk}/reporter/"
    sans_motif = client.post(url, {"jusqu_au": (AUJOURD_HUI + timedelta(days=7)).isoformat()}, follow=True)
    assert "Ce champ est obligatoire" in sans_motif.content.decode()
    passe = client.post(url, {"jusqu_au": AUJOURD_HUI.isoformat(), "motif": "x"}, follow=True)
    assert "Choisissez une date après aujourd&#x27;hui" in passe.content.decode()
    alerte.refresh_from_db()
    assert alerte.reportee_au is None
    assert a.client(Role.MEDECIN).post(url, {"jusqu_au": "2026-12-30", "motif": "x"}).status_code == 404
    client.post(url, {"jusqu_au": (AUJOURD_HUI + timedelta(days=7)).isoformat(), "motif": "Salarié en congés"})
    alerte.refresh_from_db()
    assert alerte.motif_report == "Salarié en congés"
    assert "Visites obligatoires en retard" not in accueil(a, Role.ASSISTANT_MEDICAL)
    assert "Salarié en congés" in client.get("/alertes/?vue=reportees").content.decode()


@pytest.mark.parametrize(("role", "titre"), [
    (Role.MEDECIN, "Mes visites d&#x27;aujourd&#x27;hui et de demain"),
    (Role.INFIRMIER, "Mes visites d&#x27;aujourd&#x27;hui et de demain"),
    (Role.ASSISTANT_MEDICAL, "À convoquer cette semaine"),
    (Role.IPRP, "Mes rendez-vous de la semaine"),
    (Role.ASSISTANT_PREVENTION, "Fiches d&#x27;entreprise et actions primaires dues"),
    (Role.ASSISTANT_SOCIAL, "File d&#x27;attente de la cellule PDP"),
    (Role.SERVICE_ADHERENT, "Demandes d&#x27;adhésion à examiner"),
    (Role.COMPTABLE, "Adhérents radiés ces 30 derniers jours"),
    (Role.DIRECTEUR, "Le service aujourd&#x27;hui"),
])
def test_chaque_role_a_sa_journee(a, role, titre):
    assert titre in accueil(a, role)


def test_le_directeur_compte_les_alertes_ouvertes_et_la_reprise_de_stock(a, b):
    """One pass over the service's open alerts gives both figures; resolved ones and another
    service's are not counted."""
    from django.contrib.contenttypes.models import ContentType

    type_adherent = ContentType.objects.get_for_model(a.adherent)
    for monde, source, stock, resolue in [(a, "x1", False, None), (a, "x2", False, None), (a, "x3", True, None),
                                          (a, "x4", False, timezone.now()), (b, "x5", False, None)]:
        Alerte.objects.create(tenant=monde.service, source=source, libelle="Alerte", role=Role.SERVICE_ADHERENT,
                              due_depuis=date(2026, 1, 1), content_type=type_adherent,
                              object_id=monde.adherent.pk, reprise_stock=stock, resolue_le=resolue)
    page = accueil(a, Role.DIRECTEUR)
    assert "2 alerte(s) ouvertes dans le service, hors reprise de stock" in page
    assert "1 alerte(s) de reprise de stock à trier" in page
