"""The due list kept up to date from the workers' data, recomputed nightly, late visits raised
as alerts, the next visit shown to the employer."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django_scopes import scopes_disabled

from spsti.models import Alerte
from spsti.permissions import Role
from spsti.tasks import balayer_alertes_tous_services
from suivi_individuel.models import ArretTravail, Echeance, Visite
from tests.factories import SalarieFactory

AUJOURD_HUI = date.today()


def echeances(salarie):
    with scopes_disabled():
        return {e.type: e for e in Echeance.objects.filter(salarie=salarie)}


def test_l_echeancier_suit_les_donnees_du_salarie(a):
    # hired on 2021-09-01 (factory), never seen: VIP within 3 months (R4624-10)
    nouveau = SalarieFactory(tenant=a.service, adherent=a.adherent)
    assert echeances(nouveau)["vip_initiale"].au_plus_tard == date(2021, 12, 1)
    Visite.objects.create(tenant=a.service, salarie=nouveau, type="vip_initiale", date=date(2021, 10, 4))
    assert "vip_initiale" not in echeances(nouveau)
    assert echeances(nouveau)["vip_periodique"].au_plus_tard == date(2026, 10, 4)  # R4624-16: 5 years
    retour = AUJOURD_HUI + timedelta(days=3)
    ArretTravail.objects.create(tenant=a.service, salarie=nouveau, nature="maladie_non_professionnelle",
                                debut=retour - timedelta(days=65), reprise=retour)
    assert echeances(nouveau)["reprise"].au_plus_tard == retour + timedelta(days=8)  # R4624-31


def test_les_reglages_du_service_raccourcissent_les_periodicites(a):
    a.service.parametres = {"periodicite_si_mois": 24}
    a.service.save()
    Visite.objects.create(tenant=a.service, salarie=a.salarie, type="vip_periodique", date=date(2026, 1, 6))
    assert echeances(a.salarie)["vip_periodique"].au_plus_tard == date(2028, 1, 6)


def test_le_recalcul_nocturne_et_les_visites_en_retard(a, b):
    with scopes_disabled():
        Visite.objects.all().delete()  # the signal recomputes: nobody has been seen any more
        Echeance.objects.all().delete()
    balayer_alertes_tous_services.delay()
    assert "vip_initiale" in echeances(a.salarie) and "vip_initiale" in echeances(b.salarie)
    with scopes_disabled():
        alerte = Alerte.objects.get(tenant=a.service, source="visite_en_retard")
    assert alerte.role == Role.ASSISTANT_MEDICAL and alerte.equipe == a.equipe and alerte.objet == a.salarie
    assert "VIP initiale en retard (R4624-10)" in a.client(Role.ASSISTANT_MEDICAL).get("/alertes/").content.decode()


def test_l_employeur_voit_la_prochaine_visite_sans_rien_de_medical(a):
    # the fixture's worker was seen a year ago: next VIP within 5 years of it (R4624-16)
    page = a.client(Role.ADHERENT).get(f"/portail/entreprises/{a.adherent.pk}/").content.decode()
    attendue = AUJOURD_HUI - timedelta(days=365) + relativedelta(years=5)
    assert "VIP périodique" in page and f"avant le {attendue:%d/%m/%Y}" in page
    assert "Asthme" not in page and "Revoir dans 6 mois" not in page


def test_la_page_echeancier_de_l_equipe(a, b):
    retard = SalarieFactory(tenant=a.service, adherent=a.adherent, nom="Retard")  # never seen since 2021
    client = a.client(Role.ASSISTANT_MEDICAL)
    page = client.get("/suivi/echeancier/", {"en_retard": "true"})
    noms = {e.salarie.nom for e in page.context["page"]}
    assert noms == {"Retard"}
    html = page.content.decode()
    assert "VIP initiale" in html and "R4624-10" in html and "médecin ou infirmier" in html
    assert str(b.salarie) not in client.get("/suivi/echeancier/").content.decode()
    api = client.get("/api/v1/echeances/", {"en_retard": "true"}).json()
    assert [e["salarie"] for e in api["results"]] == [retard.pk]
    assert not {"notes", "informations_sante"} & set(api["results"][0])


def test_l_echeancier_de_l_infirmiere_suit_ses_protocoles(a):
    """R4623-14: what a nurse may take is what her protocols in force delegate to her."""
    from .outils import protocole

    SalarieFactory(tenant=a.service, adherent=a.adherent, nom="Embauche")  # VIP initiale due
    SalarieFactory(tenant=a.service, adherent=a.adherent, nom="Renforce", categorie="SIR",
                   motifs_categorie=["amiante"])  # examen d'aptitude: the physician's
    client = a.client(Role.INFIRMIER)
    infirmiere = {"infirmier": a.membres[Role.INFIRMIER].pk}

    def delegables():
        return {(e.salarie.nom, e.type) for e in client.get("/suivi/echeancier/", infirmiere).context["page"]}

    assert delegables() == set()
    protocole(a, types=("vip_initiale",), categories=("SI", "SIR"))
    assert delegables() == {("Embauche", "vip_initiale")}
    api = client.get("/api/v1/echeances/", infirmiere).json()
    assert {e["type"] for e in api["results"]} == {"vip_initiale"}


def test_la_fiche_du_salarie_montre_son_suivi_aux_roles_du_suivi(a):
    page = a.client(Role.ASSISTANT_MEDICAL).get(f"/adherents/salaries/{a.salarie.pk}/").content.decode()
    assert "Visites dues" in page and "VIP périodique" in page and "R4624-16" in page
    assert "Déclarer un arrêt" in page and "Asthme" not in page
    iprp = a.client(Role.IPRP).get(f"/adherents/salaries/{a.salarie.pk}/").content.decode()
    assert "Visites dues" not in iprp and "R4624-16" not in iprp
