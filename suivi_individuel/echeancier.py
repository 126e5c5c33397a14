"""The due list (échéancier): the schedule engine (``rules``) applied to the workers' data,
stored as ``Echeance`` rows, recomputed when a worker's data changes and nightly."""

import json
import logging
import queue
import threading
from collections import defaultdict
from functools import lru_cache

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Subquery, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from adherents.models import Adherent, PeriodeSuivi, Salarie
from adherents.periodes import emplois_suivis
from spsti.requetes import Ids
from spsti.tenancy import service_actif, table_de_travail

from . import rules
from .models import STATUTS_A_VENIR, ArretTravail, Echeance, StatutVisite, Visite

journal = logging.getLogger(__name__)


def reglages_du_service(service) -> rules.Reglages:
    """The service's settings (``Service.parametres``) where the law lets it choose; a stored
    value beyond the legal bounds is reported and replaced by the legal maximum, never fatal."""
    reglages, erreurs = rules.Reglages.depuis(service.parametres or {})
    for erreur in erreurs:
        journal.warning("Service %s : %s", service.pk, erreur)
    return reglages


def ages_de_branche(service) -> dict[str, int]:
    """The service's table of mid-career ages by branch agreement (IDCC → age, L4624-2-2),
    implausible ages left out (the default age applies)."""
    table = (service.parametres or {}).get("ages_mi_carriere_branches") or {}
    return {str(idcc): age for idcc, age in (table.items() if isinstance(table, dict) else [])
            if rules.age_de_branche(age)}


# The worker's data the engine reads, as plain values (one place: add an input here).
CHAMPS_EMPLOI = ("salarie_id", "pk", "date_embauche", "date_sortie", "nature_contrat", "motif_sortie",
                 "dispense_emploi_identique", "dispense_document_au_medecin", "dispense_sans_mesure_ni_inaptitude")


def travailleurs(salarie_ids, ages_branches=None) -> dict[int, rules.Travailleur | None]:
    """The engine's view of these workers, read as plain values in five queries (model
    instances and their prefetching cost ten times more at 100,000 workers), unsorted; None for a
    worker with no employment at the member following them. Its current employment there, else
    the last one left (for the post-exposure or end-of-career visit), with its category periods."""
    ids = Ids(salarie_ids)
    emplois, emploi_de, periodes = {}, {}, defaultdict(list)
    absences, visites = defaultdict(list), defaultdict(list)
    for (salarie_id, emploi_id, date_embauche, date_sortie, contrat, motif_sortie, *dispense) in (
            emplois_suivis(ids).values_list(*CHAMPS_EMPLOI)):
        emplois[salarie_id] = {"date_embauche": date_embauche, "date_sortie": date_sortie, "nature_contrat": contrat,
                               "motif_sortie": motif_sortie, "dispense": all(dispense)}
        emploi_de[salarie_id] = emploi_id
    for emploi_id, *periode in (PeriodeSuivi.objects.filter(emploi_id__parmi=Ids(emploi_de.values())).order_by()
                                .values_list("emploi_id", "categorie", "motif", "debut", "fin")):
        periodes[emploi_id].append(rules.Periode(*periode))
    for salarie_id, nature, debut, reprise in (ArretTravail.objects.filter(salarie_id__parmi=ids).order_by()
                                               .values_list("salarie_id", "nature", "debut", "reprise")):
        absences[salarie_id].append(rules.Absence(rules.NatureAbsence(nature), debut, reprise))
    for salarie_id, type_visite, jour, avec_mi_carriere in (
            Visite.objects.filter(salarie_id__parmi=ids, statut=StatutVisite.REALISEE).order_by()
            .values_list("salarie_id", "type", "date", "avec_mi_carriere")):
        visites[salarie_id].append(rules.Visite(rules.TypeVisite(type_visite), jour))
        if avec_mi_carriere:  # L4624-2-2: held together with this visit
            visites[salarie_id].append(rules.Visite(rules.TypeVisite.MI_CARRIERE, jour))
    salaries = (Salarie.objects.filter(pk__parmi=ids).order_by()
                .values_list("pk", "date_naissance", "categorie", Cast("motifs_categorie", TextField()), "adherent_id"))
    salaries = [salarie for salarie in salaries if salarie[0] in emplois]
    age_de = ages_par_adherent({salarie[-1] for salarie in salaries}, ages_branches) if ages_branches else {}
    return {pk: rules.Travailleur(
        date_naissance=naissance, categorie=categorie, absences=tuple(absences[pk]), visites=tuple(visites[pk]),
        motifs=liste_json(motifs),
        periodes=tuple(periodes[emploi_de[pk]]), age_mi_carriere=age_de.get(adherent), **emplois[pk])
        for pk, naissance, categorie, motifs, adherent in salaries} | dict.fromkeys(set(ids.liste) - emplois.keys())


