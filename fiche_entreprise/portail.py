"""What a member sees of prevention in its portal: its validated FE versions (PDF), the visit
dates proposed to it (to confirm or move), collective sessions, its DUERP versions, action plans
and Relais de prévention. Never another member's, never anything medical."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from adherents.portail import adherent_du_portail
from spsti.acces import capacite_requise
from spsti.permissions import Capacite

from . import planning
from .models import FicheEntreprise, StatutFiche
from .selectors import visites_du_portail
from .views import reponse_pdf

PORTAIL = {"connexion": "portail:connexion"}


@capacite_requise(Capacite.PORTAIL, **PORTAIL)
def prevention(request, pk: int):
    from duerp.selectors import duerp_de_l_adherent, sessions_ouvertes

    adherent = adherent_du_portail(request, pk)
    contexte = duerp_de_l_adherent(adherent)
    inscrites = {i.session_id for i in contexte["inscriptions"]}
    return render(request, "portail/prevention.html", {
        "adherent": adherent, **contexte, "visites": visites_du_portail(adherent),
        "fiches": FicheEntreprise.objects.filter(adherent=adherent, statut=StatutFiche.VALIDEE)
        .select_related("etablissement", "validee_par__utilisateur").order_by("-validee_le"),
        "sessions": [s for s in sessions_ouvertes() if s.pk not in inscrites]})


@capacite_requise(Capacite.PORTAIL, **PORTAIL)
def fiche_pdf(request, pk: int, fiche_pk: int):
    adherent = adherent_du_portail(request, pk)
    return reponse_pdf(request, get_object_or_404(FicheEntreprise.objects.filter(adherent=adherent,
                                                                         statut=StatutFiche.VALIDEE), pk=fiche_pk))


@capacite_requise(Capacite.PORTAIL, **PORTAIL)
def visite_repondre(request, pk: int, action_pk: int):
    """The member confirms the proposed date, or asks for another one."""
    adherent = adherent_du_portail(request, pk)
    action = get_object_or_404(visites_du_portail(adherent), pk=action_pk)
    erreur = None
    if request.method == "POST":
        try:
            if request.POST.get("reponse") == "confirmer":
                planning.visite_confirmer(action=action)
                messages.success(request, "Rendez-vous confirmé. Merci !")
            else:
                planning.visite_demander_autre_date(action=action, message=request.POST.get("message", ""))
                messages.success(request, "Demande transmise : le service vous proposera une autre date.")
            return redirect("portail:prevention", pk=adherent.pk)
        except ValidationError as exc:
            erreur = " ".join(exc.messages)
    return render(request, "portail/visite_prevention.html", {"adherent": adherent, "action": action,
                                                              "erreur": erreur,
                                                              "message": request.POST.get("message", "")})
