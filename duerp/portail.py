"""The member's side of DUERP support: registering to a session, filing its DUERP (every
version kept), signing its Relais de prévention contract."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from adherents.portail import adherent_du_portail
from fiche_entreprise.portail import PORTAIL
from spsti.acces import capacite_requise
from spsti.forms import traiter_par_service
from spsti.permissions import Capacite

from . import rules, services
from .forms import InscriptionForm, SignatureContratForm
from .models import DocumentDUERP, RelaisPrevention
from .selectors import sessions_ouvertes
from .views import formulaire_duerp, reponse_duerp


def _retour(adherent):
    return "Prévention", reverse("portail:prevention", args=[adherent.pk])


@capacite_requise(Capacite.PORTAIL, **PORTAIL)
def session_inscrire(request, pk: int, session_pk: int):
    adherent = adherent_du_portail(request, pk)
    session = get_object_or_404(sessions_ouvertes().exclude(inscriptions__adherent=adherent), pk=session_pk)
    form = InscriptionForm(request.POST or None, portail=True)
    objet, page = traiter_par_service(
        request, form, lambda d: services.inscription_creer(session=session, adherent=adherent, par=request.user, **d),
        titre=f"S'inscrire : {session}", message="Inscription enregistrée : à bientôt !", retour=_retour(adherent),
        gabarit="portail/formulaire.html")
    return page or redirect("portail:prevention", pk=adherent.pk)


@capacite_requise(Capacite.PORTAIL, **PORTAIL)
def duerp_deposer(request, pk: int):
    adherent = adherent_du_portail(request, pk)
    return formulaire_duerp(request, adherent, retour=_retour(adherent), gabarit="portail/formulaire.html")


@capacite_requise(Capacite.PORTAIL, **PORTAIL)
def duerp_fichier(request, pk: int, document_pk: int):
    adherent = adherent_du_portail(request, pk)
    return reponse_duerp(request, get_object_or_404(DocumentDUERP.objects.filter(adherent=adherent), pk=document_pk))


@capacite_requise(Capacite.PORTAIL, **PORTAIL)
def relais_contrat(request, pk: int, relais_pk: int):
    """The commitment contract of the Relais de prévention, read and signed by the employer."""
    adherent = adherent_du_portail(request, pk)
    relais = get_object_or_404(RelaisPrevention.objects.filter(adherent=adherent), pk=relais_pk)
    form = SignatureContratForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.relais_signer_contrat(relais=relais, par=request.user)
        except ValidationError as erreur:
            form.add_error(None, erreur)
        else:
            messages.success(request, "Contrat d'engagement signé : bienvenue dans la démarche des Relais de "
                                      "prévention !")
            return redirect("portail:prevention", pk=adherent.pk)
    return render(request, "portail/contrat_relais.html", {
        "adherent": adherent, "relais": relais, "form": form, "modules": rules.MODULES_RELAIS,
        "duree_mois": rules.DUREE_RELAIS_MOIS, "minimum": rules.PRIORITES_MINIMUM, "retour_url": _retour(adherent)[1]})
