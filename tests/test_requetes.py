"""Lists cost the same number of queries whatever their length (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from spsti import filtres
from spsti.permissions import Role
from spsti.tenancy import service_actif

from .connexion import client_jeton
from .factories import AdherentFactory, RattachementFactory


def requetes(client, url):
    """The queries of one request, as at the first of a minute (a list's estimate is then asked)."""
    filtres._estimation.cache_clear()
    with CaptureQueriesContext(connection) as capture:
        assert client.get(url).status_code == 200
    return len(capture)


@pytest.mark.parametrize(("url", "role"), [
    ("/organisation/", Role.DIRECTEUR), ("/api/v1/personnel/", Role.DIRECTEUR), ("/accueil/", Role.DIRECTEUR),
    ("/alertes/", Role.SERVICE_ADHERENT), ("/api/v1/alertes/", Role.SERVICE_ADHERENT),
    ("/journal-acces-medical/", Role.DIRECTEUR), ("/portail/", Role.ADHERENT),
])
def test_le_nombre_de_requetes_ne_depend_pas_du_volume(a, url, role):
    from spsti.tasks import balayer_alertes_service

    client = a.client(role)
    medecin = a.client(Role.MEDECIN)

    def grossir():
        RattachementFactory(tenant=a.service, equipe=a.autre_equipe, role=Role.INFIRMIER)
        sans_equipe = AdherentFactory(tenant=a.service, equipe=None, centre=a.equipe.centre)
        from adherents.models import AccesPortail

        AccesPortail.objects.create(tenant=a.service, adherent=sans_equipe, rattachement=a.membres[Role.ADHERENT])
        medecin.get(f"/suivi/salaries/{a.salarie.pk}/dossier-medical/")
        balayer_alertes_service.delay(a.service.pk)

    grossir()
    avant = requetes(client, url)
    for _ in range(5):
        grossir()
    assert requetes(client, url) == avant


def test_l_historique_nomme_chaque_ligne_liee_une_seule_fois(a):
    iprp = a.membres[Role.IPRP]
    client = a.client(Role.DIRECTEUR)
    url = f"/historique/spsti.rattachement/{iprp.pk}/"

    def changer_deux_fois():
        for equipe in (a.autre_equipe, a.equipe):
            iprp.equipe = equipe
            iprp.save()

    changer_deux_fois()
    avant = requetes(client, url)
    for _ in range(4):
        changer_deux_fois()
    assert requetes(client, url) == avant


@pytest.mark.parametrize(("url", "role"), [
    ("/suivi/echeancier/", Role.ASSISTANT_MEDICAL), ("/suivi/visites/", Role.ASSISTANT_MEDICAL),
    ("/suivi/agenda/?semaine={demain}", Role.ASSISTANT_MEDICAL), ("/api/v1/echeances/", Role.ASSISTANT_MEDICAL),
    ("/api/v1/visites/", Role.ASSISTANT_MEDICAL), ("/adherents/salaries/{salarie}/", Role.ASSISTANT_MEDICAL),
    ("/portail/entreprises/{adherent}/", Role.ADHERENT), ("/pdp/", Role.ASSISTANT_SOCIAL),
])
def test_les_pages_du_suivi_ne_dependent_pas_du_volume(a, url, role):
    from datetime import timedelta

    from cellule_pdp.services import signalement_depuis_visite
    from suivi_individuel.models import ArretTravail, Disponibilite, StatutVisite, Visite

    from .factories import SalarieFactory

    url = url.format(demain=(timezone.localdate() + timedelta(days=1)).isoformat(), salarie=a.salarie.pk,
                     adherent=a.adherent.pk)
    client = a.client(role)
    heure = [timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=1)]

    def grossir():
        salarie = SalarieFactory(tenant=a.service, adherent=a.adherent)
        debut = heure[0] = heure[0] + timedelta(hours=1)
        plage = Disponibilite.objects.create(tenant=a.service, professionnel=a.membres[Role.MEDECIN],
                                             centre=a.equipe.centre, debut=debut, fin=debut + timedelta(hours=1))
        for visite_salarie in (salarie, a.salarie):
            Visite.objects.create(tenant=a.service, salarie=visite_salarie, type="vip_periodique",
                                  statut=StatutVisite.PLANIFIEE, debut=debut, date=debut.date(), disponibilite=plage,
                                  professionnel=a.membres[Role.MEDECIN])
        ArretTravail.objects.create(tenant=a.service, salarie=salarie, nature="maternite",
                                    debut=timezone.localdate(), reprise=timezone.localdate() + timedelta(days=90))
        faite = Visite.objects.create(tenant=a.service, salarie=salarie, type="reprise", date=timezone.localdate(),
                                      professionnel=a.membres[Role.MEDECIN])
        with service_actif(a.service):
            signalement_depuis_visite(visite=faite, par=a.membres[Role.MEDECIN])

    grossir()
    avant = requetes(client, url)
    for _ in range(4):
        grossir()
    assert requetes(client, url) == avant


@pytest.mark.parametrize(("url", "role"), [
    ("/pdp/reperage/", Role.ASSISTANT_SOCIAL), ("/pdp/reperage/", Role.MEDECIN), ("/indicateurs/", Role.DIRECTEUR),
])
def test_le_reperage_et_les_indicateurs_ne_dependent_pas_du_volume(a, url, role):
    """Issue 16, point 11: each added worker is one more proposed for review (a long stop), one more
    member and one more visit; the pages ask the same number of queries."""
    from datetime import timedelta

    from suivi_individuel.models import ArretTravail, Visite

    from .factories import SalarieFactory

    client = a.client(role)
    aujourd_hui = timezone.localdate()
    proposes = []

    def grossir():
        adherent = AdherentFactory(tenant=a.service, equipe=a.equipe, centre=a.equipe.centre, effectif=2)
        salarie = SalarieFactory(tenant=a.service, adherent=adherent)
        ArretTravail.objects.create(tenant=a.service, salarie=salarie, nature="maladie_non_professionnelle",
                                    debut=aujourd_hui - timedelta(days=150), reprise=aujourd_hui - timedelta(days=40))
        Visite.objects.create(tenant=a.service, salarie=salarie, type="reprise", date=aujourd_hui - timedelta(days=39),
                              professionnel=a.membres[Role.MEDECIN])
        proposes.append(salarie)

    grossir()
    client.get(url)  # the indicators' year computed at its first consultation, then read from snapshots
    avant = requetes(client, url)
    for _ in range(4):
        grossir()
    assert requetes(client, url) == avant
    if "reperage" in url:  # the page did list them all
        assert len(client.get(url).context["reperes"]) == len(proposes)


def test_une_liste_de_l_api_ne_joint_que_les_relations_qu_elle_declare(a):
    """``select_related()`` without a name would join every non-null foreign key of each row (its
    service, its NAF code) that the answer does not show."""
    client = client_jeton(a, Role.DIRECTEUR, ecriture=False)
    with CaptureQueriesContext(connection) as capture:
        assert client.get("/api/v1/adherents/").json()["results"]
    page = [q["sql"] for q in capture if 'FROM "adherents_adherent"' in q["sql"] and "LIMIT" in q["sql"]]
    assert len(page) == 1 and "JOIN" not in page[0]

