"""PostgreSQL row-level security, the second lock: even a raw query run by the application's
role sees and writes only the active service's rows."""

import pytest
from django.db import connection, transaction
from django.db.utils import ProgrammingError

from spsti.permissions import Role
from spsti.securite_lignes import POLITIQUE, accorder_au_role, tables_du_service
from spsti.tenancy import service_actif, tous_services_actifs

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
