"""The main pages' queries use an index on the large tables: each query of each page is
planned again (``EXPLAIN``) with sequential scans priced out, so that a scan that remains is one
no index can serve; at the benchmark's scale such a scan reads the whole table on every page."""

import json
import re
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from adherents.models import Emploi, Salarie
from spsti.permissions import Role
from spsti.tenancy import service_actif
from suivi_individuel.echeancier import recalculer
from suivi_individuel.models import Echeance, StatutVisite, Visite

# Tables that grow with the number of workers or members.
GRANDES_TABLES = {
    "adherents_salarie", "adherents_emploi", "adherents_adherent", "suivi_individuel_echeance",
    "suivi_individuel_visite", "suivi_individuel_arrettravail", "spsti_alerte", "spsti_accesdossiermedical",
    "fiche_entreprise_actionmilieutravail", "duerp_actionplan",
}

PAGES = [
    ("/suivi/echeancier/", Role.ASSISTANT_MEDICAL),
    ("/suivi/echeancier/?en_retard=true&a_planifier=true", Role.ASSISTANT_MEDICAL),
    ("/suivi/echeancier/?obligatoire=&equipe=", Role.ASSISTANT_MEDICAL),
    ("/suivi/echeancier/?infirmier={infirmier}", Role.INFIRMIER),
    ("/suivi/visites/", Role.ASSISTANT_MEDICAL),
    ("/adherents/salaries/{salarie}/", Role.ASSISTANT_MEDICAL),
    ("/api/v1/echeances/", Role.ASSISTANT_MEDICAL),
    ("/api/v1/visites/", Role.ASSISTANT_MEDICAL),
    ("/alertes/", Role.SERVICE_ADHERENT),
    ("/api/v1/alertes/", Role.SERVICE_ADHERENT),
    ("/accueil/", Role.DIRECTEUR),
    ("/portail/entreprises/{adherent}/", Role.ADHERENT),
    ("/pdp/reperage/", Role.ASSISTANT_SOCIAL),
]


def _parcours(noeud):
    yield noeud
    for enfant in noeud.get("Plans", []):
        yield from _parcours(enfant)


def parcours_sequentiels(sql: str) -> set[str]:
    """The large tables the query still reads whole when the planner may use any index."""
    with connection.cursor() as curseur:
        curseur.execute("SET enable_seqscan = off")
        try:
            curseur.execute(f"EXPLAIN (FORMAT JSON) {sql}")
            plan = curseur.fetchone()[0]
        finally:
            curseur.execute("RESET enable_seqscan")
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return {n["Relation Name"] for n in _parcours(plan[0]["Plan"])
            if n["Node Type"] == "Seq Scan" and n["Relation Name"] in GRANDES_TABLES}


@pytest.fixture
def volume(a):
    """A few hundred workers of the member with their due list and some visits (a modest scale:
    the sequential scans are priced out, so the plans are those of a large table)."""
    salaries = Salarie.objects.bulk_create([
        Salarie(tenant=a.service, adherent=a.adherent, nom=f"Nom{i:03}", prenom="Prénom",
                date_naissance=date(1960 + i % 40, 1 + i % 12, 1 + i % 28), categorie=("SI", "SIA", "SIR")[i % 3])
        for i in range(300)])
    Emploi.objects.bulk_create([Emploi(tenant=a.service, salarie=s, adherent=a.adherent,
                                       date_embauche=date(2015 + i % 10, 1 + i % 12, 1))
                                for i, s in enumerate(salaries)])
    Visite.objects.bulk_create([Visite(tenant=a.service, salarie=s, type="vip_initiale", statut=StatutVisite.REALISEE,
                                       date=date.today() - timedelta(days=30 * (i % 70)))
                                for i, s in enumerate(salaries) if i % 2])
    with service_actif(a.service):
        recalculer(a.service)
    with connection.cursor() as curseur:
        for table in sorted(GRANDES_TABLES):
            curseur.execute(f"ANALYZE {table}")
    return a


@pytest.mark.parametrize(("modele", "role"), PAGES)
def test_les_pages_principales_n_ont_pas_de_parcours_sequentiel_des_grandes_tables(volume, modele, role):
    a = volume
    url = modele.format(salarie=a.salarie.pk, adherent=a.adherent.pk, infirmier=a.membres[Role.INFIRMIER].pk)
    client = a.client(role)
    with CaptureQueriesContext(connection) as requetes:
        assert client.get(url).status_code == 200
    fautes = {}
    for requete in requetes.captured_queries:
        if requete["sql"].lstrip().upper().startswith("SELECT") and (tables := parcours_sequentiels(requete["sql"])):
            fautes[requete["sql"][:300]] = tables
    assert not fautes, fautes


def test_une_longue_liste_affiche_un_nombre_estime(volume, monkeypatch):
    """Past the threshold, the due list and its API count by the planner's estimate."""
    from spsti import filtres

    client = volume.client(Role.ASSISTANT_MEDICAL)
    assert "environ" not in client.get("/suivi/echeancier/?obligatoire=&equipe=").content.decode()
    monkeypatch.setattr(filtres, "SEUIL_COMPTE_ESTIME", 10)
    assert "Page 1 sur environ" in client.get("/suivi/echeancier/?obligatoire=&equipe=").content.decode()
    assert client.get("/api/v1/echeances/").json()["count"] > 10


