"""When a worker's follow-up category and each of its reasons started and ended, per employment
(``PeriodeSuivi``): a change of category or reasons closes the periods of what the worker left
and opens those of what it entered, on the date of the change (R4624-24, R4624-18: the
follow-up a category requires runs from its start; L4624-2-1: the post-exposure visit from
the end of the SIR). Without a period, a category or reason runs from the hiring."""

from collections import defaultdict
from datetime import date

from django.db.models import F, OuterRef, Subquery

from spsti.requetes import Ids
from spsti.tenancy import creer_avec_historique, historique_en_masse

from .models import Emploi, MotifCategorie, PeriodeSuivi, Salarie


def emplois_suivis(salarie_ids):
    """The workers' employments at the member following them, the one the schedule engine reads
    last: the current one there, else the last one left. The worker's member is read by its key for
    each employment found (joined, PostgreSQL matched them against every worker of the service)."""
    suivant = Salarie.objects.filter(pk=OuterRef("salarie_id")).order_by().values("adherent_id")
    return (Emploi.objects.filter(salarie_id__parmi=Ids(salarie_ids), adherent_id=Subquery(suivant))
            .order_by(F("date_sortie").asc(nulls_last=True), "date_embauche"))


def emplois_de_suivi(salarie_ids) -> dict[int, tuple[int, date]]:
    """Each worker's follow-up employment (``emplois_suivis``) as (pk, hiring date)."""
    return {salarie_id: (pk, embauche) for salarie_id, pk, embauche
            in emplois_suivis(salarie_ids).values_list("salarie_id", "pk", "date_embauche")}


def cles(categorie: str, motifs) -> set[tuple[str, str]]:
    """A category and its reasons as period keys (category, reason; the category itself: "")."""
    return {(categorie, "")} | {(MotifCategorie.categorie(motif), motif) for motif in motifs or []}


def dater_changements(changements, jour: date, par=None) -> None:
    """``changements``: (worker as saved, its former category, its former reasons). On each
    worker's follow-up employment, the periods of what it left end on ``jour`` (a category or
    reason without a period is recorded from the hiring) and those of what it entered start on
    ``jour`` (never before the hiring)."""
    changes = [(salarie, cles(categorie, motifs), cles(salarie.categorie, salarie.motifs_categorie))
               for salarie, categorie, motifs in changements]
    changes = [change for change in changes if change[1] != change[2]]
    if not changes:
        return
    emplois = emplois_de_suivi([salarie.pk for salarie, _, _ in changes])
    ouvertes = defaultdict(dict)
    for periode in PeriodeSuivi.objects.filter(emploi_id__in=[pk for pk, _ in emplois.values()], fin__isnull=True):
        ouvertes[periode.emploi_id][(periode.categorie, periode.motif)] = periode
    nouvelles, fermees = [], []
    for salarie, avant, apres in changes:
        if salarie.pk not in emplois:
            continue
        emploi, embauche = emplois[salarie.pk]
        jour_du_changement = max(jour, embauche)
        for categorie, motif in sorted(avant - apres):
            if periode := ouvertes[emploi].get((categorie, motif)):
                periode.fin = max(jour_du_changement, periode.debut)
                fermees.append(periode)
            else:
                nouvelles.append(PeriodeSuivi(tenant_id=salarie.tenant_id, emploi_id=emploi, categorie=categorie,
                                              motif=motif, debut=embauche, fin=jour_du_changement))
        nouvelles += [PeriodeSuivi(tenant_id=salarie.tenant_id, emploi_id=emploi, categorie=categorie, motif=motif,
                                   debut=jour_du_changement) for categorie, motif in sorted(apres - avant)]
    PeriodeSuivi.objects.bulk_update(fermees, ["fin"])
    historique_en_masse(PeriodeSuivi, [periode.pk for periode in fermees], "~", par)
    creer_avec_historique(nouvelles, PeriodeSuivi, par)
