"""The indicator registry: each app declares its named indicators once, in its
``indicateurs.py``; screens, exports and snapshots ask this registry.

    declarer(Indicateur(code="adherents_suivis", libelle="Adhérents suivis",
                        source="Enquête DGT", numerateur=lambda periode: ...))

Numerator and denominator are functions of the period, evaluated in the active service
scope (never across services).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Periode:
    debut: date
    fin: date

    @classmethod
    def annee(cls, annee: int) -> "Periode":
        return cls(date(annee, 1, 1), date(annee, 12, 31))

    def __str__(self):
        return f"du {self.debut:%d/%m/%Y} au {self.fin:%d/%m/%Y}"


@dataclass(frozen=True)
class Indicateur:
    code: str
    libelle: str
    source: str
    numerateur: Callable[[Periode], int]
    denominateur: Callable[[Periode], int] | None = None
    domaine: str = ""

    @property
    def est_un_taux(self) -> bool:
        return self.denominateur is not None

    def valeur(self, periode: Periode) -> "Valeur":
        numerateur = self.numerateur(periode)
        denominateur = self.denominateur(periode) if self.denominateur else None
        return Valeur(self, numerateur, denominateur)


@dataclass(frozen=True)
class Valeur:
    indicateur: Indicateur
    numerateur: int
    denominateur: int | None

    @property
    def pourcentage(self) -> float | None:
        if not self.denominateur:
            return None
        return round(100 * self.numerateur / self.denominateur, 1)


INDICATEURS: dict[str, Indicateur] = {}


def declarer(indicateur: Indicateur) -> Indicateur:
    if indicateur.code in INDICATEURS:
        raise ValueError(f"Indicateur déjà déclaré : {indicateur.code}")
    INDICATEURS[indicateur.code] = indicateur
    return indicateur


def valeurs(periode: Periode) -> list[Valeur]:
    return [indicateur.valeur(periode) for indicateur in INDICATEURS.values()]