def ages_par_adherent(adherent_ids, ages_branches: dict[str, int]) -> dict[int, int]:
    """The members' branch ages of mid-career (L4624-2-2), for those whose IDCC has one."""
    return {pk: ages_branches[idcc] for pk, idcc in Adherent.objects.filter(
        pk__parmi=adherent_ids, idcc__in=list(ages_branches)).order_by().values_list("pk", "idcc")}


@lru_cache(maxsize=1024)
def liste_json(texte: str | None) -> tuple:
    """A JSON list as read from the database (text), as a tuple; decoded once per distinct value
    (a handful: reasons, who may perform a visit), not once per row."""
    return tuple(json.loads(texte)) if texte else ()


@lru_cache(maxsize=1024)
def texte_json(valeurs: tuple) -> str:
    """The other way: a tuple as the JSON text a JSONField stores, encoded once per distinct value."""
    return json.dumps(list(valeurs))


# An ``Echeance`` row as plain values, in this order (what the engine computes; the diff key).
COLONNES = ("salarie_id", "type", "au_plus_tot", "au_plus_tard", "obligatoire", "base_legale", "motif",
            "realisable_par")
TAILLE_LOT = 2000


def calculer(lot, reglages, ages_branches=None) -> list[tuple]:
    """The deadlines of these workers as plain tuples (``COLONNES``): their data read by
    ``travailleurs``, then the engine."""
    return [(pk, str(e.type), e.au_plus_tot, e.au_plus_tard, e.obligatoire, e.base_legale, e.motif,
             tuple(sorted(e.realisable_par)))
            for pk, donnees in travailleurs(lot, ages_branches).items() if donnees
            for e in rules.echeances(donnees, reglages)]


def ecrire(service, lot, nouvelles: list[tuple]) -> tuple[int, int]:
    """Makes the stored deadlines of the workers ``lot`` equal to ``nouvelles``, writing only what
    changed (an unchanged deadline keeps its row and its ``calculee_le``): the lot's stored rows
    read by its index by worker and matched to the computed ones in Python, then one ``DELETE``
    by id of those not computed again and one ``INSERT … SELECT`` of the new ones from a staging
    table (``COPY FROM`` is refused on a table under forced row-level security; the ``INSERT``
    goes through its policy). Returns (added, removed)."""
    # By worker only: the lot's workers are the service's, and with statistics from before the
    # service's rows were written (a first load, a large import) the planner would read the
    # service's index instead, every row of the service so far. Row-level security still applies.
    stockees = defaultdict(list)
    for pk, *ligne, realisable_par in (Echeance.tous_services.filter(salarie_id__parmi=lot).order_by()
                                       .values_list("pk", *COLONNES[:-1], Cast("realisable_par", TextField()))):
        stockees[(*ligne, liste_json(realisable_par))].append(pk)
    ajoutees = []
    for ligne in nouvelles:
        if stockees.get(ligne):
            stockees[ligne].pop()  # unchanged: its row stays
        else:
            ajoutees.append(ligne)
    supprimees = [pk for pks in stockees.values() for pk in pks]
    table, colonnes = Echeance._meta.db_table, ", ".join(COLONNES)
    with connection.cursor() as curseur:
        if supprimees:
            Echeance.tous_services.filter(pk__parmi=supprimees).delete()
        if ajoutees:
            mettre_en_attente(curseur, ajoutees)
            curseur.execute(f"INSERT INTO {table} (tenant_id, calculee_le, {colonnes}) "
                            f"SELECT %s, %s, {colonnes} FROM echeance_calculee", [service.pk, timezone.now()])
    return len(ajoutees), len(supprimees)


def mettre_en_attente(curseur, lignes: list[tuple]) -> None:
    """The computed deadlines into the session's staging table ``echeance_calculee``, emptied
    first: ``COPY`` on PostgreSQL, one multi-row ``INSERT`` elsewhere."""
    postgresql = connection.vendor == "postgresql"
    table_de_travail(curseur, "echeance_calculee", "(salarie_id bigint, type varchar(32), au_plus_tot date, "
                     "au_plus_tard date, obligatoire boolean, base_legale varchar(64), motif varchar(255), "
                     f"realisable_par {'jsonb' if postgresql else 'text'})")
    curseur.execute("DELETE FROM echeance_calculee")
    valeurs = ((*ligne[:-1], texte_json(ligne[-1])) for ligne in lignes)
    if postgresql:
        with curseur.cursor.copy(f"COPY echeance_calculee ({', '.join(COLONNES)}) FROM STDIN") as copie:
            for ligne in valeurs:
                copie.write_row(ligne)
    else:
        curseur.executemany(f"INSERT INTO echeance_calculee VALUES ({', '.join(['%s'] * len(COLONNES))})", valeurs)


