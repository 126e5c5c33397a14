from datetime import date

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from .alertes import balayer_alertes
from .celery import TacheService
from .exploitation import TACHE_NOCTURNE, execution
from .models import Service

# Idempotent tasks are retried with backoff when the database goes away; every task is
# acknowledged once done (settings: acks_late, reject_on_worker_lost), so a killed worker's task
# is redelivered and redone, whole (these tasks are idempotent: same result when run twice).
REPRISE = {"autoretry_for": (OperationalError, InterfaceError), "retry_backoff": True, "retry_backoff_max": 600,
           "max_retries": 5, "acks_late": True, "reject_on_worker_lost": True}


@shared_task(base=TacheService, **REPRISE)
def balayer_alertes_service(service, aujourd_hui: str | None = None, codes: list[str] | None = None):
    """Alert sweep of one service: daily, every source; after an event (a request, a signal),
    the sources it concerns, so that the alert shows at once."""
    jour = timezone.localdate() if aujourd_hui is None else date.fromisoformat(aujourd_hui)
    return balayer_alertes(jour, codes)


def alerter_apres_validation(service, *codes: str) -> None:
    """Sweeps these sources for the service once the current transaction commits (outbox)."""
    from .effets import differer

    differer(service, "alertes_balayer", {"codes": list(codes)})


@shared_task(base=TacheService, **REPRISE)
def balayer_alertes_nuit(service):
    """The nightly sweep of one service, after its due list: recorded (jobs page, /sante/)."""
    with execution(TACHE_NOCTURNE, service) as ligne:
        ligne.resultat = balayer_alertes(timezone.localdate())
    return ligne.resultat


@shared_task(base=TacheService, **REPRISE)
def nuit_du_service(service):
    """One service's night, as a chain of chunks: its members' headcounts of the day, its due list by
    chunks of 2,000 workers, then its alert sweep. A killed worker redoes only its chunk (each is a
    task, acknowledged when done)."""
    from celery import chain

    from adherents.tasks import actualiser_effectifs
    from suivi_individuel.echeancier import lots as lots_du_service
    from suivi_individuel.tasks import recalculer_echeancier_lot

    lots = lots_du_service()
    chain(actualiser_effectifs.si(service.pk), *[recalculer_echeancier_lot.si(service.pk, lot) for lot in lots],
          balayer_alertes_nuit.si(service.pk)).delay()
    return len(lots)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def balayer_alertes_tous_services():
    """Beat entry point, nightly: for each active service, its due list then its alerts."""
    with execution(TACHE_NOCTURNE) as ligne:
        services = list(Service.objects.filter(actif=True).values_list("pk", flat=True))
        for service_id in services:
            nuit_du_service.delay(service_id)
        ligne.resultat = {"services": len(services)}
