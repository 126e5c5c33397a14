from celery import shared_task
from django.db import InterfaceError, OperationalError

from spsti.celery import TacheService

from . import echeancier


@shared_task(base=TacheService)
def recalculer_echeancier_service(service):
    """Nightly: the whole service's due list (deadlines move with the calendar and settings)."""
    return echeancier.recalculer(service)


@shared_task(base=TacheService)
def envoyer_convocation(service, visite_id):
    """After a booking is committed: the letter to the worker and the employer."""
    from .convocations import convocation_envoyer
    from .models import Visite

    visite = Visite.objects.select_related("salarie__adherent", "professionnel__utilisateur",
                                           "disponibilite__centre", "disponibilite__adherent").get(pk=visite_id)
    return convocation_envoyer(visite)


@shared_task(base=TacheService, autoretry_for=(OperationalError, InterfaceError), retry_backoff=True,
             retry_backoff_max=600, max_retries=5, acks_late=True, reject_on_worker_lost=True)
def recalculer_echeancier_lot(service, salarie_ids: list[int]):
    """Nightly, one chunk of the service's workers: their due list (idempotent: rewritten whole)."""
    from adherents.models import Salarie

    return echeancier.recalculer(service, Salarie.objects.filter(pk__in=salarie_ids).only("pk"))
