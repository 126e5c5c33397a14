from celery import shared_task

from spsti.celery import TacheService

from . import echeancier


@shared_task(base=TacheService)
def recalculer_echeancier_service(service):
    """Nightly: the whole service's due list (deadlines move with the calendar and settings)."""
    return echeancier.recalculer(service)