def test_l_estimation_d_une_liste_sert_une_minute_par_requete_et_parametres(a, b, monkeypatch):
    """The planner's estimate of a list is asked once a minute per query and parameters: the
    minute's next requests reuse it; another service's list (its own parameters) asks its own."""
    from spsti import filtres

    horloge = SimpleNamespace(monotonic=lambda: 600_000.0)
    monkeypatch.setattr(filtres, "time", horloge)

    def explains(monde):
        with CaptureQueriesContext(connection) as requetes:
            assert monde.client(Role.ASSISTANT_MEDICAL).get("/api/v1/echeances/").status_code == 200
        return sum(requete["sql"].startswith("EXPLAIN") for requete in requetes.captured_queries)

    assert [explains(a), explains(a), explains(b), explains(b)] == [1, 0, 1, 0]
    horloge.monotonic = lambda: 600_060.0
    assert [explains(a), explains(a)] == [1, 0]


def test_un_decompte_couteux_est_demande_apres_la_page(volume, monkeypatch):
    """Below that threshold, a count the planner prices past ``SEUIL_COUT_COMPTE`` is left out
    of the page (no ``COUNT``: "Page 1", the next page known by a 51st row) and answered exactly
    by a second request (htmx), with the same filters."""
    from spsti import filtres

    client = volume.client(Role.ASSISTANT_MEDICAL)
    url = "/suivi/echeancier/?obligatoire=&equipe="
    assert "compte=1" not in client.get(url).content.decode()  # cheap here: counted in the page
    monkeypatch.setattr(filtres, "SEUIL_COUT_COMPTE", 0)
    with CaptureQueriesContext(connection) as requetes:
        page = client.get(url).content.decode()
    assert not [q for q in requetes.captured_queries if "COUNT(" in q["sql"]]
    assert 'hx-get="?obligatoire=&amp;equipe=&amp;compte=1"' in page
    assert ">Page 1<" in page and "Suivante" in page and "Précédente" not in page
    with service_actif(volume.service):
        total = Echeance.objects.count()
    assert total > 100
    fragment = client.get(f"{url}&compte=1", HTTP_HX_REQUEST="true").content.decode()
    assert re.sub(r"\D", "", fragment) == str(total)
    derniere = client.get(f"{url}&page={-(-total // 50)}").content.decode()
    assert "Précédente" in derniere and "Suivante" not in derniere
    assert "Suivante" not in client.get(f"{url}&page=999").content.decode()


@pytest.mark.parametrize("colonnes", [("equipe_id", "medecin_id"), ("tenant_id", "equipe_id")])
def test_le_planificateur_sait_qu_une_equipe_a_son_service_et_ses_medecins(a, b, colonnes):
    """A member's physician works in its team, and a team in one service: extended statistics
    (migrations adherents 0018, 0019) let the planner estimate "this team and its physician" or
    "this service and this team" from their joint frequency. Counted as independent, a nurse's
    due list at scale 40 was estimated at 63 members for 1,432 and sorted the team's 21,000
    deadlines (81 ms, then 20 ms); the late deadlines to convene walked the team's workers (54 ms,
    then 7)."""
    from adherents.models import Adherent
    from tests.factories import RattachementFactory, avec_cle_luhn

    membres = []
    for rang_monde, monde in enumerate((a, b)):
        autre_medecin = RattachementFactory(equipe=monde.autre_equipe, tenant=monde.service, role=Role.MEDECIN)
        membres += [Adherent(tenant=monde.service, equipe=equipe, medecin=medecin, centre=monde.equipe.centre,
                             code_naf=monde.adherent.code_naf, raison_sociale=f"Membre {rang}",
                             siren=avec_cle_luhn(f"{30_000_000 + 1000 * rang_monde + rang:08d}"),
                             date_adhesion=date(2020, 1, 15))
                    for rang in range(600) for equipe, medecin in
                    [((monde.equipe, monde.membres[Role.MEDECIN]), (monde.autre_equipe, autre_medecin))[rang % 2]]]
    Adherent.objects.bulk_create(membres)
    valeurs = {"equipe_id": a.equipe.pk, "medecin_id": a.membres[Role.MEDECIN].pk, "tenant_id": a.service.pk}
    with connection.cursor() as curseur:
        curseur.execute("ANALYZE adherents_adherent")
        curseur.execute(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM adherents_adherent WHERE {colonnes[0]} = %s "
                        f"AND {colonnes[1]} = %s", [valeurs[colonne] for colonne in colonnes])
        plan = curseur.fetchone()[0]
    estimes = (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]["Plan Rows"]
    assert estimes >= 0.8 * 301, estimes  # counted as independent: about half or less


def test_les_connexions_ne_compilent_pas_les_requetes_jit(db):
    """PostgreSQL's JIT compiled the reporting queries at 1M workers for longer than they ran
    (the overdue-visit alerts' query: 4.3 s of compiling in 7.2 s): the application's connections
    run without it."""
    with connection.cursor() as curseur:
        curseur.execute("SHOW jit")
        assert curseur.fetchone()[0] == "off"
