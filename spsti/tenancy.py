"""Tenancy: every tenant-owned row carries its SPSTI, and queries fail closed without a scope.

Built on django-scopes (the pretix pattern). One difference: django-scopes filters nothing when
the scope value is ``None``; here a ``None`` tenant is refused, so a forgotten scope can never
turn into "every tenant".

- ``ModeleService`` is the abstract base of every tenant-owned model; subclasses are listed in
  ``modeles_service()`` (the registry the tests walk).
- ``service_actif(service)`` activates the scope: the request middleware uses it for the
  logged-in user's current service, Celery tasks and management commands for the service they
  were given.
"""

import itertools
import re
import weakref
from contextlib import contextmanager

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django_scopes import get_scope, scope, scopes_disabled
from django_scopes.manager import DisabledQuerySet
from simple_history.manager import HistoryManager
from simple_history.models import HistoricalRecords

SESSION_SERVICE = "service_id"


def restreindre_au_service(manager: models.Manager, queryset: models.QuerySet) -> models.QuerySet:
    """The rows of the active service; a queryset that raises on use when no service is active;
    everything only inside ``scopes_disabled()``."""
    courant = get_scope()
    if not courant.get("_enabled", True):
        return queryset
    service = courant.get("service")
    if service is None:
        return DisabledQuerySet(manager.model, using=manager._db, missing_scopes=["service"])
    return queryset.filter(tenant=service)


class ServiceManager(models.Manager):
    """Default manager of tenant models: filters on the active service, raises without one."""

    def get_queryset(self):
        return restreindre_au_service(self, super().get_queryset())


class ModeleService(models.Model):
    """Abstract base of every tenant-owned model (non-null tenant, scoped manager, history)."""

    tenant = models.ForeignKey("spsti.Service", on_delete=models.PROTECT, related_name="+",
                               verbose_name="service")

    tous_services = models.Manager()  # explicit, greppable escape hatch (admin, migrations)
    objects = ServiceManager()  # the default manager (Meta.default_manager_name)

    class Meta:
        abstract = True
        base_manager_name = "tous_services"
        default_manager_name = "objects"

    def save(self, *args, **kwargs):
        self.verifier_references_du_service()
        super().save(*args, **kwargs)

    def verifier_references_du_service(self):
        """A row never points at another service's row (an Equipe of A in a Centre of B):
        checked on every save, before anything is written."""
        for champ in self._meta.concrete_fields:
            if not (champ.is_relation and champ.name != "tenant" and issubclass(champ.related_model, ModeleService)):
                continue
            cible_id = getattr(self, champ.attname)
            if cible_id is None:
                continue
            if champ.is_cached(self):
                service_cible = getattr(self, champ.name).tenant_id
            else:
                service_cible = (champ.related_model.tous_services.filter(pk=cible_id)
                                 .values_list("tenant_id", flat=True).first())
            if service_cible != self.tenant_id:
                raise ValidationError({champ.name: f"« {champ.verbose_name} » appartient à un autre service."})



def modeles_service() -> list[type[models.Model]]:
    """The registry of tenant-owned models: every concrete subclass of ``ModeleService``."""
    return [modele for modele in apps.get_models() if issubclass(modele, ModeleService)]


class HistoriqueServiceManager(HistoryManager):
    """History of a tenant model: its ``Historical*`` rows copy the data (medical included),
    so they are scoped and fail closed like the live rows."""

    def get_super_queryset(self):
        return restreindre_au_service(self, super().get_super_queryset())


def historique(**kwargs) -> HistoricalRecords:
    """simple-history on a tenant model (who changed what, from the request), scoped."""
    return HistoricalRecords(history_manager=HistoriqueServiceManager, **kwargs)