def lots(salarie_ids=None) -> list[list[int]]:
    """The service's workers (or these) in chunks of at most ``TAILLE_LOT``, one team's workers
    together (a team's chunks can run on separate Celery workers)."""
    lignes = Salarie.objects.order_by("adherent__equipe_id", "pk")
    if salarie_ids is not None:
        lignes = lignes.filter(pk__parmi=salarie_ids)
    par_equipe = defaultdict(list)
    for equipe, pk in lignes.values_list("adherent__equipe_id", "pk"):
        par_equipe[equipe].append(pk)
    return [ids[debut:debut + TAILLE_LOT] for ids in par_equipe.values() for debut in range(0, len(ids), TAILLE_LOT)]


def parametres_du_moteur(service) -> tuple[rules.Reglages, dict[str, int]]:
    """What the engine takes from the service: its settings and its branch ages."""
    return reglages_du_service(service), ages_de_branche(service)


@transaction.atomic
def recalculer_lot(service, lot, parametres=None) -> tuple[int, int, int]:
    """One chunk: compute, write what changed. Idempotent (run twice, the second writes
    nothing). Returns (deadlines, added, removed)."""
    nouvelles = calculer(lot, *(parametres or parametres_du_moteur(service)))
    return len(nouvelles), *ecrire(service, lot, nouvelles)


def recalculer(service, salaries=None) -> int:
    """Recomputes the due list of the given workers (default: all the service's workers), chunk
    by chunk, in this process (the nightly task spreads the chunks over the Celery workers).
    Returns the number of deadlines."""
    parametres = parametres_du_moteur(service)
    if salaries is not None:
        return recalculer_lot(service, [s.pk for s in salaries], parametres)[0]
    total = sum(recalculer_lot(service, lot, parametres)[0] for lot in lots())
    analyser()
    return total


def en_fils_possible() -> bool:
    """Whether chunks may run in threads of this process, each on its own connection: PostgreSQL
    (SQLite serialises writers) outside a transaction (a thread's connection would not see
    its rows)."""
    return connection.vendor == "postgresql" and not connection.in_atomic_block


def recalculer_en_fils(service, lots, fils=2) -> None:
    """The chunks in ``fils`` threads, each on its own connection (closed at its end): the
    nightly chord's parallelism where no Celery worker runs it (tasks run eagerly: the demo
    loading). A chunk's reading and writing wait on PostgreSQL while the other thread computes:
    at scale 40, 21 s in one thread, 12 s in two. The first error is raised once all have stopped."""
    file, erreurs = queue.SimpleQueue(), []
    for lot in lots:
        file.put(lot)

    def travailler():
        try:
            with service_actif(service):
                parametres = parametres_du_moteur(service)
                while not erreurs:
                    try:
                        lot = file.get_nowait()
                    except queue.Empty:
                        return
                    recalculer_lot(service, lot, parametres)
        except BaseException as erreur:  # raised again in the calling thread
            erreurs.append(erreur)
        finally:
            connection.close()

    lances = [threading.Thread(target=travailler, name=f"echeancier-{rang}") for rang in range(fils)]
    for fil in lances:
        fil.start()
    for fil in lances:
        fil.join()
    if erreurs:
        raise erreurs[0]


def analyser():
    """After a full recomputation: fresh statistics for the planner."""
    if connection.vendor == "postgresql":
        with connection.cursor() as curseur:
            curseur.execute("ANALYZE suivi_individuel_echeance")


def avec_convocation(echeances):
    """Each due visit with the start of the visit booked for it (``convoquee_pour``, None when
    not yet booked): same worker, same type, coming."""
    prevues = Visite.objects.filter(salarie=OuterRef("salarie"), type=OuterRef("type"), statut__in=STATUTS_A_VENIR)
    return echeances.annotate(convoquee_pour=Subquery(prevues.order_by("debut").values("debut")[:1]),
                              a_planifier=~Exists(prevues))


def prochaines_visites(salaries) -> dict[int, Echeance]:
    """Each worker's next mandatory visit (the earliest deadline), in one query."""
    prochaines = {}
    for echeance in avec_convocation(Echeance.objects.filter(salarie__in=salaries, obligatoire=True)
                                     ).order_by("au_plus_tard"):
        prochaines.setdefault(echeance.salarie_id, echeance)
    return prochaines



def a_jour_apres_modification(sender, instance, **kwargs):
    """post_save / post_delete of what the schedule depends on: that worker's due list again."""
    salarie = (instance if isinstance(instance, Salarie) else instance.emploi.salarie
               if isinstance(instance, PeriodeSuivi) else instance.salarie)
    with service_actif(salarie.tenant):
        recalculer(salarie.tenant, [salarie])
