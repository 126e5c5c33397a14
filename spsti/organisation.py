"""The director's pages to run the service's organisation: its profile, centres, teams and staff."""

from django.shortcuts import get_object_or_404, redirect

from .acces import capacite_requise
from .forms import CentreForm, EquipeForm, InvitationForm, RattachementForm, ServiceForm, traiter_formulaire
from .models import Centre, Equipe, Rattachement
from .permissions import Capacite, Role
from .services import invitation_envoyer


def _formulaire(request, form, titre, message):
    return traiter_formulaire(request, form, titre, message, retour=("Organisation", "organisation"))


@capacite_requise(Capacite.GERER_ORGANISATION)
def service_modifier(request):
    form = ServiceForm(request.POST or None, request.FILES or None, instance=request.service)
    objet, page = _formulaire(request, form, "Profil du service", "Le profil du service est enregistré.")
    return page or redirect("organisation")


@capacite_requise(Capacite.GERER_ORGANISATION)
def centre_editer(request, pk=None):
    centre = get_object_or_404(Centre.objects.all(), pk=pk) if pk else None
    form = CentreForm(request.POST or None, instance=centre, service=request.service)
    objet, page = _formulaire(request, form, "Modifier le centre" if centre else "Nouveau centre",
                              "Le centre {objet} est enregistré.")
    return page or redirect("organisation")


@capacite_requise(Capacite.GERER_ORGANISATION)
def equipe_editer(request, pk=None):
    equipe = get_object_or_404(Equipe.objects.all(), pk=pk) if pk else None
    form = EquipeForm(request.POST or None, instance=equipe, service=request.service)
    objet, page = _formulaire(request, form, "Modifier l'équipe" if equipe else "Nouvelle équipe",
                              "L'équipe {objet} est enregistrée.")
    return page or redirect("organisation")


@capacite_requise(Capacite.GERER_ORGANISATION)
def personnel_inviter(request):
    form = InvitationForm(request.POST or None, service=request.service)
    objet, page = _formulaire(
        request, form, "Ajouter une personne au service",
        "{objet.utilisateur} fait maintenant partie du service ; une invitation lui a été envoyée.")
    if page:
        return page
    invitation_envoyer(rattachement=objet, par=request.user, url_absolue=request.build_absolute_uri)
    return redirect("organisation")


@capacite_requise(Capacite.GERER_ORGANISATION)
def personnel_modifier(request, pk):
    rattachement = get_object_or_404(Rattachement.objects.exclude(role=Role.ADHERENT), pk=pk)
    form = RattachementForm(request.POST or None, instance=rattachement, service=request.service)
    objet, page = _formulaire(request, form, f"Rôle et équipe de {rattachement.utilisateur}",
                              "{objet.utilisateur} : modifications enregistrées.")
    return page or redirect("organisation")
