"""Snapshot tasks: nightly per service (beat), and on demand with progress."""

from celery import shared_task
from django.utils import timezone

from spsti.celery import TacheService
from spsti.models import Service

from .calcul import calculer_annee, dernier_calcul
from .models import CalculIndicateurs, EtatCalcul


def _progression(calcul, pourcentage):
    CalculIndicateurs.objects.filter(pk=calcul.pk).update(avancement=pourcentage)


@shared_task(base=TacheService)
def calculer_indicateurs_service(service, annee: int | None = None, calcul_id: int | None = None):
    """Computes a year's snapshots of one service. Nightly (no ``calcul_id``): the current year
    always; the previous year only while it has no run yet (a closed year is not recomputed
    behind the director's back). On demand: the run the director started."""
    if calcul_id is not None:
        calcul = CalculIndicateurs.objects.get(pk=calcul_id)
        try:
            calculer_annee(calcul.annee, calcul=calcul, progression=_progression)
        except Exception:
            CalculIndicateurs.objects.filter(pk=calcul.pk).update(etat=EtatCalcul.ECHOUE)
            raise
        return calcul.pk
    annee = annee or timezone.localdate().year
    if dernier_calcul(annee - 1) is None:
        calculer_annee(annee - 1, progression=_progression)
    return calculer_annee(annee, progression=_progression).pk


@shared_task
def calculer_indicateurs_tous_services():
    """Beat entry point, nightly: one task per active service."""
    for service_id in Service.objects.filter(actif=True).values_list("pk", flat=True):
        calculer_indicateurs_service.delay(service_id)
