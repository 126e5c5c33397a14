"""Computing the snapshots of a service's year: every indicator's total for the year, its
quarters and its months (up to the current month), and the row-counting indicators' yearly
breakdowns (centre, team, professional, member size class, NAF section), each breakdown one
grouped query (COUNT … FILTER … GROUP BY). The periods of a population of rows are counted
together, in one pass over the rows of all the periods, and so are the row-counting
indicators that count the same rows (visits done, their telehealth share, the share of
nurses...): one count per period and numerator.

Runs in the service's scope (the nightly task, the on-demand task, the tests)."""

from datetime import date, timedelta

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connections, transaction
from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When
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


def ventilations(indicateurs, periode: Periode, seulement=None) -> dict[str, list[tuple]]:
    """Each row-counting indicator's breakdown cells (axe, key, numerator, denominator). The
    indicators that count the same rows share one grouped query per axis, with one
    ``COUNT … FILTER`` per numerator. Cells with no row are absent; a row without a value for
    the axis is the empty key (« Non renseigné »), so every axis adds up to the total."""
    groupes: dict[tuple, tuple[QuerySet, list]] = {}
    for indicateur in indicateurs:
        lignes = indicateur.comptage.lignes(periode).order_by()
        groupes.setdefault(_population(lignes, indicateur.code), (lignes, []))[1].append(indicateur)
    cellules = {indicateur.code: [] for indicateur in indicateurs}
    for lignes, membres in groupes.values():
        comptage = membres[0].comptage
        for axe, expression in _axes(comptage).items():
            if seulement is not None and axe not in seulement:
                continue
            groupes_sql = (lignes.annotate(_cle=expression).values("_cle").annotate(d=Count("pk"), **{
                f"n{rang}": Count("pk", filter=indicateur.comptage.filtre(periode))
                for rang, indicateur in enumerate(membres)}))
            fusion: dict[str, list[int]] = {}
            for groupe in groupes_sql:
                cle = groupe["_cle"]
                cle = section_naf(cle) if axe == Axe.NAF else ("" if cle is None else str(cle))
                somme = fusion.setdefault(cle, [0] * (len(membres) + 1))
                for rang in range(len(membres)):
                    somme[rang] += groupe[f"n{rang}"]
                somme[-1] += groupe["d"]
            for rang, indicateur in enumerate(membres):
                cellules[indicateur.code] += [(axe, cle, somme[rang], somme[-1] if indicateur.comptage.taux else None)
                                              for cle, somme in fusion.items()]
    return cellules


def ventiler(indicateur, periode: Periode, seulement=None) -> list[tuple[str, str, float, float | None]]:
    """One row-counting indicator's breakdown cells (see ``ventilations``)."""
    return ventilations([indicateur], periode, seulement)[indicateur.code]


def _population(lignes: QuerySet, code: str) -> tuple:
    """What identifies a population of rows: where its rows come from (its table and joins,
    with their aliases) and its WHERE clause with its parameters. Compiling the WHERE alone
    costs a fraction of the whole query's compilation. A query with anything else that shapes
    its rows (DISTINCT, a set operation, annotations, slicing), or known empty, is ``(code,)``:
    counted alone."""
    requete = lignes.query
    if (requete.distinct or requete.combinator or requete.annotations or requete.extra
            or requete.low_mark or requete.high_mark is not None):
        return (code,)
    try:
        sql, parametres = requete.get_compiler(lignes.db).compile(requete.where)
    except (EmptyResultSet, FullResultSet):
        return (code,)
    jointures = tuple((alias, jointure.identity, requete.alias_refcount[alias] > 0)
                      for alias, jointure in requete.alias_map.items())
    return (lignes.db, requete.model, jointures), sql, repr(parametres)


def _compter_dans_l_union(requetes: list[QuerySet], conditions: list[tuple[int, Q | None]]) -> list[int]:
    """The rows of each condition (a query's WHERE, and a numerator's when given), counted in
    one pass over the union of the queries' rows. The queries come from the same table and
    joins (the same aliases), so each WHERE compiles as is into the one statement: ``COUNT(CASE
    WHEN … THEN 1 END)`` per condition, the WHERE clauses OR-ed. A numerator's joins are added
    as LEFT JOINs, which keep every row. Building this statement through ``aggregate()`` cost
    more than the counting (Django hashes every filter of every aggregate)."""
    union = requetes[0].query.chain()
    union.get_initial_alias()
    compilateur = union.get_compiler(requetes[0].db)
    wheres = [compilateur.compile(lignes.query.where) for lignes in requetes]
    colonnes, parametres = [], []
    for rang, numerateur in conditions:
        sql, params = wheres[rang]
        if numerateur is not None:
            try:
                sql_numerateur, params_numerateur = compilateur.compile(numerateur.resolve_expression(union))
                sql, params = f"({sql}) AND ({sql_numerateur})", [*params, *params_numerateur]
            except EmptyResultSet:
                sql, params = "1 = 0", []
            except FullResultSet:
                pass
        colonnes.append(f"COUNT(CASE WHEN {sql} THEN 1 END)")
        parametres += params
    tables, parametres_tables = compilateur.get_from_clause()
    clauses = {(sql, repr(params)): (f"({sql})", params) for sql, params in wheres}
    sql = (f"SELECT {', '.join(colonnes)} FROM {' '.join(tables)} "
           f"WHERE {' OR '.join(clause for clause, _ in clauses.values())}")
    with connections[requetes[0].db].cursor() as curseur:
        curseur.execute(sql, parametres + parametres_tables + [p for _, params in clauses.values() for p in params])
        return list(curseur.fetchone())


