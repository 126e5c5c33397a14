"""Lockouts (django-axes): who is locked, and unlocking (the director, for their staff)."""

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db.models import Sum

from .journal import journaliser
from .models import Evenement


def comptes_verrouilles(emails: list[str]) -> set[str]:
    """The e-mails among ``emails`` whose account is locked (failures at or over the limit)."""
    echecs = (AccessAttempt.objects.filter(username__in=[email.lower() for email in emails]).values("username")
              .annotate(n=Sum("failures_since_start")))
    verrouilles = {ligne["username"] for ligne in echecs if ligne["n"] >= settings.AXES_FAILURE_LIMIT}
    return {email for email in emails if email.lower() in verrouilles}


def deverrouiller(utilisateur, *, auteur, request=None) -> None:
    reset(username=utilisateur.email.lower())
    journaliser(Evenement.DEVERROUILLAGE, utilisateur=utilisateur, auteur=auteur, request=request)


def reponse_verrouillee(request, original_response=None, credentials=None):
    """The lockout page (django-axes' ``AXES_LOCKOUT_CALLABLE``): French, 429."""
    from django.shortcuts import render

    return render(request, "comptes/verrouille.html", {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes_attente": round(float(settings.AXES_COOLOFF_TIME) * 60) if settings.AXES_COOLOFF_TIME else None,
    }, status=429)


def identifiant(request, credentials) -> str | None:
    """The account an attempt is counted against (``AXES_USERNAME_CALLABLE``): the e-mail typed,
    case-insensitive (e-mails identify accounts)."""
    valeur = (credentials or {}).get("username") or request.POST.get("username")
    return valeur.strip().lower() if valeur else None
