"""The regional view: anonymous aggregates of the services that opted in
(``Service.parametres["vue_regionale"]``), computed only from their stored snapshots (never
from live rows), each cell whose count is under 10 suppressed (statistical secrecy), and the
asking service's rank among the participants."""

from dataclasses import dataclass

from spsti.models import Service
from spsti.tenancy import tous_services_actifs

from .models import Axe, CalculIndicateurs, EtatCalcul, Instantane
from .registre import INDICATEURS

SEUIL_SECRET = 10
CLE_PARTICIPATION = "vue_regionale"


@dataclass
class Agregat:
    code: str
    libelle: str
    participants: int
    valeur: float | None  # None: suppressed (a count under the threshold) or no data
    rang: int | None  # the asking service's rank (1 = highest), None if it has no value
    propre: float | None  # the asking service's own value


def participe(service) -> bool:
    return bool((service.parametres or {}).get(CLE_PARTICIPATION))


def _valeur(code, numerateur, denominateur):
    if INDICATEURS[code].est_un_taux:
        return None if not denominateur else round(100 * numerateur / denominateur, 1)
    return numerateur


def agregats(service, annee: int, codes) -> list[Agregat]:
    """The regional aggregates of these indicators for the year (the asking service must take part)."""
    with tous_services_actifs():
        participants = list(Service.objects.filter(actif=True, parametres__vue_regionale=True)
                            .values_list("pk", flat=True))
        derniers = {}  # each participant's latest finished run (the latest one read wins)
        for calcul in (CalculIndicateurs.tous_services.filter(tenant__in=participants, annee=annee,
                                                              etat=EtatCalcul.TERMINE).order_by("commence_le")):
            derniers[calcul.tenant_id] = calcul.pk
        lignes = list(Instantane.tous_services.filter(calcul__in=list(derniers.values()), code__in=list(codes),
                                                      axe=Axe.TOTAL, debut__year=annee, debut__month=1,
                                                      fin__month=12)
                      .values_list("tenant_id", "code", "numerateur", "denominateur"))
    par_code: dict[str, dict[int, tuple[float, float | None]]] = {}
    for tenant, code, numerateur, denominateur in lignes:
        par_code.setdefault(code, {})[tenant] = (numerateur, denominateur)
    resultat = []
    for code in codes:
        valeurs = par_code.get(code, {})
        if code not in INDICATEURS:
            continue
        numerateur = sum(n for n, _ in valeurs.values())
        denominateur = sum(d or 0 for _, d in valeurs.values())
        compte = denominateur if INDICATEURS[code].est_un_taux else numerateur
        secret = compte < SEUIL_SECRET or 0 < numerateur < SEUIL_SECRET
        par_service = {t: _valeur(code, n, d) for t, (n, d) in valeurs.items()}
        propre = par_service.get(service.pk)
        classees = sorted((v for v in par_service.values() if v is not None), reverse=True)
        resultat.append(Agregat(code, INDICATEURS[code].libelle, len(valeurs),
                                None if secret or not valeurs else _valeur(code, numerateur, denominateur),
                                None if propre is None else classees.index(propre) + 1, propre))
    return resultat
