"""PostgreSQL row-level security: the second lock behind the scoped managers.

Every tenant table (and its ``Historical*`` copy) gets a policy that lets a row through only
when its ``tenant_id`` is the service set on the connection (``spsti.service``, set by
``service_actif``), or when ``spsti.tous_services`` is on (``tous_services_actifs``: platform
administration, data loading). A person's own memberships are also readable across services
(``spsti.utilisateur``) so the service switcher works. ``FORCE`` makes the policies apply to
the tables' owner too; only superusers and ``BYPASSRLS`` roles escape them, so the application
connects with a role that is neither (``manage.py role_applicatif``).

Policies are (re)applied after every ``migrate``: a new tenant model is covered as soon as its
table exists.
"""

from django.db import connection

from .tenancy import REGLAGE_SERVICE, REGLAGE_TOUS_SERVICES, REGLAGE_UTILISATEUR, modeles_service

POLITIQUE = "spsti_isolation_service"


def tables_du_service() -> dict[str, bool]:
    """Tenant tables → whether their rows also carry a ``utilisateur_id`` readable by its owner."""
    tables = {}
    for modele in modeles_service():
        for table_modele in [modele] + ([modele.history.model] if hasattr(modele, "history") else []):
            tables[table_modele._meta.db_table] = modele._meta.label_lower == "spsti.rattachement"
    return tables


def condition(par_utilisateur: bool) -> str:
    regle = (f"tenant_id = (SELECT NULLIF(current_setting('{REGLAGE_SERVICE}', true), '')::bigint) "
             f"OR (SELECT current_setting('{REGLAGE_TOUS_SERVICES}', true)) = 'on'")
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
        for table, par_utilisateur in tables_du_service().items():
            if table not in existantes:
                continue
            curseur.execute(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
            curseur.execute(f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY')
            curseur.execute(f'DROP POLICY IF EXISTS {POLITIQUE} ON "{table}"')
            regle = condition(par_utilisateur)
            curseur.execute(f'CREATE POLICY {POLITIQUE} ON "{table}" USING ({regle}) WITH CHECK ({regle})')


def accorder_au_role(role: str) -> None:
    """Creates (if needed) the runtime role: no superuser, no BYPASSRLS, owns nothing; it may
    read and write the tables, through the policies."""
    nom = connection.ops.quote_name(role)
    with connection.cursor() as curseur:
        curseur.execute(f"DO $$ BEGIN CREATE ROLE {nom} NOLOGIN NOSUPERUSER NOBYPASSRLS; "
                        "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$")
        curseur.execute(f"GRANT USAGE ON SCHEMA public TO {nom}")
        curseur.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {nom}")
        curseur.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {nom}")
