"""PostgreSQL row-level security: the second lock behind the scoped managers.

Every tenant table (and its ``Historical*`` copy) gets a policy that lets a row through only
when its ``tenant_id`` is the service set on the connection (``spsti.service``, set by
``service_actif``). A person's own memberships are also readable across services
(``spsti.utilisateur``) so the service switcher works. A second policy lets every row through,
for the role ``spsti_tous_services`` alone (``tous_services_actifs``: platform administration,
data loading): the runtime role is a member that does not inherit it, and switches to it for
the block. Each query is thus planned under one plain condition on ``tenant_id``, which the
planner weighs with the table's statistics (an ``OR`` on a setting was estimated at one row, and
the due lists sorted a whole team's deadlines). ``FORCE`` makes the policies apply to the
tables' owner too; only superusers and ``BYPASSRLS`` roles escape them, so the application
connects with a role that is neither (``manage.py role_applicatif``).

Policies are (re)applied after every ``migrate``: a new tenant model is covered as soon as its
table exists.
"""

from django.db import connection

from .tenancy import REGLAGE_SERVICE, REGLAGE_UTILISATEUR, ROLE_TOUS_SERVICES, modeles_service

POLITIQUE = "spsti_isolation_service"
POLITIQUE_TOUS_SERVICES = "spsti_tous_services"


def tables_du_service() -> dict[str, bool]:
    """Tenant tables → whether their rows also carry a ``utilisateur_id`` readable by its owner."""
    tables = {}
    for modele in modeles_service():
        for table_modele in [modele] + ([modele.history.model] if hasattr(modele, "history") else []):
            tables[table_modele._meta.db_table] = modele._meta.label_lower == "spsti.rattachement"
    return tables


def condition(par_utilisateur: bool) -> str:
    regle = f"tenant_id = NULLIF(current_setting('{REGLAGE_SERVICE}', true), '')::bigint"
    if par_utilisateur:
        regle += (f" OR utilisateur_id = "
                  f"(SELECT NULLIF(current_setting('{REGLAGE_UTILISATEUR}', true), '')::bigint)")
    return regle


def appliquer_politiques(using="default", **kwargs) -> None:
    """post_migrate of this app (once per ``migrate``, after every table exists): enable, force
    and (re)create the isolation policy on every tenant table. Not after ``flush`` (a
    transactional test's emptying, which sends no ``plan``): emptying tables keeps their
    policies, and re-creating them after each such test cost seconds."""
    from django.db import connections

    cible = connections[using]
    if cible.vendor != "postgresql" or "plan" not in kwargs:
        return
    existantes = set(cible.introspection.table_names())
    with cible.cursor() as curseur:
        creer_role(curseur, ROLE_TOUS_SERVICES, "")
        for table, par_utilisateur in tables_du_service().items():
            if table not in existantes:
                continue
            curseur.execute(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
            curseur.execute(f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY')
            curseur.execute(f'DROP POLICY IF EXISTS {POLITIQUE} ON "{table}"')
            curseur.execute(f'DROP POLICY IF EXISTS {POLITIQUE_TOUS_SERVICES} ON "{table}"')
            regle = condition(par_utilisateur)
            curseur.execute(f'CREATE POLICY {POLITIQUE} ON "{table}" USING ({regle}) WITH CHECK ({regle})')
            curseur.execute(f'CREATE POLICY {POLITIQUE_TOUS_SERVICES} ON "{table}" TO {ROLE_TOUS_SERVICES} '
                            "USING (true) WITH CHECK (true)")


def creer_role(curseur, role: str, attributs: str) -> None:
    """Creates (if needed) a role that is no superuser, has no BYPASSRLS, owns nothing, and may
    read and write the tables, through the policies."""
    nom = connection.ops.quote_name(role)
    curseur.execute(f"DO $$ BEGIN CREATE ROLE {nom} NOLOGIN NOSUPERUSER NOBYPASSRLS {attributs}; "
                    "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$")
    curseur.execute(f"GRANT USAGE ON SCHEMA public TO {nom}")
    curseur.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {nom}")
    curseur.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {nom}")


def accorder_au_role(role: str) -> None:
    """Creates (if needed) the runtime role, a member of ``spsti_tous_services`` that does not
    inherit it (``NOINHERIT``: the all-services policy applies only once it switches to it)."""
    nom = connection.ops.quote_name(role)
    with connection.cursor() as curseur:
        creer_role(curseur, role, "NOINHERIT")
        curseur.execute(f"ALTER ROLE {nom} NOINHERIT")
        curseur.execute(f"GRANT {ROLE_TOUS_SERVICES} TO {nom}")
