"""Pure billing rules of the offers: cotisation band, headcount, multi-employer split, amounts,
numbering, self-employed affiliation and no-show fees. No I/O: tested by tables
(tests/offres/test_regles.py)."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

CENTIME = Decimal("0.01")
ZERO = Decimal("0")

# D4622-27-4 to D4622-27-6 (décret 2022-1749): the per-worker cotisation lies between 80 % and
# 120 % of the national average cost fixed yearly by arrêté.
BANDE_BASSE, BANDE_HAUTE = Decimal("0.80"), Decimal("1.20")

# Code de commerce L441-10 (II): fixed recovery indemnity owed by a late professional payer; D441-5.
INDEMNITE_RECOUVREMENT = Decimal("40.00")


def arrondir(montant: Decimal) -> Decimal:
    return Decimal(montant).quantize(CENTIME, rounding=ROUND_HALF_UP)


def euros(montant: Decimal) -> str:
    """An amount as French users read it: 1 234,50 €."""
    return f"{Decimal(montant):,.2f} €".replace(",", "\u202f").replace(".", ",")


def bande_cotisation(cout_moyen_national: Decimal) -> tuple[Decimal, Decimal]:
    """The band a per-worker cotisation must lie in (D4622-27-4 to -6)."""
    return arrondir(cout_moyen_national * BANDE_BASSE), arrondir(cout_moyen_national * BANDE_HAUTE)


def erreur_bande(prix_par_salarie: Decimal, cout_moyen_national: Decimal | None, decision_ag: str) -> str | None:
    """Why a per-worker cotisation is refused, or None. Outside 80–120 % of the national average
    cost it needs the general assembly's reasoned decision (D4622-27-5, D4622-27-6)."""
    if cout_moyen_national is None:
        return ("Le coût moyen national de l'année n'est pas renseigné (art. D4622-27-4) : "
                "demandez-le à l'administrateur de la plateforme.")
    basse, haute = bande_cotisation(cout_moyen_national)
    if basse <= prix_par_salarie <= haute or decision_ag.strip():
        return None
    return (f"La cotisation par salarié ({euros(prix_par_salarie)}) sort de la fourchette de 80 % à 120 % du coût "
            f"moyen national ({euros(basse)} à {euros(haute)}, art. D4622-27-4 à D4622-27-6) : saisissez la "
            "décision motivée de l'assemblée générale qui l'autorise.")


def cout_moyen_service(charges_socle: Decimal, salaries_factures_annee_precedente: Decimal) -> Decimal | None:
    """The service's own average cost: socle operating charges ÷ workers invoiced the previous
    year (D4622-27-4)."""
    if not salaries_factures_annee_precedente:
        return None
    return arrondir(Decimal(charges_socle) / Decimal(salaries_factures_annee_precedente))


def date_reference_effectif(annee: int) -> date:
    """The headcount of a yearly call is the situation at 31 January (D4624-65)."""
    return date(annee, 1, 31)


@dataclass(frozen=True)
class EmploiAuJour:
    """One employment present at the reference date. ``quotite`` (part-time share) is carried
    only to say it is ignored: each worker counts as one (L4622-6), never in FTE."""

    salarie_id: int
    adherent_id: int
    categorie: str
    quotite: Decimal = Decimal("1")


def effectifs_factures(emplois: Iterable[EmploiAuJour]) -> dict[int, dict[str, Decimal]]:
    """Member → follow-up category → headcount to invoice. Each worker counts as one (L4622-6);
    a worker with several employers is split equally between them (D4624-65)."""
    employeurs: dict[int, set[int]] = defaultdict(set)
    lignes = list(emplois)
    for emploi in lignes:
        employeurs[emploi.salarie_id].add(emploi.adherent_id)
    resultat: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    vus = set()
    for emploi in lignes:
        if (emploi.salarie_id, emploi.adherent_id) in vus:  # two contracts with one employer count once
            continue
        vus.add((emploi.salarie_id, emploi.adherent_id))
        resultat[emploi.adherent_id][emploi.categorie] += Decimal(1) / len(employeurs[emploi.salarie_id])
    return {adherent: dict(categories) for adherent, categories in resultat.items()}