def historique_en_masse(modele, ids, type_historique: str, utilisateur=None) -> None:
    """History rows for rows just written in bulk (``type_historique``: "+" created, "~"
    changed), in one ``INSERT … SELECT`` from the live table: what simple-history's per-row
    ``bulk_history_create`` does, without building a model instance per row (most of a
    10,000-row import's time)."""
    if not ids:
        return
    historique_modele = modele.history.model
    colonnes = [champ.column for champ in modele._meta.concrete_fields]
    liste = ", ".join(connection.ops.quote_name(colonne) for colonne in colonnes)
    table, source = historique_modele._meta.db_table, modele._meta.db_table
    with connection.cursor() as curseur:
        for debut in range(0, len(ids), 5000):
            lot = list(ids[debut:debut + 5000])
            # the ids as one array on PostgreSQL (5,000 placeholders cost more to parse than the rows)
            parmi, valeurs = (("= ANY(%s)", [lot]) if connection.vendor == "postgresql"
                              else (f"IN ({', '.join(['%s'] * len(lot))})", lot))
            curseur.execute(
                f"INSERT INTO {connection.ops.quote_name(table)} ({liste}, history_date, history_type, "
                f"history_user_id, history_change_reason) SELECT {liste}, %s, %s, %s, NULL "
                f"FROM {connection.ops.quote_name(source)} WHERE id {parmi}",
                [timezone.now(), type_historique, getattr(utilisateur, "pk", None), *valeurs])


def creer_avec_historique(objets, modele, utilisateur=None, batch_size=2000) -> list:
    """``bulk_create`` (``COPY`` on PostgreSQL from 100 rows, ``copier``) then the history rows in
    bulk (``historique_en_masse``); no signal, as with ``bulk_create``. A few rows go by one
    ``INSERT``: each copy empties its staging table behind a savepoint, and PostgreSQL's cost of
    such a ``TRUNCATE`` grows with those done before it in the transaction (a new file each time,
    kept until the commit): thousands of small copies in one transaction grow quadratically
    (measured: 0.85 s for the first thousand, 3.4 s for the fourth)."""
    objets = list(objets)
    if connection.vendor == "postgresql" and isinstance(modele._meta.pk, models.AutoField) and len(objets) >= 100:
        copier(objets, modele)
    else:
        modele.objects.bulk_create(objets, batch_size=batch_size)
    historique_en_masse(modele, [objet.pk for objet in objets], "+", utilisateur)
    return objets


def copier(objets, modele) -> None:
    """What ``bulk_create`` does, by ``COPY`` (no SQL compiled per row): ids reserved
    from the table's sequence, the rows copied into a session staging table then one
    ``INSERT … SELECT`` (``COPY FROM`` is refused on a table under forced row-level security; the
    ``INSERT`` goes through its policy). PostgreSQL only."""
    if not objets:
        return
    champs, table = modele._meta.concrete_fields, modele._meta.db_table
    colonnes = ", ".join(connection.ops.quote_name(champ.column) for champ in champs)
    attente = connection.ops.quote_name(f"copie_{table}")
    # A plain value goes to psycopg as it is; Django prepares only a JSON value and what its
    # field fills at save (``auto_now``), a tenth of the time per row.
    simples = (models.Field.pre_save, models.DateField.pre_save, models.DateTimeField.pre_save)
    preparer = [(champ, isinstance(champ, models.JSONField) or getattr(champ, "auto_now", False)
                 or getattr(champ, "auto_now_add", False) or type(champ).pre_save not in simples) for champ in champs]
    relations, alias = [champ for champ in champs if champ.is_relation], connection.alias
    with transaction.atomic(), connection.cursor() as curseur:
        curseur.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                        [table, modele._meta.pk.column, len(objets)])
        for objet, (pk,) in zip(objets, curseur.fetchall(), strict=True):
            objet.pk = pk
        table_de_travail(curseur, attente, f"(LIKE {connection.ops.quote_name(table)})")
        with curseur.cursor.copy(f"COPY {attente} ({colonnes}) FROM STDIN") as copie:
            for objet in objets:
                for champ in relations:  # a parent given as an instance, saved since: its id, the
                    # instance kept in the cache (set by the attname, Django would forget it)
                    if getattr(objet, champ.attname) is None and champ.get_cached_value(objet, None) is not None:
                        setattr(objet, champ.name, champ.get_cached_value(objet))
                copie.write_row([champ.get_db_prep_save(champ.pre_save(objet, True), connection) if prepare
                                 else getattr(objet, champ.attname) for champ, prepare in preparer])
                objet._state.adding, objet._state.db = False, alias
        curseur.execute(f"INSERT INTO {connection.ops.quote_name(table)} ({colonnes}) SELECT {colonnes} FROM {attente}")
        curseur.execute(f"TRUNCATE {attente}")


