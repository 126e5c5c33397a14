"""The indicator registry: each app declares its named indicators once, in its
``indicateurs.py`` (imported at startup by ``spsti.apps``); screens, exports and snapshots ask
this registry.

    declarer(Indicateur(code="adherents_suivis", libelle="Adhérents suivis",
                        source="Enquête DGT", numerateur=lambda periode: ...))

Numerator and denominator are functions of the period, evaluated in the active service
scope (never across services). A function returns a number, or the rows it counts (a
queryset): rows are counted in the database, and snapshots count the rows of all the periods
of a year in one pass.

A rate may have a target (``cible``): a function of the period returning a percentage, or None
when there is none for that period. A target is a minimum: it is reached when the rate is at
least the target. Targets are the tenant's own settings (``Service.parametres``); the function
reads them from ``service_courant()``, the service whose scope is active, the same one the
scoped querysets of the numerator and denominator filter on. So every function keeps the one
signature ``f(periode)``, and outside a service scope it fails closed like those querysets.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet
from django_scopes import get_scope


@dataclass(frozen=True)
class Periode:
    debut: date
    fin: date

    @classmethod
    def annee(cls, annee: int) -> "Periode":
        return cls(date(annee, 1, 1), date(annee, 12, 31))

    def __str__(self):
        return f"du {self.debut:%d/%m/%Y} au {self.fin:%d/%m/%Y}"


def service_courant():
    """The service whose scope is active (``spsti.tenancy.service_actif``): where targets and
    other settings are read from. Raises outside a service scope."""
    service = get_scope().get("service")
    if service is None:
        raise RuntimeError("Les indicateurs se calculent dans la portée d'un service.")
    return service


@dataclass(frozen=True)
class Comptage:
    """The rows an indicator counts, when it counts rows of one model: what snapshots break
    down with grouped queries and what drill-down lists show.

    ``lignes(periode)`` is the population (a rate's denominator, a counter's rows), each row
    once (filter across a to-many relation with ``pk__in``, never a join that repeats rows);
    ``numerateur`` filters the population down to the numerator's rows (a rate then has both
    counted over the same rows, so it never exceeds 100 %); ``adherent``, ``equipe`` and
    ``professionnel`` are the paths from a row to its member ("" when the rows are members), its
    team and the professional who did it (None or empty: no such breakdown); ``liste`` names the drill-down list
    (``adherents``, ``salaries``, ``visites``, ``echeances``...) and ``medical`` marks rows
    that only medical roles may list."""

    lignes: Callable[[Periode], QuerySet]
    taux: bool = False
    numerateur: Q | Callable[[Periode], Q] = field(default_factory=Q)  # a Q, or a Q of the period
    adherent: str | None = None  # "" when the rows are members themselves
    equipe: str = ""
    professionnel: str = ""
    liste: str = ""
    medical: bool = False

    def filtre(self, periode: Periode) -> Q:
        """The numerator's condition for this period."""
        return self.numerateur(periode) if callable(self.numerateur) else self.numerateur

    def comptees(self, periode: Periode) -> QuerySet:
        """Exactly the rows the numerator counts (what a drill-down lists)."""
        return self.lignes(periode).filter(self.filtre(periode))


@dataclass(frozen=True)
class Indicateur:
    code: str
    libelle: str
    source: str
    numerateur: Callable[[Periode], int | QuerySet] | None = None  # a number, or the rows counted
    denominateur: Callable[[Periode], int | QuerySet] | None = None
    domaine: str = ""
    cible: Callable[[Periode], float | None] | None = None  # a rate's target, in percent
    # What a director reads on the definitions page: what is counted, over which rows and period.
    definition: str = ""
    # Where the figure is asked for: DGT survey section, certification area, CPOM objective,
    # the service project (strings such as "Enquête DGT — Visites").
    references: tuple[str, ...] = ()
    comptage: Comptage | None = None
    unite: str = ""  # a counter's unit when it is not a count of rows ("jours")

    def __post_init__(self):
        if self.comptage is not None:
            comptage = self.comptage
            if self.numerateur is None:
                object.__setattr__(self, "numerateur", comptage.comptees)
            if comptage.taux and self.denominateur is None:
                object.__setattr__(self, "denominateur", comptage.lignes)
        if self.numerateur is None:
            raise ValueError(f"Indicateur sans numérateur : {self.code}")

    @property
    def est_un_taux(self) -> bool:
        return self.denominateur is not None

    @property
    def definition_lue(self) -> str:
        """The definition as the definitions page shows it; a plain counter without its own
        text reads as the count of its label over the chosen period."""
        if self.definition:
            return self.definition
        return f"Nombre, sur la période choisie : {self.libelle[0].lower()}{self.libelle[1:]}."

    def valeur(self, periode: Periode) -> "Valeur":
        numerateur = _nombre(self.numerateur(periode))
        denominateur = _nombre(self.denominateur(periode)) if self.denominateur else None
        cible = self.cible(periode) if self.cible else None
        return Valeur(self, numerateur, denominateur, cible)


def _nombre(resultat: int | QuerySet) -> int:
    return resultat.count() if isinstance(resultat, QuerySet) else resultat


@dataclass(frozen=True)
class Valeur:
    indicateur: Indicateur
    numerateur: int
    denominateur: int | None
    cible: float | None = None

    @property
    def pourcentage(self) -> float | None:
        if not self.denominateur:
            return None
        return round(100 * self.numerateur / self.denominateur, 1)

    @property
    def ecart(self) -> float | None:
        """Percentage points above (positive) or below (negative) the target."""
        if self.cible is None or self.pourcentage is None:
            return None
        return round(self.pourcentage - self.cible, 1)

    @property
    def atteinte(self) -> bool | None:
        """Whether the target is reached; None without a target or without a rate."""
        return None if self.ecart is None else self.ecart >= 0


INDICATEURS: dict[str, Indicateur] = {}


def declarer(indicateur: Indicateur) -> Indicateur:
    if indicateur.code in INDICATEURS:
        raise ValueError(f"Indicateur déjà déclaré : {indicateur.code}")
    INDICATEURS[indicateur.code] = indicateur
    return indicateur


def valeurs(periode: Periode) -> list[Valeur]:
    return [indicateur.valeur(periode) for indicateur in INDICATEURS.values()]
