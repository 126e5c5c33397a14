"""Computing the snapshots of a service's year: every indicator's total for the year, its
quarters and its months (up to the current month), and the row-counting indicators' yearly
breakdowns (centre, team, professional, member size class, NAF section), each breakdown one
grouped query (COUNT … FILTER … GROUP BY). The row-counting indicators that
count the same rows (visits done, their telehealth share, the share of nurses...) are counted
together: one pass over the rows per period, one ``COUNT … FILTER`` per numerator.

Runs in the service's scope (the nightly task, the on-demand task, the tests)."""

from datetime import date, timedelta

from django.core.exceptions import EmptyResultSet
from django.db import transaction
from django.db.models import Case, CharField, Count, F, QuerySet, Value, When
from django.db.models.functions import Substr
from django.utils import timezone

from adherents.filters import BORNES_TRANCHES
from adherents.models import TrancheEffectif
from spsti.models import Centre, Equipe, Rattachement

from .models import Axe, CalculIndicateurs, EtatCalcul, Instantane
from .registre import INDICATEURS, Periode, service_courant

# NAF rév. 2: division (first two digits) → section letter (INSEE).
SECTIONS_NAF = [("A", 1, 3), ("B", 5, 9), ("C", 10, 33), ("D", 35, 35), ("E", 36, 39), ("F", 41, 43),
                ("G", 45, 47), ("H", 49, 53), ("I", 55, 56), ("J", 58, 63), ("K", 64, 66), ("L", 68, 68),
                ("M", 69, 75), ("N", 77, 82), ("O", 84, 84), ("P", 85, 85), ("Q", 86, 88), ("R", 90, 93),
                ("S", 94, 96), ("T", 97, 98), ("U", 99, 99)]
NON_RENSEIGNE = "Non renseigné"


def section_naf(division: str | None) -> str:
    if not division or not division.isdigit():
        return ""
    numero = int(division)
    return next((lettre for lettre, de, a in SECTIONS_NAF if de <= numero <= a), "")


def _de_mois_en_mois(annee: int, mois: int, duree: int) -> Periode:
    suivant = date(annee, mois + duree, 1) if mois + duree <= 12 else date(annee + 1, 1, 1)
    return Periode(date(annee, mois, 1), suivant - timedelta(days=1))


def trimestres(annee: int) -> list[Periode]:
    return [_de_mois_en_mois(annee, mois, 3) for mois in (1, 4, 7, 10)]


def mois(annee: int) -> list[Periode]:
    """The months of the year that have begun (a month to come has nothing to count yet)."""
    aujourd_hui = timezone.localdate()
    dernier = 12 if annee < aujourd_hui.year else (aujourd_hui.month if annee == aujourd_hui.year else 0)
    return [_de_mois_en_mois(annee, m, 1) for m in range(1, dernier + 1)]


def est_un_mois(debut: date, fin: date) -> bool:
    return debut.day == 1 and debut.month == fin.month and debut.year == fin.year


def _chemin(prefixe: str, champ: str) -> str:
    return f"{prefixe}__{champ}" if prefixe else champ


def _expression_tranche(prefixe: str):
    effectif = _chemin(prefixe, "effectif")
    return Case(*[When(**{f"{effectif}__gte": minimum, **({} if maximum is None else {f"{effectif}__lte": maximum})},
                       then=Value(tranche.value)) for tranche, (minimum, maximum) in BORNES_TRANCHES.items()],
                default=Value(""), output_field=CharField())


def _axes(comptage) -> dict[str, object]:
    """Breakdown → the expression to group by, for the axes this row kind has."""
    axes = {}
    if comptage.equipe:
        axes[Axe.EQUIPE] = F(comptage.equipe)
    if comptage.adherent is not None:
        axes[Axe.CENTRE] = F(_chemin(comptage.adherent, "centre"))
        axes[Axe.TRANCHE] = _expression_tranche(comptage.adherent)
        axes[Axe.NAF] = Substr(_chemin(comptage.adherent, "code_naf_id"), 1, 2)
    if comptage.professionnel:
        axes[Axe.PROFESSIONNEL] = F(comptage.professionnel)
    return axes


def ventiler(indicateur, periode: Periode, seulement=None) -> list[tuple[str, str, float, float | None]]:
    """(axe, key, numerator, denominator) of every breakdown cell, one grouped query per axis.
    Cells with no row are absent; a row without a value for the axis is the empty key
    (« Non renseigné »), so every axis adds up to the total."""
    comptage = indicateur.comptage
    lignes = comptage.lignes(periode)
    filtre = comptage.filtre(periode)
    cellules = []
    for axe, expression in _axes(comptage).items():
        if seulement is not None and axe not in seulement:
            continue
        groupes = (lignes.order_by().annotate(_cle=expression).values("_cle")
                   .annotate(n=Count("pk", filter=filtre), d=Count("pk")))
        fusion: dict[str, list[int]] = {}
        for groupe in groupes:
            cle = groupe["_cle"]
            cle = section_naf(cle) if axe == Axe.NAF else ("" if cle is None else str(cle))
            somme = fusion.setdefault(cle, [0, 0])
            somme[0] += groupe["n"]
            somme[1] += groupe["d"]
        for cle, (n, d) in fusion.items():
            cellules.append((axe, cle, n, d if comptage.taux else None))
    return cellules


