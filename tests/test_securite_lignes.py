"""PostgreSQL row-level security, the second lock: even a raw query run by the application's
role sees and writes only the active service's rows."""

import json

import pytest
from django.db import connection, transaction
from django.db.utils import DataError, ProgrammingError
from django.test import Client
from django.test.utils import CaptureQueriesContext

from comptes.jetons import jeton_creer, jeton_du_prefixe
from spsti import tenancy
from spsti.permissions import Role
from spsti.securite_lignes import POLITIQUE, accorder_au_role, tables_du_service
from spsti.tenancy import ROLE_TOUS_SERVICES, lecture_tous_services, service_actif, tous_services_actifs
from suivi_individuel.echeancier import recalculer
from suivi_individuel.models import Echeance
from tests.factories import SalarieFactory
from tests.test_plans import _parcours

ROLE = "spsti_app_test"


def test_chaque_table_du_service_a_sa_politique_forcee(db):
    with connection.cursor() as curseur:
        curseur.execute("SELECT tablename FROM pg_policies WHERE policyname = %s", [POLITIQUE])
        avec_politique = {ligne[0] for ligne in curseur.fetchall()}
        curseur.execute("SELECT relname FROM pg_class WHERE relrowsecurity AND relforcerowsecurity")
        forcees = {ligne[0] for ligne in curseur.fetchall()}
    tables = set(tables_du_service())
    assert "adherents_historicalsalarie" in tables and "suivi_individuel_dossiermedical" in tables
    assert tables - avec_politique == set(), "tables sans politique"
    assert tables - forcees == set(), "tables sans FORCE ROW LEVEL SECURITY"


@pytest.fixture
def role_applicatif(db):
    """The rest of the test runs as the application's role (not a superuser, no BYPASSRLS)."""
    accorder_au_role(ROLE)
    with connection.cursor() as curseur:
        curseur.execute(f"SET LOCAL ROLE {ROLE}")
    yield
    with connection.cursor() as curseur:
        curseur.execute("RESET ROLE")


def compter(table):
    with connection.cursor() as curseur:
        curseur.execute(f"SELECT count(*), count(DISTINCT tenant_id) FROM {table}")
        return curseur.fetchone()


@pytest.mark.parametrize("table", ["adherents_salarie", "suivi_individuel_dossiermedical",
                                   "suivi_individuel_historicaldossiermedical", "spsti_centre"])
def test_une_requete_brute_ne_voit_que_le_service_actif(a, b, role_applicatif, table):
    assert compter(table) == (0, 0)  # no scope: nothing at all
    with service_actif(a.service):
        lignes, services = compter(table)
        assert lignes >= 1 and services == 1
    with tous_services_actifs():
        assert compter(table)[1] == 2


def test_une_ecriture_pour_un_autre_service_est_refusee(a, b, role_applicatif):
    with service_actif(a.service), pytest.raises(ProgrammingError, match="row-level security"), \
            transaction.atomic(), connection.cursor() as curseur:
        curseur.execute("UPDATE spsti_centre SET tenant_id = %s WHERE tenant_id = %s",
                        [b.service.pk, a.service.pk])
    with service_actif(b.service), connection.cursor() as curseur:
        curseur.execute("UPDATE spsti_centre SET nom = 'piraté' WHERE tenant_id = %s", [a.service.pk])
        assert curseur.rowcount == 0


def test_le_reglage_est_remis_a_zero_apres_la_portee(a, role_applicatif):
    with service_actif(a.service):
        pass
    with connection.cursor() as curseur:
        curseur.execute("SELECT current_setting('spsti.service', true)")
        assert curseur.fetchone()[0] in ("", None)


def test_les_pages_fonctionnent_sous_le_role_applicatif(a, b, role_applicatif):
    """Requests run as the application's role: scoping by the ORM and by PostgreSQL agree."""
    medecin = a.client(Role.MEDECIN)
    assert medecin.get("/accueil/").status_code == 200
    assert medecin.get(f"/suivi/salaries/{a.salarie.pk}/dossier-medical/").status_code == 200
    assert medecin.get(f"/suivi/salaries/{b.salarie.pk}/dossier-medical/").status_code == 404
    directeur = a.client(Role.DIRECTEUR)
    assert directeur.get("/api/v1/journal-acces-medical/").json()["count"] == 1  # B's worker: a 404, no read
    assert directeur.post("/organisation/centres/nouveau/", {"nom": "Apt", "code_postal": "84400"}).status_code == 302
    assert a.client(Role.ADHERENT).get("/portail/").status_code == 200


def role_courant():
    with connection.cursor() as curseur:
        curseur.execute("SELECT current_user")
        return curseur.fetchone()[0]


