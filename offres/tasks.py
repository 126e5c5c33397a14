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
def proposer_frais_absence(service, aujourd_hui: str | None = None):
    from datetime import date

    from django.utils import timezone

    from .services import frais_absence_proposer

    jour = timezone.localdate() if aujourd_hui is None else date.fromisoformat(aujourd_hui)
    return frais_absence_proposer(service, jour)
