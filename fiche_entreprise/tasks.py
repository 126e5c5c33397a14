from celery import shared_task

from spsti.celery import TacheService

from . import echeances


@shared_task(base=TacheService)
def recalculer_echeances_service(service):
    """Every member's FE and primary-action deadlines (after a change of the service's settings
    or of its action types)."""
    return echeances.recalculer(service)


@shared_task(base=TacheService)
def envoyer_proposition_visite(service, action_id):
    """After a visit date is proposed (committed): the e-mail to the member."""
    from .planning import proposition_envoyer

    return proposition_envoyer(action_id)


@shared_task(base=TacheService)
def rappeler_visites_service(service):
    """Daily: reminders of the confirmed visits coming soon."""
    from .planning import rappels_envoyer

    return rappels_envoyer()


@shared_task
def rappeler_visites_tous_services():
    """Beat entry point, daily: the reminders of each active service."""
    from spsti.models import Service

    for service_id in Service.objects.filter(actif=True).values_list("pk", flat=True):
        rappeler_visites_service.delay(service_id)