def table_de_travail(curseur, nom: str, definition: str) -> None:
    """The session's staging table ``nom`` (a temporary table, created at its first use and kept
    for the session). On PostgreSQL it is open to every role (``GRANT … TO PUBLIC``; no other
    session ever sees a temporary table): the runtime role and ``spsti_tous_services`` use the
    same session's tables, whichever of them created it."""
    if connection.vendor != "postgresql":
        curseur.execute(f"CREATE TEMP TABLE IF NOT EXISTS {nom} {definition}")
        return
    curseur.execute(f"DO $$ BEGIN IF to_regclass('pg_temp.{nom}') IS NULL THEN CREATE TEMP TABLE {nom} {definition}; "
                    f"GRANT ALL ON {nom} TO PUBLIC; END IF; END $$")


# PostgreSQL settings read by the row-level security policies (spsti/securite_lignes.py).
REGLAGE_SERVICE = "spsti.service"
REGLAGE_UTILISATEUR = "spsti.utilisateur"
# The database role whose policy lets every service's rows through (``tous_services_actifs``).
ROLE_TOUS_SERVICES = "spsti_tous_services"
# Of a row of pg_roles: the role already escapes row-level security (a superuser: tests, loading).
ROLE_LIBRE = "rolsuper OR rolbypassrls"


@contextmanager
def reglage_base(nom: str, valeur) -> None:
    """Sets a PostgreSQL setting on the connection for the block, then restores it (the
    connection may be reused by the next request). No-op on other databases."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as curseur:
        curseur.execute("SELECT current_setting(%s, true), set_config(%s, %s, false)", [nom, nom, str(valeur)])
        precedent = curseur.fetchone()[0] or ""
    try:
        yield
    finally:
        if not connection.needs_rollback:  # a failed transaction's rollback undoes the setting anyway
            with connection.cursor() as curseur:
                curseur.execute("SELECT set_config(%s, %s, false)", [nom, precedent])


@contextmanager
def service_actif(service):
    """The scope of one service: the ORM filters on it (django-scopes) and, on PostgreSQL, the
    row-level security policies too."""
    if service is None:
        raise ValueError("Un service (tenant) est obligatoire pour activer une portée.")
    with scope(service=service), reglage_base(REGLAGE_SERVICE, service.pk):
        yield


@contextmanager
def role_tous_services() -> None:
    """On PostgreSQL, the block runs as ``ROLE_TOUS_SERVICES``, the only role the all-services
    policy applies to (the runtime role is a member that does not inherit it), then as the role
    before it. A role that already escapes row-level security (a superuser: tests, loading) keeps
    its own. A role rather than a setting: a policy that tested a setting carried an ``OR`` the
    planner could not weigh, and every tenant's query was planned for one row."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as curseur:
        curseur.execute(f"WITH avant AS MATERIALIZED (SELECT current_user AS nom, {ROLE_LIBRE} AS libre "
                        "FROM pg_roles WHERE rolname = current_user) SELECT nom, "
                        "CASE WHEN libre THEN true ELSE set_config('role', %s, false) IS NULL END FROM avant",
                        [ROLE_TOUS_SERVICES])
        precedent, libre = curseur.fetchone()
    try:
        yield
    finally:
        if not libre and not connection.needs_rollback:  # a failed transaction's rollback undoes it anyway
            with connection.cursor() as curseur:
                curseur.execute("SELECT set_config('role', %s, false)", [precedent])


# The statements each database connection (the driver's) has prepared under a name: a prepared
# statement lasts as long as its connection, whatever becomes of the transaction that prepared it.
_preparees: "weakref.WeakKeyDictionary[object, set[str]]" = weakref.WeakKeyDictionary()
_PARAMETRE = re.compile("%%|%s")


def executer_preparee(curseur, nom: str, sql: str, nombre: int) -> str:
    """The ``EXECUTE`` (with ``nombre`` parameters) of ``sql`` (``%s`` placeholders, as every query
    here) prepared as ``nom`` on this connection, prepared at its first use there (``PREPARE``, one
    round trip once per connection): PostgreSQL then keeps its plan instead of planning it at
    each run."""
    preparees = _preparees.setdefault(connection.connection, set())
    if nom not in preparees:
        numeros = itertools.count(1)
        corps = _PARAMETRE.sub(lambda m: "%" if m[0] == "%%" else f"${next(numeros)}", sql)
        curseur.execute(f"PREPARE {nom} AS {corps}")  # no parameters: a literal % is not doubled
        preparees.add(nom)
    return f"EXECUTE {nom}({', '.join(['%s'] * nombre)})" if nombre else f"EXECUTE {nom}"


