from celery import shared_task

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
