"""The one function that writes the security log."""

from .models import JournalSecurite


def ip_de(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None if request is not None else None


def journaliser(evenement: str, *, utilisateur=None, identifiant: str = "", auteur=None, request=None,
                detail: str = "") -> JournalSecurite:
    return JournalSecurite.objects.create(
        evenement=evenement, utilisateur=utilisateur, identifiant=identifiant[:254], auteur=auteur,
        adresse_ip=ip_de(request), detail=detail[:255],
        navigateur=(request.META.get("HTTP_USER_AGENT", "") if request is not None else "")[:255])
