from celery import chord, shared_task
from django.db import InterfaceError, OperationalError

from spsti.celery import TacheService

from . import echeancier


@shared_task(base=TacheService, bind=True)
def recalculer_echeancier_service(self, service):
    """Nightly: the whole service's due list (deadlines move with the calendar and settings), as
    a chord of chunk tasks (a team's workers per chunk) run in parallel by the Celery workers,
    then fresh planner statistics. Run eagerly (no worker: the demo loading), the chunks run in
    two threads where the database allows it. Returns the number of chunks."""
    lots = echeancier.lots()
    if self.request.is_eager and echeancier.en_fils_possible():
        echeancier.recalculer_en_fils(service, lots)
        echeancier.analyser()
    else:
        chord([recalculer_echeancier_lot.si(service.pk, lot) for lot in lots])(analyser_echeancier.si(service.pk))
    return len(lots)


@shared_task(base=TacheService, autoretry_for=(OperationalError, InterfaceError), retry_backoff=True,
             retry_backoff_max=600, max_retries=5, acks_late=True, reject_on_worker_lost=True)
def recalculer_echeancier_lot(service, salarie_ids: list[int]):
    """One chunk of the nightly recomputation; idempotent (writes only what changed)."""
    return echeancier.recalculer_lot(service, salarie_ids)[0]


@shared_task(base=TacheService)
def analyser_echeancier(service):
    echeancier.analyser()


@shared_task(base=TacheService)
def envoyer_convocation(service, visite_id):
    """After a booking is committed: the letter to the worker and the employer."""
    from .convocations import convocation_envoyer
    from .models import Visite

    visite = Visite.objects.select_related("salarie__adherent", "professionnel__utilisateur",
                                           "disponibilite__centre", "disponibilite__adherent").get(pk=visite_id)
    return convocation_envoyer(visite)
