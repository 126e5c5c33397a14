"""The profile page (API tokens, sessions, second factor) and the director's staff security page."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.sessions.backends.base import SessionBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.module_loading import import_string
from django.views.decorators.http import require_POST

from adherents.models import Adherent
from spsti.acces import capacite_requise
from spsti.models import Rattachement
from spsti.permissions import Capacite, Role, a_capacite, double_facteur_obligatoire

from .double_facteur import appareils_confirmes, cles_d_acces, verifie
from .forms import JetonForm
from .jetons import jeton_creer, jeton_revoquer
from .journal import journaliser
from .models import Evenement, JetonAPI, JournalSecurite, SessionUtilisateur

SESSION_CLE_NOUVELLE = "comptes_jeton_cle"


def _adherents_du_portail(rattachement):
    if rattachement is None or rattachement.role != Role.ADHERENT:
        return None
    return Adherent.objects.filter(acces_portail__rattachement=rattachement)


def _gabarit(rattachement) -> str:
    return "portail/layout.html" if a_capacite(rattachement, Capacite.PORTAIL) else "spsti/layout.html"


def session_store(cle: str) -> SessionBase:
    return import_string(f"{settings.SESSION_ENGINE}.SessionStore")(session_key=cle)


@login_required(login_url="connexion")
def profil(request):
    rattachement = request.rattachement
    form = JetonForm(adherents=_adherents_du_portail(rattachement))
    if request.method == "POST" and rattachement is not None:
        form = JetonForm(request.POST, adherents=_adherents_du_portail(rattachement))
        if form.is_valid():
            _jeton, cle = jeton_creer(rattachement=rattachement, nom=form.cleaned_data["nom"],
                                      portee=form.cleaned_data["portee"], jours=form.cleaned_data["jours"],
                                      adherent=form.cleaned_data.get("adherent"), request=request)
            request.session[SESSION_CLE_NOUVELLE] = cle
            messages.success(request, "Jeton créé : copiez sa clé maintenant, elle ne sera plus affichée.")
            return redirect("comptes:profil")
    jetons = (JetonAPI.objects.filter(rattachement=rattachement).select_related("adherent")
              if rattachement is not None else JetonAPI.objects.none())
    return render(request, "comptes/profil.html", {
        "gabarit": _gabarit(rattachement),
        "form": form,
        "cle_nouvelle": request.session.pop(SESSION_CLE_NOUVELLE, None),
        "jetons": jetons,
        "sessions": SessionUtilisateur.objects.filter(  # a session older than the absolute lifetime is over
            utilisateur=request.user,
            ouverte_le__gte=timezone.now() - timedelta(seconds=settings.SESSION_DUREE_ABSOLUE)),
        "session_courante": request.session.session_key,
        "evenements": JournalSecurite.objects.filter(utilisateur=request.user)[:15],
        "double_facteur": {"actif": bool(appareils_confirmes(request.user)), "verifie": verifie(request),
                           "cles_d_acces": cles_d_acces(request.user),
                           "obligatoire": double_facteur_obligatoire(request.user, request.mes_rattachements)},
    })


@require_POST
@login_required(login_url="connexion")
def jeton_revoquer_mien(request, pk: int):
    jeton = get_object_or_404(JetonAPI.objects.filter(rattachement=request.rattachement), pk=pk)
    jeton_revoquer(jeton=jeton, auteur=request.user, request=request)
    messages.success(request, f"Le jeton « {jeton.nom} » est révoqué.")
    return redirect("comptes:profil")


def session_fermer(session: SessionUtilisateur, *, auteur, request) -> None:
    session_store(session.cle_session).delete()
    session.delete()
    journaliser(Evenement.SESSION_REVOQUEE, utilisateur=session.utilisateur, auteur=auteur, request=request,
                detail=session.navigateur[:120])


@require_POST
@login_required(login_url="connexion")
def session_revoquer(request, pk: int):
    session = get_object_or_404(SessionUtilisateur, utilisateur=request.user, pk=pk)
    if session.cle_session == request.session.session_key:
        messages.error(request, "Pour fermer la session en cours, déconnectez-vous.")
        return redirect("comptes:profil")
    session_fermer(session, auteur=request.user, request=request)
    messages.success(request, "La session est fermée.")
    return redirect("comptes:profil")


def _personnel(request):
    return (Rattachement.objects.exclude(role=Role.ADHERENT).select_related("utilisateur")
            .order_by("utilisateur__last_name", "utilisateur__first_name"))


@capacite_requise(Capacite.GERER_ORGANISATION)
def securite_personnel(request):
    """The director's view of the staff's access: last logins, active tokens, locks, second factor."""
    from .securite import etat_du_personnel

    return render(request, "comptes/securite_personnel.html", {
        "lignes": etat_du_personnel(list(_personnel(request))),
    })


@require_POST
@capacite_requise(Capacite.GERER_ORGANISATION)
def jeton_revoquer_personnel(request, pk: int):
    jeton = get_object_or_404(JetonAPI.objects.exclude(rattachement__role=Role.ADHERENT)
                              .select_related("rattachement__utilisateur"), pk=pk)
    jeton_revoquer(jeton=jeton, auteur=request.user, motif="révoqué par la direction", request=request)
    messages.success(request, f"Le jeton « {jeton.nom} » de {jeton.rattachement.utilisateur} est révoqué.")
    return redirect("comptes:securite_personnel")


@require_POST
@capacite_requise(Capacite.GERER_ORGANISATION)
def deverrouiller_personnel(request, pk: int):
    """The director unlocks a staff member's account after too many failed logins (logged)."""
    from .verrouillage import deverrouiller

    rattachement = get_object_or_404(_personnel(request), pk=pk)
    deverrouiller(rattachement.utilisateur, auteur=request.user, request=request)
    messages.success(request, f"Le compte de {rattachement.utilisateur} est débloqué.")
    return redirect("comptes:securite_personnel")