class Mode:
    PAR_SALARIE = "par_salarie"
    PAR_CATEGORIE = "par_categorie"
    HORAIRE = "horaire"
    ACTE = "acte"
    FORFAIT = "forfait"
    TRANCHE = "tranche"


@dataclass(frozen=True)
class Tarif:
    """A grid line as the rules see it (from ``GrilleTarifaire``)."""

    mode: str
    prix: Decimal = ZERO
    prix_categories: dict | None = None  # {"SI": "110.00", "SIA": ..., "SIR": ...}
    tranches: tuple = ()  # ((jusqu_a, montant), ...) ascending; the last may be None (no upper bound)
    minimum: Decimal = ZERO


def montant_tarif(tarif: Tarif, *, effectifs: dict[str, Decimal] | None = None,
                  quantite: Decimal = Decimal(1)) -> Decimal:
    """Amount before VAT of a grid applied to a member's headcount (per category) or to a
    quantity (hours, acts), with the grid's minimum per member."""
    effectifs = effectifs or {}
    total_salaries = sum(effectifs.values(), ZERO)
    if tarif.mode == Mode.PAR_SALARIE:
        montant = total_salaries * tarif.prix
    elif tarif.mode == Mode.PAR_CATEGORIE:
        prix = {k: Decimal(str(v)) for k, v in (tarif.prix_categories or {}).items()}
        montant = sum((n * prix.get(categorie, tarif.prix) for categorie, n in effectifs.items()), ZERO)
    elif tarif.mode == Mode.TRANCHE:
        montant = next((Decimal(str(m)) for borne, m in tarif.tranches if borne is None or total_salaries <= borne),
                       ZERO)
    elif tarif.mode in (Mode.HORAIRE, Mode.ACTE):
        montant = Decimal(quantite) * tarif.prix
    else:
        montant = tarif.prix
    return arrondir(max(montant, tarif.minimum))


def montant_tva(montant_ht: Decimal, taux: Decimal) -> Decimal:
    return arrondir(montant_ht * taux / 100)


def numero_facture(annee: int, rang: int) -> str:
    """Sequential number without gaps per service and year (CGI art. 242 nonies A, 7°)."""
    return f"{annee}-{rang:06d}"


def echeance_paiement(emise_le: date, delai_jours: int) -> date:
    """Due date; between professionals at most 60 days after issue (Code de commerce L441-10)."""
    return emise_le + timedelta(days=min(delai_jours, 60))


# Reminder schedule of an unpaid invoice: (days after the due date, title of the letter). The
# last one is the formal notice that precedes recovery (Code civil art. 1344).
ETAPES_RELANCE = ((7, "Rappel de facture impayée"), (30, "Deuxième relance"), (60, "Mise en demeure de payer"))


def etape_relance(echeance: date, aujourd_hui: date) -> int | None:
    """The latest reminder step reached (1, 2 or 3), or None before the first one. Only the
    latest is sent: a step whose successor is already due is skipped, never sent late."""
    atteintes = [rang for rang, (jours, _) in enumerate(ETAPES_RELANCE, start=1)
                 if aujourd_hui >= echeance + timedelta(days=jours)]
    return atteintes[-1] if atteintes else None


# --- self-employed offer (décret 2022-681, D4622-27-1 to D4622-27-3) ---

def fin_affiliation(debut: date) -> date:
    """An affiliation lasts at least one year (D4622-27-1)."""
    try:
        return debut.replace(year=debut.year + 1) - timedelta(days=1)
    except ValueError:  # 29 February
        return debut.replace(year=debut.year + 1, day=28)