def lecture_tous_services(curseur, sql: str, params: list, nom: str | None = None) -> None:
    """Runs one read as ``ROLE_TOUS_SERVICES`` in a single round trip (every API request checks
    its token this way, across services): the role taken, the query, the role before it given
    back, sent together (a client-side binding cursor takes several statements in one call).
    Outside a transaction they run as one, so a failed query keeps no role; inside one, its
    rollback undoes the role. A role that already escapes row-level security keeps its own, as in
    ``role_tous_services``. Named (``nom``), the query is prepared once per connection
    (``executer_preparee``). The cursor is left on the query's rows. Other databases: the query."""
    if connection.vendor != "postgresql":
        curseur.execute(sql, params)
        return
    if nom is not None:
        sql = executer_preparee(curseur, nom, sql, len(params))
    curseur.execute(
        "SELECT set_config('spsti.role_avant', current_user, false), set_config('role', %s, false) FROM pg_roles "
        f"WHERE rolname = current_user AND NOT ({ROLE_LIBRE}); {sql}; "
        "SELECT set_config('role', current_setting('spsti.role_avant'), false) WHERE current_user = %s",
        [ROLE_TOUS_SERVICES, *params, ROLE_TOUS_SERVICES])
    curseur.nextset()


@contextmanager
def tous_services_actifs():
    """Every service at once: platform administration and data loading only."""
    with scopes_disabled(), role_tous_services():
        yield


def rattachements_de(request: HttpRequest) -> list:
    """The logged-in user's active memberships, one per service (empty when anonymous)."""
    from .models import Rattachement

    if not request.user.is_authenticated:
        return []
    return list(Rattachement.tous_services.filter(utilisateur=request.user, actif=True, tenant__actif=True)
                .select_related("tenant", "centre", "equipe").order_by("tenant__nom"))


def rattachement_choisi(request: HttpRequest, rattachements: list):
    """The membership the user acts under: the service chosen in the switcher, else the first."""
    choisi = request.session.get(SESSION_SERVICE)
    return next((r for r in rattachements if r.tenant_id == choisi), rattachements[0] if rattachements else None)


def jeton_de_la_requete(request: HttpRequest):
    """API token authentication, done here so that the scope (the token's own membership) is
    known before the view runs. An invalid token is left to the API's authentication (401)."""
    from rest_framework.exceptions import AuthenticationFailed

    from comptes.authentification import cle_de_l_entete
    from comptes.jetons import jeton_verifier

    try:
        cle = cle_de_l_entete(request)
        return jeton_verifier(cle) if cle else None
    except AuthenticationFailed:
        return None


class ServiceMiddleware:
    """Sets ``request.rattachement`` (and ``mes_rattachements``) and ``request.service`` and runs the view inside that
    service's scope. Platform administrators using the Django admin run unscoped."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        jeton = None
        if request.path.startswith("/api/") and not request.user.is_authenticated:
            jeton = jeton_de_la_requete(request)
        if jeton is not None:  # a token acts under its own membership, whatever the session says
            request.user, request.jeton_api = jeton.rattachement.utilisateur, jeton
            request.mes_rattachements = [jeton.rattachement]  # and reads no other
            return self.sous_le_rattachement(request, jeton.rattachement)
        # The user's own memberships are readable across services (for the switcher).
        with reglage_base(REGLAGE_UTILISATEUR, request.user.pk or ""):
            request.mes_rattachements = rattachements_de(request)  # also the switcher's choices
            return self.sous_le_rattachement(request, rattachement_choisi(request, request.mes_rattachements))

    def sous_le_rattachement(self, request, rattachement):
        request.rattachement = rattachement
        request.service = rattachement.tenant if rattachement else None
        if request.path.startswith("/admin/") and request.user.is_superuser:
            with tous_services_actifs():
                return self.get_response(request)
        if request.service is None:
            return self.get_response(request)
        with service_actif(request.service):
            return self.get_response(request)