def _pliable(population: tuple) -> bool:
    """Whether a population is counted with others in one pass over the union of their rows: a
    plain query (not counted alone) whose WHERE has no subquery. With a subquery, one pass
    evaluates each period's subquery against every row of the union, where the database plans
    each period's query alone as a join (``salaries_suivis`` at scale 40: 3.3 s in one pass,
    1.1 s period by period)."""
    return len(population) > 1 and "(SELECT " not in population[1]


def _meme_origine(populations) -> bool:
    return all(_pliable(population) for population in populations) \
        and len({population[0] for population in populations}) == 1


def valeurs(indicateurs, periodes: list[Periode]) -> dict[Periode, dict[str, tuple[float, float | None]]]:
    """Each indicator's (numerator, denominator) for each period, all the periods of a
    population counted at once (see ``_pliable`` for the exception): one pass over the rows of
    all the periods, one count per period. The row-counting indicators whose rows are the same
    query (the same SQL) in every period share that pass, with one count per period and
    numerator; the others' functions give numbers or the rows they count (querysets)."""
    resultat: dict[Periode, dict] = {periode: {} for periode in periodes}
    groupes: dict[tuple, tuple[list[QuerySet], list]] = {}
    for indicateur in indicateurs:
        comptage = indicateur.comptage
        if comptage is None:
            fonctions = [indicateur.numerateur] + ([indicateur.denominateur] if indicateur.denominateur else [])
            nombres = _nombres([fonction(periode) for fonction in fonctions for periode in periodes])
            for p, periode in enumerate(periodes):
                resultat[periode][indicateur.code] = (nombres[p], nombres[len(periodes) + p]
                                                      if indicateur.denominateur else None)
            continue
        requetes = [comptage.lignes(periode).order_by() for periode in periodes]
        cle = tuple(_population(lignes, indicateur.code) for lignes in requetes)
        groupes.setdefault(cle, (requetes, []))[1].append(indicateur)
    for cle, (requetes, membres) in groupes.items():
        comptes = _compter(requetes, membres, periodes) if _meme_origine(cle) else \
            [lignes.aggregate(d=Count("pk"), **{f"n{rang}": Count("pk", filter=indicateur.comptage.filtre(periode))
                                                for rang, indicateur in enumerate(membres)})
             for lignes, periode in zip(requetes, periodes, strict=True)]
        for periode, compte in zip(periodes, comptes, strict=True):
            for rang, indicateur in enumerate(membres):
                resultat[periode][indicateur.code] = (compte[f"n{rang}"],
                                                      compte["d"] if indicateur.comptage.taux else None)
    return resultat


def _nombres(resultats: list) -> list:
    """Numbers as they are, querysets counted: those of the same table and joins (see
    ``_pliable``) in one pass over the union of their rows, one count each."""
    origines: dict[tuple, list[int]] = {}
    for rang, resultat in enumerate(resultats):
        if isinstance(resultat, QuerySet):
            resultat = resultats[rang] = resultat.order_by()
            population = _population(resultat, str(rang))
            origines.setdefault(population[0] if _pliable(population) else population, []).append(rang)
    nombres = list(resultats)
    for rangs in origines.values():
        comptes = [resultats[rangs[0]].count()] if len(rangs) == 1 else \
            _compter_dans_l_union([resultats[rang] for rang in rangs], [(p, None) for p in range(len(rangs))])
        for rang, compte in zip(rangs, comptes, strict=True):
            nombres[rang] = compte
    return nombres


def _compter(requetes: list[QuerySet], membres, periodes) -> list[dict[str, int]]:
    """Each period's population (``d``) and numerators (``n0``, ``n1``... one per member), in
    one pass over the rows of all the periods."""
    conditions = [(p, numerateur) for p, periode in enumerate(periodes)
                  for numerateur in [None] + [indicateur.comptage.filtre(periode) for indicateur in membres]]
    comptes = iter(_compter_dans_l_union(requetes, conditions))
    return [{"d": next(comptes), **{f"n{rang}": next(comptes) for rang in range(len(membres))}} for _ in periodes]


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
    periodes = [annee_entiere] + trimestres(annee) + mois(annee)
    domaines: dict[str, list] = {}
    for indicateur in indicateurs:
        domaines.setdefault(indicateur.domaine, []).append(indicateur)
    lignes = []
    for rang, du_domaine in enumerate(domaines.values(), start=1):
        for periode, du_periode in valeurs(du_domaine, periodes).items():
            lignes += [Instantane(tenant=service, calcul=calcul, code=code, debut=periode.debut, fin=periode.fin,
                                  numerateur=numerateur, denominateur=denominateur)
                       for code, (numerateur, denominateur) in du_periode.items()]
        cellules = ventilations([i for i in du_domaine if i.comptage is not None], annee_entiere)
        lignes += [Instantane(tenant=service, calcul=calcul, code=code, debut=annee_entiere.debut,
                              fin=annee_entiere.fin, axe=axe, cle=cle, numerateur=n, denominateur=d,
                              libelle_cle=libelles.get((axe, cle), NON_RENSEIGNE))
                   for code, des_cellules in cellules.items() for axe, cle, n, d in des_cellules]
        if progression:
            progression(calcul, int(100 * rang / len(domaines)) - 1)
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


