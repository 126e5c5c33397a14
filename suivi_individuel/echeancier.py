"""The due list (échéancier): the schedule engine (``rules``) applied to the workers' data,
stored as ``Echeance`` rows, recomputed when a worker's data changes and nightly."""

from dataclasses import fields

from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery

from adherents.models import Salarie
from spsti.tenancy import service_actif

from . import rules
from .models import STATUTS_A_VENIR, Echeance, StatutVisite, Visite


def reglages_du_service(service) -> rules.Reglages:
    """The service's settings (``Service.parametres``) where the law lets it choose."""
    noms = {f.name for f in fields(rules.Reglages)}
    return rules.Reglages(**{cle: valeur for cle, valeur in (service.parametres or {}).items() if cle in noms})


def travailleur(salarie: Salarie) -> rules.Travailleur | None:
    """The engine's view of a worker (prefetched ``emplois``, ``arrets`` and ``visites``); None
    for a worker no longer employed by the member following them."""
    emploi = next((e for e in salarie.emplois.all() if e.adherent_id == salarie.adherent_id and e.date_sortie is None),
                  None)
    if emploi is None:
        return None
    return rules.Travailleur(
        date_naissance=salarie.date_naissance, categorie=salarie.categorie, date_embauche=emploi.date_embauche,
        motifs=tuple(salarie.motifs_categorie),
        absences=tuple(rules.Absence(rules.NatureAbsence(a.nature), a.debut, a.reprise) for a in salarie.arrets.all()),
        visites=tuple(rules.Visite(rules.TypeVisite(v.type), v.date) for v in salarie.visites.all()
                      if v.statut == StatutVisite.REALISEE))


@transaction.atomic
def recalculer(service, salaries=None) -> int:
    """Recomputes the due list of the given workers (default: all the service's workers)."""
    salaries = (Salarie.objects.all() if salaries is None else Salarie.objects.filter(pk__in=[s.pk for s in salaries]))
    salaries = salaries.prefetch_related("emplois", "arrets", "visites")
    reglages = reglages_du_service(service)
    nouvelles, vus = [], []
    for salarie in salaries.iterator(chunk_size=2000):
        vus.append(salarie.pk)
        donnees = travailleur(salarie)
        for e in rules.echeances(donnees, reglages) if donnees else []:
            nouvelles.append(Echeance(tenant=service, salarie_id=salarie.pk, type=e.type, au_plus_tot=e.au_plus_tot,
                                      au_plus_tard=e.au_plus_tard, obligatoire=e.obligatoire,
                                      base_legale=e.base_legale, motif=e.motif,
                                      realisable_par=sorted(e.realisable_par)))
    Echeance.objects.filter(salarie_id__in=vus).delete()
    Echeance.objects.bulk_create(nouvelles, batch_size=5000)
    return len(nouvelles)


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
