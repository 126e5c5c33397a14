"""Immutable rows in the database itself: PostgreSQL triggers (django-pgtrigger) that refuse
UPDATE and DELETE of regulated documents and append-only journals, whatever the path (ORM
``save``, bulk ``update``/``delete``, raw SQL, the runtime role's psql).

Use in a model's ``Meta`` (then ``makemigrations``; pgtrigger writes the trigger's migration)::

    from spsti.immuable import immuable

    class Meta:
        triggers = immuable("facture")                          # no UPDATE, no DELETE
        triggers = immuable("fiche", modifiable_si="OLD.statut <> 'validee'")  # UPDATE while a draft
        triggers = immuable("partage", modification=True)       # UPDATE allowed, DELETE refused

The model's own ``save``/``delete`` should still refuse first, with a French message for the
user; the trigger is the lock behind it.

Maintenance role
----------------
Only a deliberate maintenance session passes: its role must be a member of the PostgreSQL role
``spsti_maintenance`` (created by migration ``spsti.0006``; grant it to the operator's login
with ``GRANT spsti_maintenance TO <login>``, never to the runtime role) **and** it must set
``spsti.maintenance`` to ``on`` (``SET spsti.maintenance = 'on'`` in psql, or
``with maintenance():`` in Python). A superuser counts as a member but still has to set it.
A data migration that must rewrite such rows wraps its work in ``with maintenance():``.
(TRUNCATE is not a row operation: the test runner's flush is unaffected.)
"""

from contextlib import contextmanager

import pgtrigger

from .tenancy import reglage_base

ROLE_MAINTENANCE = "spsti_maintenance"
REGLAGE_MAINTENANCE = "spsti.maintenance"

EN_MAINTENANCE = (
    f"coalesce(current_setting('{REGLAGE_MAINTENANCE}', true), '') = 'on' AND EXISTS ("
    f"SELECT 1 FROM pg_roles r WHERE r.rolname = '{ROLE_MAINTENANCE}' "
    f"AND pg_has_role(current_user, r.oid, 'MEMBER'))"
)


def _refus(message: str) -> str:
    message = message.replace("'", "''")
    return (f"IF {EN_MAINTENANCE} THEN RETURN COALESCE(NEW, OLD); END IF; "
            f"RAISE EXCEPTION '{message} (%)', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';")


def immuable(nom: str, *, modifiable_si: str | None = None, modification: bool = False) -> list[pgtrigger.Trigger]:
    """The triggers making a table's rows immutable: DELETE always refused; UPDATE refused
    unless ``modification`` (always allowed) or ``modifiable_si`` (an SQL condition on ``OLD``,
    e.g. a draft status)."""
    declencheurs = [pgtrigger.Trigger(
        name=f"{nom}_sans_suppression", when=pgtrigger.Before, operation=pgtrigger.Delete,
        func=_refus("Ligne inaltérable : elle ne se supprime pas"))]
    if not modification:
        condition = pgtrigger.Condition(f"NOT ({modifiable_si})") if modifiable_si else None
        declencheurs.append(pgtrigger.Trigger(
            name=f"{nom}_sans_modification", when=pgtrigger.Before, operation=pgtrigger.Update,
            condition=condition, func=_refus("Ligne inaltérable : elle ne se modifie pas")))
    return declencheurs


@contextmanager
def maintenance():
    """A maintenance block (the connection's role must be a member of ``spsti_maintenance``)."""
    with reglage_base(REGLAGE_MAINTENANCE, "on"):
        yield
