from datetime import date

from celery import shared_task
from django.utils import timezone

from .alertes import balayer_alertes
from .celery import TacheService
from .models import Service


@shared_task(base=TacheService)
def balayer_alertes_service(service, aujourd_hui: str | None = None):
    """Daily alert sweep of one service."""
    jour = timezone.localdate() if aujourd_hui is None else date.fromisoformat(aujourd_hui)
    return balayer_alertes(jour)


@shared_task
def balayer_alertes_tous_services():
    """Beat entry point, nightly: for each active service, its due list then its alerts."""
    from suivi_individuel.tasks import recalculer_echeancier_service

    for service_id in Service.objects.filter(actif=True).values_list("pk", flat=True):
        (recalculer_echeancier_service.si(service_id) | balayer_alertes_service.si(service_id)).delay()