def affiliation_en_cours(debut: date, fin: date, aujourd_hui: date) -> bool:
    """No tacit renewal (D4622-27-3): past its end an affiliation is over, whatever happened,
    until an explicit renewal creates the next one."""
    return debut <= aujourd_hui <= fin


# --- no-show fees ---

class DelaiAnnulation:
    H48 = "48h"
    H72 = "72h"
    JO3 = "3jo"
    CHOIX = [(H48, "48 heures avant"), (H72, "72 heures avant"), (JO3, "3 jours ouvrés avant")]


FERIES_FIXES = {(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)}


def _ouvre(jour: date) -> bool:
    return jour.weekday() < 5 and (jour.month, jour.day) not in FERIES_FIXES


def limite_annulation(debut: datetime, regle: str) -> datetime:
    """The last moment a visit may be cancelled without a no-show fee (service setting)."""
    if regle == DelaiAnnulation.H48:
        return debut - timedelta(hours=48)
    if regle == DelaiAnnulation.H72:
        return debut - timedelta(hours=72)
    jour, ouvres = debut.date(), 0
    while ouvres < 3:
        jour -= timedelta(days=1)
        if _ouvre(jour):
            ouvres += 1
    return debut.replace(year=jour.year, month=jour.month, day=jour.day)


def frais_absence_dus(debut: datetime, annulee_le: datetime | None, regle: str) -> bool:
    """A missed visit not cancelled in time proposes a no-show fee (never decided here:
    accounting confirms or waives it)."""
    return annulee_le is None or annulee_le > limite_annulation(debut, regle)


# --- the burnout questionnaire of the self-employed offer (seeds 000 and 003: the "balance"
# between resources and strains, then a diagnosis and the support offered by the medical team) ---

QUESTIONS_RESSOURCES = (
    ("r1", "Je trouve du sens et de la satisfaction dans mon activité."),
    ("r2", "Je garde la maîtrise de mon organisation et de mes horaires."),
    ("r3", "Je peux compter sur des proches, des pairs ou des partenaires en cas de difficulté."),
    ("r4", "Je récupère bien : sommeil, week-ends, congés."),
    ("r5", "Ma situation financière me laisse de la visibilité."),
    ("r6", "Je me sens reconnu·e par mes clients et mon entourage professionnel."),
)
QUESTIONS_CONTRAINTES = (
    ("c1", "Ma charge de travail dépasse ce que je peux absorber."),
    ("c2", "Je me sens épuisé·e dès le matin, avant même de commencer."),
    ("c3", "Je n'arrive plus à décrocher de mon travail, même le soir ou en congé."),
    ("c4", "Je suis plus irritable, cynique ou détaché·e vis-à-vis de mon activité."),
    ("c5", "Je doute de ma capacité à faire face, je me sens moins efficace."),
    ("c6", "Des soucis de santé (sommeil, douleurs, anxiété) me gênent dans mon travail."),
)
ECHELLE = ((1, "Pas du tout"), (2, "Un peu"), (3, "Moyennement"), (4, "Beaucoup"), (5, "Tout à fait"))


@dataclass(frozen=True)
class BalanceEpuisement:
    ressources: int
    contraintes: int

    @property
    def balance(self) -> int:
        return self.ressources - self.contraintes

    @property
    def positive(self) -> bool:
        """A negative balance (strains above resources) calls for the medical team's review."""
        return self.balance >= 0


def balance_epuisement(reponses: dict[str, int]) -> BalanceEpuisement:
    """Sums the answers (1 to 5) of each side; every question must be answered."""
    def somme(questions):
        valeurs = [int(reponses[code]) for code, _ in questions]
        if any(not 1 <= v <= 5 for v in valeurs):
            raise ValueError("Chaque réponse va de 1 à 5.")
        return sum(valeurs)
    return BalanceEpuisement(somme(QUESTIONS_RESSOURCES), somme(QUESTIONS_CONTRAINTES))
