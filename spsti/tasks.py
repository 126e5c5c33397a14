from datetime import date

from celery import shared_task
from django.utils import timezone

from .alertes import balayer_alertes
from .celery import TacheService
from .models import Service


@shared_task(base=TacheService)
def balayer_alertes_service(service, aujourd_hui: str | None = None, codes: list[str] | None = None):
    """Alert sweep of one service: daily, every source; after an event (a request, a signal),
    the sources it concerns, so that the alert shows at once."""
    jour = timezone.localdate() if aujourd_hui is None else date.fromisoformat(aujourd_hui)
    return balayer_alertes(jour, codes)


def alerter_apres_validation(service, *codes: str) -> None:
    """Sweeps these sources for the service once the current transaction commits (outbox)."""
    from .effets import differer

    differer(service, "alertes_balayer", {"codes": list(codes)})


@shared_task
def balayer_alertes_tous_services():
    """Beat entry point, nightly: for each active service, its due list then its alerts."""
    from suivi_individuel.tasks import recalculer_echeancier_service

    for service_id in Service.objects.filter(actif=True).values_list("pk", flat=True):
        (recalculer_echeancier_service.si(service_id) | balayer_alertes_service.si(service_id)).delay()
