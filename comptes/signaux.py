"""Security log of logins, failures and logouts; the open sessions list; tokens revoked when the
password changes (change, reset, admin, command: every path saves the user)."""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model, user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import timezone

from .double_facteur import SESSION_FORTE
from .journal import ip_de, journaliser
from .models import Evenement, SessionUtilisateur
from .oidc import CHEMIN_BACKEND


@receiver(user_logged_in, dispatch_uid="comptes_connexion")
def connexion(sender, request, user, **kwargs):
    journaliser(Evenement.CONNEXION, utilisateur=user, request=request)
    session = getattr(request, "session", None)
    if session is None:
        return
    if session.session_key is None:
        session.save()
    if getattr(user, "backend", "") == CHEMIN_BACKEND:  # e-CPS is strong authentication
        session[SESSION_FORTE] = "psc"
    maintenant = timezone.now()
    session["connexion_le"] = maintenant.timestamp()
    session["derniere_activite"] = maintenant.timestamp()
    SessionUtilisateur.objects.update_or_create(
        cle_session=session.session_key,
        defaults={"utilisateur": user, "ouverte_le": maintenant, "derniere_activite": maintenant,
                  "adresse_ip": ip_de(request), "navigateur": request.META.get("HTTP_USER_AGENT", "")[:255]})


@receiver(user_logged_out, dispatch_uid="comptes_deconnexion")
def deconnexion(sender, request, user, **kwargs):
    if user is None:
        return
    journaliser(Evenement.DECONNEXION, utilisateur=user, request=request)
    session = getattr(request, "session", None)
    if session is not None and session.session_key:
        SessionUtilisateur.objects.filter(cle_session=session.session_key).delete()


@receiver(user_login_failed, dispatch_uid="comptes_echec")
def echec(sender, credentials, request=None, **kwargs):
    identifiant = credentials.get("username") or credentials.get("email") or ""
    utilisateur = get_user_model().objects.filter(email__iexact=identifiant).first() if identifiant else None
    journaliser(Evenement.ECHEC, utilisateur=utilisateur, identifiant=identifiant, request=request)


@receiver(user_locked_out, dispatch_uid="comptes_verrouillage")
def verrouillage(sender, request, username=None, ip_address=None, **kwargs):
    utilisateur = get_user_model().objects.filter(email__iexact=username).first() if username else None
    journaliser(Evenement.VERROUILLAGE, utilisateur=utilisateur, identifiant=username or "", request=request,
                detail=f"adresse {ip_address}" if ip_address else "")


@receiver(pre_save, sender="spsti.Utilisateur", dispatch_uid="comptes_mot_de_passe")
def mot_de_passe_change(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return
    ancien = sender.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    if ancien is None or ancien == instance.password:
        return
    from .jetons import jetons_revoquer_tous

    journaliser(Evenement.MOT_DE_PASSE, utilisateur=instance)
    jetons_revoquer_tous(instance, motif="mot de passe changé")
