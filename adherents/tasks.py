from celery import shared_task

from spsti.celery import TacheService
from spsti.tasks import REPRISE

from . import effectifs


@shared_task(base=TacheService, **REPRISE)
def actualiser_effectifs(service):
    """Nightly: every member's headcount of the day (hires and departures dated ahead)."""
    return effectifs.actualiser()