def test_tous_les_services_s_ouvrent_par_le_role_seul_puis_il_est_rendu(a, b, role_applicatif):
    with connection.cursor() as curseur:  # the former switch, a setting: it opens nothing now
        curseur.execute("SELECT set_config('spsti.tous_services', 'on', false)")
    assert compter("adherents_salarie") == (0, 0)
    with tous_services_actifs():
        assert role_courant() == ROLE_TOUS_SERVICES
        with tous_services_actifs():
            assert compter("adherents_salarie")[1] == 2
        assert role_courant() == ROLE_TOUS_SERVICES
    assert role_courant() == ROLE
    assert compter("adherents_salarie") == (0, 0)


def test_le_jeton_d_api_se_lit_sous_le_role_de_tous_les_services_puis_il_est_rendu(a, b, role_applicatif):
    """An API token is read across services in one round trip: the all-services role for that
    read only, given back after it, and also when the read fails; inside a block already open to
    every service, that role is kept."""
    with service_actif(b.service):
        _, cle = jeton_creer(rattachement=b.membres[Role.DIRECTEUR], nom="Logiciel RH")
    reponse = Client(HTTP_AUTHORIZATION=f"Token {cle}").get("/api/v1/centres/")
    assert reponse.status_code == 200 and reponse.json()["count"] >= 1
    assert role_courant() == ROLE
    with pytest.raises(DataError), transaction.atomic(), connection.cursor() as curseur:
        lecture_tous_services(curseur, "SELECT 1 / 0", [])
    assert role_courant() == ROLE and compter("adherents_salarie") == (0, 0)
    with tous_services_actifs(), connection.cursor() as curseur:
        lecture_tous_services(curseur, "SELECT current_user, count(DISTINCT tenant_id) FROM adherents_salarie", [])
        assert curseur.fetchone() == (ROLE_TOUS_SERVICES, 2)
        assert role_courant() == ROLE_TOUS_SERVICES
    assert role_courant() == ROLE


def test_le_jeton_d_api_est_prepare_une_fois_par_connexion(a, role_applicatif):
    """The token's query is prepared at the first API request of a connection, then only
    executed; prepared inside a transaction that failed, it is still there after its rollback."""
    with service_actif(a.service):
        _, cle = jeton_creer(rattachement=a.membres[Role.DIRECTEUR], nom="Logiciel RH")
    client = Client(HTTP_AUTHORIZATION=f"Token {cle}")

    def nouvelle_connexion():  # as a connection just opened: nothing prepared
        with connection.cursor() as curseur:
            curseur.execute("DEALLOCATE ALL")
        tenancy._preparees.pop(connection.connection, None)

    def preparations():
        with CaptureQueriesContext(connection) as requetes:
            assert client.get("/api/v1/centres/").status_code == 200
        return [requete["sql"] for requete in requetes if requete["sql"].startswith("PREPARE")]

    nouvelle_connexion()
    assert len(preparations()) == 1 and preparations() == []
    with connection.cursor() as curseur:
        curseur.execute("SELECT name FROM pg_prepared_statements")
        assert curseur.fetchall() == [("spsti_jeton_du_prefixe",)]
    nouvelle_connexion()
    with pytest.raises(DataError), transaction.atomic(), connection.cursor() as curseur:
        assert jeton_du_prefixe(cle.split(".", 1)[0]).rattachement.tenant == a.service
        curseur.execute("SELECT 1 / 0")
    assert preparations() == [] and role_courant() == ROLE


def test_la_table_de_travail_sert_aux_deux_roles_de_la_session(a, role_applicatif):
    """A due list recomputed across services creates the session's staging table; the runtime
    role fills it again afterwards (a persistent connection serves both)."""
    for ouvrir in (tous_services_actifs, lambda: service_actif(a.service)):
        with ouvrir(), service_actif(a.service):
            Echeance.objects.all().delete()
            assert recalculer(a.service) > 0


def test_le_planificateur_pese_la_condition_du_service(a, b, role_applicatif):
    """The policy is one plain condition on ``tenant_id``: an index condition, estimated from
    the table's statistics (21 workers of A, 1 of B: 21 rows, not half the table)."""
    with connection.cursor() as curseur:
        curseur.execute("RESET ROLE")
        SalarieFactory.create_batch(20, adherent=a.adherent, tenant=a.service)
        curseur.execute("ANALYZE adherents_salarie")
        curseur.execute(f"SET LOCAL ROLE {ROLE}")
        with service_actif(a.service):
            curseur.execute("SET LOCAL enable_seqscan = off")
            curseur.execute("EXPLAIN (FORMAT JSON) SELECT id FROM adherents_salarie")
            plan = curseur.fetchone()[0]
    plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]
    assert plan["Plan Rows"] == 21
    assert any("tenant_id" in noeud.get("Index Cond", "") for noeud in _parcours(plan))