def _population(lignes: QuerySet, code: str) -> tuple:
    """What identifies a population of rows: its table, its joins and its WHERE clause (with its
    parameters). Compiling the WHERE alone costs a fraction of the whole query's compilation;
    a query with anything else that shapes its rows (DISTINCT, a set operation, annotations,
    slicing) or known empty is counted alone."""
    requete = lignes.query
    if (requete.distinct or requete.combinator or requete.annotations or requete.extra
            or requete.low_mark or requete.high_mark is not None):
        return (code,)
    try:
        sql, parametres = requete.get_compiler(lignes.db).compile(requete.where)
    except EmptyResultSet:
        return (code,)
    jointures = tuple(jointure.identity for jointure in requete.alias_map.values())
    return requete.model, jointures, sql, repr(parametres)


def valeurs(indicateurs, periode: Periode) -> dict[str, tuple[float, float | None]]:
    """Each indicator's (numerator, denominator) for the period. The row-counting ones whose
    rows are the same query (the same SQL) are counted in one aggregate: one pass over the
    rows, ``COUNT(*)`` for the population and one ``COUNT … FILTER`` per numerator. The others
    through their functions."""
    resultat = {}
    groupes: dict[tuple, tuple[QuerySet, list]] = {}
    for indicateur in indicateurs:
        comptage = indicateur.comptage
        if comptage is None:
            calcule = indicateur.valeur(periode)
            resultat[indicateur.code] = (calcule.numerateur, calcule.denominateur)
            continue
        lignes = comptage.lignes(periode).order_by()
        groupes.setdefault(_population(lignes, indicateur.code), (lignes, []))[1].append(indicateur)
    for lignes, membres in groupes.values():
        comptes = lignes.aggregate(d=Count("pk"), **{
            f"n{rang}": Count("pk", filter=indicateur.comptage.filtre(periode))
            for rang, indicateur in enumerate(membres)})
        for rang, indicateur in enumerate(membres):
            resultat[indicateur.code] = (comptes[f"n{rang}"], comptes["d"] if indicateur.comptage.taux else None)
    return resultat


def libelles_des_cles() -> dict[tuple[str, str], str]:
    """How a breakdown key reads (a team's name...), for the active service."""
    libelles = {(Axe.EQUIPE, str(pk)): nom for pk, nom in Equipe.objects.values_list("pk", "nom")}
    libelles |= {(Axe.CENTRE, str(pk)): nom for pk, nom in Centre.objects.values_list("pk", "nom")}
    libelles |= {(Axe.PROFESSIONNEL, str(r.pk)): f"{r.utilisateur.get_full_name() or r.utilisateur} "
                 f"({r.get_role_display().lower()})" for r in Rattachement.objects.select_related("utilisateur")}
    libelles |= {(Axe.TRANCHE, t.value): t.label for t in TrancheEffectif}
    libelles |= {(Axe.NAF, lettre): f"Section {lettre}" for lettre, _, _ in SECTIONS_NAF}
    return libelles


def calculer_annee(annee: int, calcul: CalculIndicateurs | None = None, codes=None,
                   progression=None) -> CalculIndicateurs:
    """Computes a year's snapshots into a new run (or the given one) and returns it."""
    service = service_courant()
    calcul = calcul or CalculIndicateurs.objects.create(tenant=service, annee=annee)
    indicateurs = [i for c, i in INDICATEURS.items() if codes is None or c in codes]
    annee_entiere = Periode.annee(annee)
    libelles = libelles_des_cles()
    lignes = []
    periodes = [annee_entiere] + trimestres(annee) + mois(annee)
    for rang, periode in enumerate(periodes, start=1):
        for code, (numerateur, denominateur) in valeurs(indicateurs, periode).items():
            lignes.append(Instantane(tenant=service, calcul=calcul, code=code, debut=periode.debut,
                                     fin=periode.fin, numerateur=numerateur, denominateur=denominateur))
        if progression:
            progression(calcul, int(50 * rang / len(periodes)))
    for rang, indicateur in enumerate(indicateurs, start=1):
        if indicateur.comptage is not None:
            for axe, cle, n, d in ventiler(indicateur, annee_entiere):
                lignes.append(Instantane(tenant=service, calcul=calcul, code=indicateur.code,
                                         debut=annee_entiere.debut, fin=annee_entiere.fin, axe=axe, cle=cle,
                                         libelle_cle=libelles.get((axe, cle), NON_RENSEIGNE),
                                         numerateur=n, denominateur=d))
        if progression and rang % 10 == 0:
            progression(calcul, 50 + int(50 * rang / len(indicateurs)))
    with transaction.atomic():
        Instantane.objects.bulk_create(lignes, batch_size=2000)
        calcul.etat, calcul.avancement, calcul.termine_le = EtatCalcul.TERMINE, 100, timezone.now()
        calcul.save()
    return calcul


def dernier_calcul(annee: int) -> CalculIndicateurs | None:
    return CalculIndicateurs.objects.filter(annee=annee, etat=EtatCalcul.TERMINE).order_by("-commence_le").first()


def derniers_calculs(annees) -> dict[int, CalculIndicateurs]:
    """The latest finished run of each year (one query, portable: the latest one read wins)."""
    calculs = {}
    for calcul in (CalculIndicateurs.objects.filter(annee__in=list(annees), etat=EtatCalcul.TERMINE)
                   .order_by("commence_le")):
        calculs[calcul.annee] = calcul
    return calculs


