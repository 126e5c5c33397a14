"""Pure rules of the PDP cell: which workers the early detection list proposes to the
physician (never a decision), which files the cell's meeting must look at, what a consent lets
the cell share, how long files take to close."""

import statistics
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

# --- Early detection (seed 002: a shared detection scoring wanted by the network; seed 001: workers
# over 55 with a disabling condition, detected too late) -----------------------------------------------


@dataclass(frozen=True)
class ReglagesReperage:
    """A service's criteria (``Service.parametres["reperage_pdp"]``); a criterion set to None is off."""

    age_avec_restriction: int | None = 55
    jours_arret_12_mois: int | None = 90
    arrets_12_mois: int | None = 3
    reprises_24_mois: int | None = 2
    risque_note_par_le_medecin: bool = True


@dataclass(frozen=True)
class Situation:
    """What is known of a worker on the day of the list."""

    date_naissance: date
    restriction_24_mois: bool = False  # an opinion or attestation with restrictions for the employer
    arrets: tuple[tuple[date, date], ...] = ()  # (start, return)
    reprises_24_mois: int = 0
    risque_note: bool = False  # noted by the physician in a visit's medical part


def jours_d_arret(arrets, aujourd_hui: date, mois: int = 12) -> int:
    """Days off work within the last ``mois`` months."""
    debut_fenetre = aujourd_hui - relativedelta(months=mois)
    return sum(max(0, (min(reprise, aujourd_hui) - max(debut, debut_fenetre)).days) for debut, reprise in arrets)


def criteres_reperage(s: Situation, r: ReglagesReperage, aujourd_hui: date) -> list[str]:
    """The criteria a worker meets, in words (empty: not listed)."""
    criteres = []
    age = relativedelta(aujourd_hui, s.date_naissance).years
    if r.age_avec_restriction is not None and age >= r.age_avec_restriction and s.restriction_24_mois:
        criteres.append(f"{age} ans avec des restrictions ou aménagements de poste")
    jours = jours_d_arret(s.arrets, aujourd_hui)
    if r.jours_arret_12_mois is not None and jours >= r.jours_arret_12_mois:
        criteres.append(f"{jours} jours d'arrêt sur 12 mois")
    recents = [a for a in s.arrets if a[1] > aujourd_hui - relativedelta(months=12)]
    if r.arrets_12_mois is not None and len(recents) >= r.arrets_12_mois:
        criteres.append(f"{len(recents)} arrêts sur 12 mois")
    if r.reprises_24_mois is not None and s.reprises_24_mois >= r.reprises_24_mois:
        criteres.append(f"{s.reprises_24_mois} visites de reprise sur 24 mois")
    if r.risque_note_par_le_medecin and s.risque_note:
        criteres.append("risque de désinsertion noté par le médecin")
    return criteres


# --- The cell's meeting --------------------------------------------------------------------------------------------


def sans_action(derniere_action: date, aujourd_hui: date, delai_jours: int) -> bool:
    """A file with nothing done for ``delai_jours`` days or more (a service setting) is flagged on
    the meeting's agenda."""
    return (aujourd_hui - derniere_action).days >= delai_jours


# --- Consent ---------------------------------------------------------------------------------------------------------

SANTE = "sante"


def refus_de_partage(*, consentement_en_vigueur: bool, destinataire_couvert: bool, informations: set[str],
                     informations_consenties: set[str], vers_employeur: bool) -> str | None:
    """Why a sharing is refused, or None: only within the worker's consent in force (who, what),
    and never health elements to the employer (medical secrecy, L1110-4 CSP)."""
    if not consentement_en_vigueur:
        return "Aucun consentement du salarié n'est en vigueur : rien ne peut être transmis."
    if not destinataire_couvert:
        return "Le salarié n'a pas consenti à ce que ce destinataire reçoive des informations."
    if vers_employeur and SANTE in informations:
        return "Aucun élément de santé n'est transmis à l'employeur (secret médical)."
    hors_champ = informations - informations_consenties
    if hors_champ:
        return "Le consentement du salarié ne couvre pas toutes les informations choisies."
    if not informations:
        return "Choisissez les informations transmises."
    return None


# --- Indicators ------------------------------------------------------------------------------------------------------


def delai_median_jours(dossiers: list[tuple[date, date]]) -> int:
    """Median days from the signal to the closure (0 without closed file)."""
    return round(statistics.median((clos - ouvert).days for ouvert, clos in dossiers)) if dossiers else 0


def fenetre(aujourd_hui: date, mois: int) -> date:
    return aujourd_hui - relativedelta(months=mois)


def prochaine_revue_par_defaut(aujourd_hui: date) -> date:
    """A file taken up is looked at again within a month (the monthly cell of seed 001)."""
    return aujourd_hui + timedelta(days=30)
