"""DRF authentication by personal API token (``Authorization: Token <key>``)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed, PermissionDenied
from rest_framework.permissions import SAFE_METHODS

from .jetons import jeton_verifier

MOT_CLE = "Token"


def cle_de_l_entete(request) -> str | None:
    """The key of the ``Authorization: Token …`` header; None when another scheme (or none) is used."""
    morceaux = get_authorization_header(request).split()
    if not morceaux or morceaux[0].lower() != MOT_CLE.lower().encode():
        return None
    if len(morceaux) != 2:
        raise AuthenticationFailed("En-tête d'authentification invalide : « Token <clé> » attendu.")
    try:
        return morceaux[1].decode()
    except UnicodeError:
        raise AuthenticationFailed("En-tête d'authentification invalide.") from None


class JetonAPIAuthentication(BaseAuthentication):
    """Expired, revoked or unknown key → 401 (French message); a read-only token on an unsafe
    method → 403. The middleware may already have resolved the token (to know its service)."""

    def authenticate(self, request):
        jeton = getattr(request._request, "jeton_api", None)
        if jeton is None:
            cle = cle_de_l_entete(request)
            if cle is None:
                return None
            jeton = jeton_verifier(cle)
        if jeton.lecture_seule and request.method not in SAFE_METHODS:
            raise PermissionDenied("Ce jeton d'API est en lecture seule : il ne permet pas de modifier.")
        return jeton.rattachement.utilisateur, jeton

    def authenticate_header(self, request):
        return MOT_CLE


class JetonAPISchema(OpenApiAuthenticationExtension):
    """The token scheme in the OpenAPI schema."""

    target_class = "comptes.authentification.JetonAPIAuthentication"
    name = "jetonAPI"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "Jeton personnel créé depuis votre profil : « Token <clé> »."}
