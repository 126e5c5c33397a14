"""One workforce count. A member's headcount is the number of its workers with an employment open
at the reference date, each counting one whatever their working time (L4622-6): the headers of
the back office and the portal, the member list and its size classes, the declarations, the API,
the indicators and the yearly cotisation call (at 31 January, D4624-65) all read it from here.

``Adherent.effectif`` keeps today's figure so that lists sort and filter by size class: it is
refreshed by ``actualiser`` after every change of employments and each night (hires and
departures dated ahead take effect on their day)."""

from datetime import date

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Adherent, CategorieSuivi, Emploi, Salarie


def emplois_ouverts(au: date | None = None, emplois=None):
    """The employments open on that day (today by default): hired on or before it, not left before
    it (a worker leaving that day is still counted)."""
    au = au or timezone.localdate()
    emplois = Emploi.objects.all() if emplois is None else emplois
    return emplois.filter(Q(date_sortie__isnull=True) | Q(date_sortie__gte=au), date_embauche__lte=au)


def salaries_comptes(adherent, au: date | None = None):
    """The member's workers counted in its headcount, by name."""
    return (Salarie.objects.filter(pk__in=emplois_ouverts(au).filter(adherent=adherent).values("salarie_id"))
            .order_by("nom", "prenom", "pk"))


def par_categorie(adherent, au: date | None = None) -> dict[str, int]:
    """The headcount by follow-up category, with its ``total``."""
    compte = dict(salaries_comptes(adherent, au).order_by().values_list("categorie").annotate(n=Count("pk")))
    par = {categorie: compte.get(categorie, 0) for categorie in CategorieSuivi.values}
    return {**par, "total": sum(par.values())}


def _compte(au: date):
    # every service's manager: the outer member pins the service, whatever scope is active
    ouverts = emplois_ouverts(au, Emploi.tous_services.all()).filter(adherent=OuterRef("pk"))
    return Coalesce(Subquery(ouverts.order_by().values("adherent").annotate(n=Count("salarie_id", distinct=True))
                             .values("n")), 0)


def actualiser(adherent_ids=None) -> int:
    """``Adherent.effectif`` set to today's headcount, for these members (every member of the active
    service by default), in one statement that touches only the figures that changed (no history
    row: the figure is derived). Returns how many changed."""
    adherents = Adherent.objects.all() if adherent_ids is None else Adherent.tous_services.filter(
        pk__in=list(adherent_ids))
    compte = _compte(timezone.localdate())
    return adherents.alias(n=compte).exclude(effectif=F("n")).update(effectif=compte)


def apres_modification_emploi(sender, instance, **kwargs):
    """post_save / post_delete of an employment: its member's headcount again."""
    actualiser([instance.adherent_id])
