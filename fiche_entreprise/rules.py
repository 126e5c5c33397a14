"""The due rules of prevention in member companies, as pure functions (no database).

- The company risk sheet (fiche d'entreprise, FE) is drawn up within the year after the
  adhesion (R4624-47) and updated at least every four years (offre socle, décret 2022-653).
- At least one primary-prevention action every four years per member (seeds 000 and 001, under
  décret 2022-653): counted from the last one, or from the adhesion when there was none.

Deadlines are ceilings: a service may be stricter (``Reglages``), never laxer.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from dateutil.relativedelta import relativedelta

# Legal ceilings, in months.
MAX_DELAI_PREMIERE_FICHE, MAX_PERIODICITE_FICHE, MAX_PERIODICITE_ACTION_PRIMAIRE = 12, 48, 48
BASE_PREMIERE_FICHE = "R4624-47"
BASE_MISE_A_JOUR_FICHE = "décret 2022-653 (offre socle)"
BASE_ACTION_PRIMAIRE = "décret 2022-653 (offre socle), projets de service"


class TypeEcheance(StrEnum):
    FICHE = "fiche"
    ACTION_PRIMAIRE = "action_primaire"


@dataclass(frozen=True)
class Reglages:
    """A service's choices where it is stricter than the ceilings (``Service.parametres``)."""

    delai_premiere_fiche_mois: int = MAX_DELAI_PREMIERE_FICHE
    periodicite_fiche_mois: int = MAX_PERIODICITE_FICHE
    periodicite_action_primaire_mois: int = MAX_PERIODICITE_ACTION_PRIMAIRE
    alerte_jours: int = 90  # how long before its deadline an item shows as due

    def __post_init__(self):
        for nom, maximum in [("delai_premiere_fiche_mois", MAX_DELAI_PREMIERE_FICHE),
                             ("periodicite_fiche_mois", MAX_PERIODICITE_FICHE),
                             ("periodicite_action_primaire_mois", MAX_PERIODICITE_ACTION_PRIMAIRE)]:
            if not 1 <= getattr(self, nom) <= maximum:
                raise ValueError(f"{nom} doit être compris entre 1 et {maximum} mois (plafond réglementaire).")
        if not 0 <= self.alerte_jours <= 365:
            raise ValueError("alerte_jours doit être compris entre 0 et 365.")


@dataclass(frozen=True)
class Echeance:
    type: TypeEcheance
    au_plus_tard: date
    derniere: date | None  # the last FE validated / primary action done, if any
    base_legale: str
    motif: str


def echeance_fiche(date_adhesion: date, derniere_fiche: date | None, reglages: Reglages = Reglages()) -> Echeance:
    """When the member's FE is due: within the year after adhesion (R4624-47), then at most four
    years after the last validated one."""
    if derniere_fiche is None:
        return Echeance(TypeEcheance.FICHE, date_adhesion + relativedelta(months=reglages.delai_premiere_fiche_mois),
                        None, BASE_PREMIERE_FICHE, "Fiche d'entreprise à établir dans l'année qui suit l'adhésion")
    return Echeance(TypeEcheance.FICHE, derniere_fiche + relativedelta(months=reglages.periodicite_fiche_mois),
                    derniere_fiche, BASE_MISE_A_JOUR_FICHE, "Mise à jour de la fiche d'entreprise")


def echeance_action_primaire(date_adhesion: date, derniere_action: date | None,
                             reglages: Reglages = Reglages()) -> Echeance:
    """When the member's next primary-prevention action is due: four years after the last one,
    or after the adhesion when there was none."""
    depuis = derniere_action or date_adhesion
    motif = ("Action de prévention primaire à renouveler" if derniere_action
             else "Première action de prévention primaire")
    return Echeance(TypeEcheance.ACTION_PRIMAIRE,
                    depuis + relativedelta(months=reglages.periodicite_action_primaire_mois),
                    derniere_action, BASE_ACTION_PRIMAIRE, motif)


def en_retard(echeance: Echeance, jour: date) -> bool:
    """Late the day after its deadline."""
    return jour > echeance.au_plus_tard


def horizon_alerte(jour: date, reglages: Reglages = Reglages()) -> date:
    """A deadline up to this date is due (to plan now): the service's alert window."""
    return jour + timedelta(days=reglages.alerte_jours)


def a_echeance(echeance: Echeance, jour: date, reglages: Reglages = Reglages()) -> bool:
    """Due: late, or its deadline within the service's alert window."""
    return echeance.au_plus_tard <= horizon_alerte(jour, reglages)


def hors_limite(valeur: Decimal, limite: Decimal | None, sens: str) -> bool:
    """Whether a measurement is outside its reference: above a maximum (noise, vibration, air
    concentration) or below a minimum (lighting, ventilation flow). No limit, never outside."""
    if limite is None:
        return False
    return valeur < limite if sens == "minimum" else valeur > limite
