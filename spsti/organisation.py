"""The director's pages to run the service's organisation: its profile, centres, teams, staff and
thesauri."""

from django.forms import modelform_factory
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from .acces import capacite_requise
from .forms import (
    CentreForm,
    EquipeForm,
    FormulaireService,
    InvitationForm,
    RattachementForm,
    ServiceForm,
    traiter_formulaire,
)
from .models import Centre, Equipe, Rattachement
from .permissions import Capacite, Role
from .services import invitation_envoyer
from .thesaurus import REGISTRE


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


def _thesaurus(cle):
    modele = REGISTRE.get(cle)
    if modele is None:
        raise Http404("Liste inconnue.")
    return modele


@capacite_requise(Capacite.GERER_ORGANISATION)
def thesaurus_liste(request):
    listes = [(cle, modele._meta.verbose_name_plural, modele.__doc__) for cle, modele in sorted(
        REGISTRE.items(), key=lambda item: item[1]._meta.verbose_name_plural)]
    return render(request, "spsti/thesaurus_liste.html", {"listes": listes})


@capacite_requise(Capacite.GERER_ORGANISATION)
def thesaurus_entrees(request, cle):
    modele = _thesaurus(cle)
    champs = [modele._meta.get_field(nom) for nom in modele.CHAMPS_EDITABLES]
    return render(request, "spsti/thesaurus_entrees.html", {
        "cle": cle, "titre": modele._meta.verbose_name_plural, "description": modele.__doc__, "champs": champs,
        "lignes": [(entree, [_affichage(entree, champ) for champ in champs])
                   for entree in modele.entrees(request.service)]})


def _affichage(entree, champ) -> str:
    valeur = getattr(entree, champ.name)
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    return str(getattr(entree, f"get_{champ.name}_display", lambda: valeur)() or "—")


@capacite_requise(Capacite.GERER_ORGANISATION)
def thesaurus_editer(request, cle, pk=None):
    modele = _thesaurus(cle)
    entree = get_object_or_404(modele.objects.all(), pk=pk) if pk else None
    formulaire = modelform_factory(modele, form=FormulaireService,
                                   fields=["libelle", *modele.CHAMPS_EDITABLES, "ordre", "actif"])
    form = formulaire(request.POST or None, instance=entree, service=request.service)
    titre = modele._meta.verbose_name_plural
    objet, page = traiter_formulaire(request, form, f"{titre.capitalize()} — " + (
        f"modifier « {entree} »" if entree else "nouvelle entrée"), "« {objet} » enregistré.",
        retour=(titre.capitalize(), reverse("thesaurus_entrees", args=[cle])))
    return page or redirect("thesaurus_entrees", cle=cle)
