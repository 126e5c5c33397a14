"""The due list (échéancier): the schedule engine (``rules``) applied to the workers' data,
stored as ``Echeance`` rows, recomputed when a worker's data changes and nightly."""

import logging
from collections import defaultdict

from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Subquery

from adherents.models import Emploi, Salarie
from spsti.tenancy import service_actif

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
CHAMPS_EMPLOI = ("salarie_id", "date_embauche", "date_sortie", "nature_contrat", "motif_sortie",
                 "dispense_emploi_identique", "dispense_document_au_medecin", "dispense_sans_mesure_ni_inaptitude")
CHAMPS_SALARIE = ("pk", "date_naissance", "categorie", "motifs_categorie", "categorie_depuis", "fin_exposition",
                  "adherent__idcc")


def travailleurs(salarie_ids, ages_branches=None) -> dict[int, rules.Travailleur | None]:
    """The engine's view of these workers, read as plain values in four queries (model
    instances and their prefetching cost ten times more at 100,000 workers); None for a worker
    with no employment at the member following them. Its current employment there, else the
    last one left (for the post-exposure or end-of-career visit)."""
    emplois, absences, visites = {}, defaultdict(list), defaultdict(list)
    for (salarie_id, date_embauche, date_sortie, contrat, motif_sortie, *dispense) in (
            Emploi.objects.filter(salarie_id__in=salarie_ids, adherent_id=F("salarie__adherent_id"))
            .order_by(F("date_sortie").asc(nulls_last=True), "date_embauche").values_list(*CHAMPS_EMPLOI)):
        emplois[salarie_id] = {"date_embauche": date_embauche, "date_sortie": date_sortie, "nature_contrat": contrat,
                               "motif_sortie": motif_sortie, "dispense": all(dispense)}
    for salarie_id, nature, debut, reprise in (ArretTravail.objects.filter(salarie_id__in=salarie_ids)
                                               .values_list("salarie_id", "nature", "debut", "reprise")):
        absences[salarie_id].append(rules.Absence(rules.NatureAbsence(nature), debut, reprise))
    for salarie_id, type_visite, jour in (Visite.objects.filter(salarie_id__in=salarie_ids,
                                                                statut=StatutVisite.REALISEE)
                                          .values_list("salarie_id", "type", "date")):
        visites[salarie_id].append(rules.Visite(rules.TypeVisite(type_visite), jour))
    ages_branches = ages_branches or {}
    return {
        pk: rules.Travailleur(date_naissance=naissance, categorie=categorie, motifs=tuple(motifs),
                              absences=tuple(absences[pk]), visites=tuple(visites[pk]), fin_exposition_sir=fin,
                              categorie_depuis=depuis, age_mi_carriere=ages_branches.get(idcc), **emplois[pk])
        if pk in emplois else None
        for pk, naissance, categorie, motifs, depuis, fin, idcc in Salarie.objects.filter(pk__in=salarie_ids)
        .values_list(*CHAMPS_SALARIE)}


@transaction.atomic
def recalculer(service, salaries=None) -> int:
    """Recomputes the due list of the given workers (default: all the service's workers), by
    chunks of 2,000."""
    ids = (list(Salarie.objects.values_list("pk", flat=True)) if salaries is None
           else [s.pk for s in salaries])
    reglages, ages_branches = reglages_du_service(service), ages_de_branche(service)
    total = 0
    for debut in range(0, len(ids), 2000):
        lot = ids[debut:debut + 2000]
        nouvelles = [Echeance(tenant=service, salarie_id=pk, type=e.type, au_plus_tot=e.au_plus_tot,
                              au_plus_tard=e.au_plus_tard, obligatoire=e.obligatoire, base_legale=e.base_legale,
                              motif=e.motif, realisable_par=sorted(e.realisable_par))
                     for pk, donnees in travailleurs(lot, ages_branches).items() if donnees
                     for e in rules.echeances(donnees, reglages)]
        Echeance.objects.filter(salarie_id__in=lot).delete()
        Echeance.objects.bulk_create(nouvelles, batch_size=5000)
        total += len(nouvelles)
    if salaries is None and connection.vendor == "postgresql":
        with connection.cursor() as curseur:  # the table was rewritten: fresh statistics for the planner
            curseur.execute("ANALYZE suivi_individuel_echeance")
    return total


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
    salarie = instance if isinstance(instance, Salarie) else instance.salarie
    with service_actif(salarie.tenant):
        recalculer(salarie.tenant, [salarie])
