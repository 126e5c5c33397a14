"""Billing tasks: thin, they call the services."""

from celery import shared_task

from spsti.celery import TacheService

from .models import AppelCotisation, StatutAppel


@shared_task(base=TacheService)
def emettre_appel_cotisations(service, appel_id: int):
    """Issues the yearly call (idempotent: a second run issues nothing more). Progress is kept on
    the call's row, which its page polls."""
    from .services import appel_emettre

    appel = AppelCotisation.objects.get(pk=appel_id)
    try:
        return appel_emettre(appel)
    except Exception:
        AppelCotisation.objects.filter(pk=appel_id).update(statut=StatutAppel.ECHEC)
        raise


@shared_task(base=TacheService)
def facturation_quotidienne(service, aujourd_hui: str | None = None):
    """Daily: no-show fees to propose, reminders of overdue invoices to send."""
    from datetime import date

    from django.utils import timezone

    from .services import frais_absence_proposer, relances_differer

    jour = timezone.localdate() if aujourd_hui is None else date.fromisoformat(aujourd_hui)
    return {"frais_absence": frais_absence_proposer(service, jour), "relances": relances_differer(service, jour)}


@shared_task
def facturation_quotidienne_tous_services():
    """Beat entry point, daily: each active service's billing day."""
    from spsti.models import Service

    for service_id in Service.objects.filter(actif=True).values_list("pk", flat=True):
        facturation_quotidienne.delay(service_id)
