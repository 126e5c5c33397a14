"""The two request guards of authentication: session lifetime (idle and absolute) and the
second factor. Both run after ``spsti.tenancy.ServiceMiddleware`` (they read the memberships)."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from . import double_facteur as df
from .journal import journaliser
from .models import Evenement, SessionUtilisateur
from .sessions import inactivite_max_secondes

# Pages an unverified user may still reach: the second-factor pages themselves, logout, assets.
# A passkey is verified through /webauthn/authentication/; registering one needs a verified session.
CHEMINS_LIBRES = ("/comptes/double-facteur/", "/comptes/deconnexion/", "/portail/deconnexion/", "/static/",
                  "/i18n/", "/oidc/", "/webauthn/authentication/", "/webauthn/jsi18n/")
PRECISION_ACTIVITE = 60  # seconds: the last activity is written at most once a minute


def _par_jeton(request) -> bool:
    return getattr(request, "jeton_api", None) is not None


class SessionSecuriteMiddleware:
    """Idle timeout (per role and service) and absolute lifetime of a session; the open
    sessions list kept current."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and not _par_jeton(request):
            reponse = self.verifier(request)
            if reponse is not None:
                return reponse
        return self.get_response(request)

    def verifier(self, request):
        session = request.session
        maintenant = time.time()
        connexion_le = session.setdefault("connexion_le", maintenant)  # sessions opened before this rule
        derniere = session.get("derniere_activite", maintenant)
        inactivite = inactivite_max_secondes(request)
        motif = None
        if maintenant - connexion_le > settings.SESSION_DUREE_ABSOLUE:
            motif = f"Votre session a dépassé sa durée maximale ({settings.SESSION_DUREE_ABSOLUE // 3600} h)"
        elif maintenant - derniere > inactivite:
            motif = f"Votre session a expiré après {inactivite // 60} minutes d'inactivité"
        if motif:
            journaliser(Evenement.SESSION_EXPIREE, utilisateur=request.user, request=request, detail=motif)
            logout(request)
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": f"{motif} : reconnectez-vous."}, status=401)
            messages.info(request, f"{motif} : reconnectez-vous.")
            connexion = "portail:connexion" if request.path.startswith("/portail/") else "connexion"
            return redirect_to_login(request.get_full_path(), reverse(connexion))
        if maintenant - derniere > PRECISION_ACTIVITE:
            session["derniere_activite"] = maintenant
            if session.session_key:
                SessionUtilisateur.objects.filter(cle_session=session.session_key).update(
                    derniere_activite=timezone.now())
        return None


class DoubleFacteurMiddleware:
    """Keeps a person who must pass a second factor (policy: ``double_facteur_obligatoire``, or
    one who enrolled) away from every page and session API request until they have, except the
    second-factor pages and logout. A remembered device (signed cookie, bounded) counts."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (not request.user.is_authenticated or _par_jeton(request) or request.path.startswith(CHEMINS_LIBRES)
                or df.verifie(request)):
            return self.get_response(request)
        appareil = df.appareil_memorise(request)
        if appareil is not None:
            from django_otp import login as otp_login

            otp_login(request, appareil)
            request.user.otp_device = appareil
            journaliser(Evenement.DOUBLE_FACTEUR, utilisateur=request.user, request=request,
                        detail="appareil mémorisé")
            return self.get_response(request)
        if not df.requis(request):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": "Second facteur requis : validez votre code à usage unique dans "
                                           "l'application avant d'utiliser l'API."}, status=403)
        destination = "comptes:double_facteur" if df.appareils_confirmes(request.user) else \
            "comptes:double_facteur_enrolement"
        suite = request.get_full_path()
        if request.htmx:
            from django_htmx.http import HttpResponseClientRedirect

            return HttpResponseClientRedirect(f"{reverse(destination)}?next={suite}")
        return redirect(f"{reverse(destination)}?next={suite}")
