"""The rules of DUERP support and of the "Relais de prévention", as pure functions.

- DUERP versions are kept 40 years (L4121-3-1); the employer updates it yearly from 11 workers
  (R4121-2).
- An action plan counts once it holds at least three priority actions (seed 001 § 3.2.1: « une
  définition de 3 axes prioritaires »; § 3.3.1: « à minima 3 points de progrès »).
- A Relais de prévention follows four half-day modules within two years of the commitment
  contract, does its DUERP and its action plan, is visited, then followed one year after the
  visit; the label crowns it (seed 001 § 3.3.1, relaisdeprevention.com).
"""

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

CONSERVATION_DUERP_ANS = 40  # L4121-3-1
PRIORITES_MINIMUM = 3
DUREE_RELAIS_MOIS = 24
SUIVI_APRES_VISITE_MOIS = 12
MODULES_RELAIS = {
    1: "Sécurité et prévention dans l'entreprise",
    2: "Du Document Unique au Plan d'Action",
    3: "Méthode de Gestion des Accidents du Travail",
    4: "Analyse des situations de travail / échanges de pratiques",
}


def conserver_jusqu_au(mis_a_jour_le: date) -> date:
    """A DUERP version is kept at least 40 years (L4121-3-1)."""
    return mis_a_jour_le + relativedelta(years=CONSERVATION_DUERP_ANS)


def plan_complet(priorites: int) -> bool:
    return priorites >= PRIORITES_MINIMUM


def fin_modules_relais(contrat_signe_le: date) -> date:
    """The four modules are followed within two years of the contract."""
    return contrat_signe_le + relativedelta(months=DUREE_RELAIS_MOIS)


def suivi_relais_du_le(visite_le: date) -> date:
    return visite_le + relativedelta(months=SUIVI_APRES_VISITE_MOIS)


@dataclass(frozen=True)
class EtatRelais:
    """What is known of a Relais' path, for its label."""

    contrat_signe_le: date | None
    modules_suivis: dict[int, date]  # module → first date attended after the contract
    duerp_le: date | None  # a DUERP filed after the contract
    points_de_progres: int
    visite_le: date | None


def manques_pour_label(etat: EtatRelais) -> list[str]:
    """What the Relais still lacks for the label (empty: it may be awarded)."""
    if etat.contrat_signe_le is None:
        return ["le contrat d'engagement signé"]
    manques = []
    limite = fin_modules_relais(etat.contrat_signe_le)
    for numero, titre in MODULES_RELAIS.items():
        suivi = etat.modules_suivis.get(numero)
        if suivi is None:
            manques.append(f"le module {numero} « {titre} »")
        elif suivi > limite:
            manques.append(f"le module {numero} dans les 2 ans du contrat (suivi le {suivi:%d/%m/%Y})")
    if etat.duerp_le is None:
        manques.append("un DUERP déposé après la signature du contrat")
    if not plan_complet(etat.points_de_progres):
        manques.append(f"un plan d'action d'au moins {PRIORITES_MINIMUM} points de progrès")
    if etat.visite_le is None:
        manques.append("la visite en entreprise")
    return manques
