"""The regional view: anonymous aggregates of the services that opted in
(``Service.parametres["vue_regionale"]``), computed only from their stored snapshots (never
from live rows), each cell whose count is under 10 suppressed (statistical secrecy), no
regional figure while fewer than three services take part (with two, one's own value and the
total would give the other's), and the asking service's rank among the participants.

Each participant's yearly totals are read inside that service's own scope (ORM and row-level
security), one service after the other: no query ever runs across services, and only sums
leave this module. A federation's staff (no service) get the same aggregates without a rank."""

from dataclasses import dataclass
from datetime import date

from spsti.models import Service
from spsti.tenancy import service_actif

from .calcul import dernier_calcul
from .models import Axe, Instantane
from .registre import INDICATEURS

SEUIL_SECRET = 10
MINIMUM_PARTICIPANTS = 3
CLE_PARTICIPATION = "vue_regionale"


@dataclass
class Agregat:
    code: str
    libelle: str
    participants: int
    valeur: float | None  # None: suppressed (a count under the threshold, too few services) or no data
    rang: int | None  # the asking service's rank (1 = highest), None if it has no value
    propre: float | None  # the asking service's own value

    @property
    def taux(self) -> bool:
        return INDICATEURS[self.code].est_un_taux


def participe(service) -> bool:
    return bool((service.parametres or {}).get(CLE_PARTICIPATION))


def participants() -> list[Service]:
    return list(Service.objects.filter(actif=True, parametres__vue_regionale=True))


def _valeur(code, numerateur, denominateur):
    if INDICATEURS[code].est_un_taux:
        return None if not denominateur else round(100 * numerateur / denominateur, 1)
    return numerateur


def _totaux_du_service(service, annee: int, codes) -> dict[str, tuple[float, float | None]]:
    """A service's yearly totals from its latest finished run, read in its own scope."""
    with service_actif(service):
        calcul = dernier_calcul(annee)
        if calcul is None:
            return {}
        return {code: (n, d) for code, n, d in Instantane.objects.filter(
            calcul=calcul, code__in=list(codes), axe=Axe.TOTAL, debut=date(annee, 1, 1), fin=date(annee, 12, 31))
            .values_list("code", "numerateur", "denominateur")}


def _secret(code, numerateur, denominateur) -> bool:
    compte = denominateur if INDICATEURS[code].est_un_taux else numerateur
    return compte < SEUIL_SECRET or 0 < numerateur < SEUIL_SECRET


def agregats(annee: int, codes, service=None) -> list[Agregat]:
    """The regional aggregates of these indicators for the year; with ``service`` (which must
    take part), its own value and rank."""
    par_service = {s.pk: _totaux_du_service(s, annee, codes) for s in participants()}
    resultat = []
    for code in codes:
        if code not in INDICATEURS:
            continue
        valeurs = {pk: totaux[code] for pk, totaux in par_service.items() if code in totaux}
        numerateur = sum(n for n, _ in valeurs.values())
        denominateur = sum(d or 0 for _, d in valeurs.values())
        cache = (len(valeurs) < MINIMUM_PARTICIPANTS or _secret(code, numerateur, denominateur))
        propres = {pk: _valeur(code, n, d) for pk, (n, d) in valeurs.items()}
        propre = propres.get(service.pk) if service is not None else None
        classees = sorted((v for v in propres.values() if v is not None), reverse=True)
        resultat.append(Agregat(code, INDICATEURS[code].libelle, len(valeurs),
                                None if cache else _valeur(code, numerateur, denominateur),
                                None if propre is None else classees.index(propre) + 1, propre))
    return resultat
