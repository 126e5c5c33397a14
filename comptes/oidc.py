"""Pro Santé Connect (the State's OpenID Connect identity for health professionals, e-CPS) via
mozilla-django-oidc. A staff account is linked to its RPPS number (``IdentiteExterne``); PSC
never creates accounts. PSC is itself strong authentication (e-CPS, eIDAS substantial), so a
PSC login counts as the second factor."""

from django.conf import settings
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .models import IdentiteExterne

CHEMIN_BACKEND = "comptes.oidc.ProSanteConnectBackend"


def psc_actif() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID and settings.OIDC_OP_AUTHORIZATION_ENDPOINT)


def rpps_des_claims(claims: dict) -> str:
    """The RPPS number from PSC's claims (``SubjectNameID`` is "8" + RPPS for a health
    professional; the claim's name is a setting)."""
    valeur = str(claims.get(settings.PSC_CLAIM_RPPS, "") or "").strip()
    return valeur[1:] if valeur.startswith("8") and len(valeur) == 12 else valeur


class ProSanteConnectBackend(OIDCAuthenticationBackend):
    def authenticate(self, request, **kwargs):
        if not psc_actif():
            return None
        return super().authenticate(request, **kwargs)

    def verify_claims(self, claims):
        return bool(rpps_des_claims(claims))

    def filter_users_by_claims(self, claims):
        rpps = rpps_des_claims(claims)
        if not rpps:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(
            is_active=True, pk__in=IdentiteExterne.objects.filter(fournisseur="psc", identifiant=rpps)
            .values("utilisateur_id"))

    def create_user(self, claims):
        return None  # accounts are created by the service, never by the provider
