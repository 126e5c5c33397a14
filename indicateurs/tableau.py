"""Reading snapshots for the screens: the headline indicators with their targets, trajectory and
status, a domain's values, an indicator's breakdowns. Everything here reads stored rows
(``Instantane``), a few queries per page whatever the service's size.

``indicateurs_phares(service, annee)`` is the entry point other pages (the home page) use."""

from dataclasses import dataclass, field

from spsti.tenancy import service_actif

from .calcul import derniers_calculs, est_un_mois
from .models import Axe, Cible, Instantane
from .registre import INDICATEURS, Indicateur, Periode, Valeur

# The director's first screen: about a dozen indicators, in reading order.
PHARES = [
    "adherents_suivis", "salaries_suivis", "visites_realisees", "visites_realisees_sur_echeances_dues",
    "echeances_en_retard", "part_infirmier_mi_carriere", "part_teleconsultation", "taux_absence_non_excusee",
    "fe_a_jour_4_ans", "action_primaire_4_ans", "duerp_adherents_accompagnes", "pdp_dossiers_actifs",
]
ANNEES_TRAJECTOIRE = 5
# A rate within this many points under its target is "at risk"; further under, "behind".
MARGE_A_SURVEILLER = 5.0


class Statut:
    EN_BONNE_VOIE = "En bonne voie"
    A_SURVEILLER = "À surveiller"
    EN_RETARD = "En retard"


def statut(valeur: Valeur) -> str | None:
    """On track / at risk / behind, for a rate with a target; None otherwise."""
    if valeur.ecart is None:
        return None
    if valeur.ecart >= 0:
        return Statut.EN_BONNE_VOIE
    return Statut.A_SURVEILLER if valeur.ecart >= -MARGE_A_SURVEILLER else Statut.EN_RETARD


def cibles(annees) -> dict[tuple[str, int], float]:
    """The director's targets of these years (one query)."""
    return {(c.code, c.annee): float(c.valeur) for c in Cible.objects.filter(annee__in=list(annees))}


def cible_de(indicateur: Indicateur, annee: int, saisies: dict) -> float | None:
    """The target of a year: the director's, else the indicator's default (seed 000)."""
    if (indicateur.code, annee) in saisies:
        return saisies[(indicateur.code, annee)]
    return indicateur.cible(Periode.annee(annee)) if indicateur.cible else None


@dataclass
class Ligne:
    """An indicator on a screen: this year's value, the previous year's, its trajectory."""

    valeur: Valeur
    precedente: Valeur | None = None
    trajectoire: list[tuple[int, Valeur]] = field(default_factory=list)

    @property
    def indicateur(self):
        return self.valeur.indicateur

    @property
    def statut(self):
        return statut(self.valeur)

    @property
    def evolution(self) -> float | None:
        """Change against the previous year: points for a rate, units for a counter."""
        if self.precedente is None:
            return None
        if self.indicateur.est_un_taux:
            if self.valeur.pourcentage is None or self.precedente.pourcentage is None:
                return None
            return round(self.valeur.pourcentage - self.precedente.pourcentage, 1)
        return self.valeur.numerateur - self.precedente.numerateur


def _valeur(indicateur, instantane, cible) -> Valeur:
    numerateur = instantane.numerateur
    numerateur = int(numerateur) if float(numerateur).is_integer() else numerateur
    denominateur = None if instantane.denominateur is None else int(instantane.denominateur)
    return Valeur(indicateur, numerateur, denominateur, cible)


def lignes(codes, annee: int, axe: str = Axe.TOTAL, cle: str = "", trajectoire: bool = False) -> list[Ligne]:
    """The year's values of these indicators (one breakdown cell, by default the whole service),
    with the previous year and, if asked, the trajectory over the last years. Indicators not yet
    computed for the year are left out."""
    annees = range(annee - (ANNEES_TRAJECTOIRE - 1 if trajectoire else 1), annee + 1)
    calculs = derniers_calculs(annees)
    saisies = cibles(annees)
    par_annee: dict[int, dict[str, Instantane]] = {}
    if calculs:
        for instantane in Instantane.objects.filter(
                calcul__in=list(calculs.values()), code__in=list(codes), axe=axe, cle=cle):
            if instantane.debut.month == 1 and instantane.fin.month == 12:
                par_annee.setdefault(instantane.debut.year, {})[instantane.code] = instantane
    resultat = []
    for code in codes:
        indicateur = INDICATEURS.get(code)
        if indicateur is None or code not in par_annee.get(annee, {}):
            continue
        serie = [(a, _valeur(indicateur, par_annee[a][code], cible_de(indicateur, a, saisies)))
                 for a in annees if code in par_annee.get(a, {})]
        valeurs = dict(serie)
        resultat.append(Ligne(valeurs[annee], valeurs.get(annee - 1), serie if trajectoire else []))
    return resultat


def indicateurs_phares(service, annee: int) -> list[Ligne]:
    """The director's headline indicators of a year, from snapshots: value, target, status,
    previous year and trajectory. Empty when the year has not been computed yet."""
    with service_actif(service):
        return lignes(PHARES, annee, trajectoire=True)


def ventilations(code: str, annee: int) -> dict[str, list[Instantane]]:
    """An indicator's breakdown cells of a year, by axis, largest first."""
    calcul = derniers_calculs([annee]).get(annee)
    if calcul is None:
        return {}
    resultat: dict[str, list[Instantane]] = {}
    for instantane in (Instantane.objects.filter(calcul=calcul, code=code).exclude(axe=Axe.TOTAL)
                       .filter(debut__month=1, fin__month=12).order_by("axe", "-numerateur", "libelle_cle")):
        resultat.setdefault(instantane.axe, []).append(instantane)
    return resultat


def trimestres_et_mois(code: str, annee: int) -> tuple[list[Instantane], list[Instantane]]:
    """An indicator's whole-service values of the year's quarters and of its months (one query)."""
    calcul = derniers_calculs([annee]).get(annee)
    if calcul is None:
        return [], []
    periodes = [i for i in Instantane.objects.filter(calcul=calcul, code=code, axe=Axe.TOTAL).order_by("debut", "fin")
                if not (i.debut.month == 1 and i.fin.month == 12)]
    return ([i for i in periodes if not est_un_mois(i.debut, i.fin)],
            [i for i in periodes if est_un_mois(i.debut, i.fin)])
