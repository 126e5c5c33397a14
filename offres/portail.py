"""The member portal's billing: offers, subscriptions, requests and their progress, invoices
(Factur-X PDF) and balance. Only the portal user's own companies (any other id is a 404); the
invoices and balance only to the users whose role for the company allows it (billing contact)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from adherents.portail import adherent_du_portail
from spsti.acces import capacite_requise
from spsti.permissions import Capacite, peut
from spsti.tasks import alerter_apres_validation

from . import selectors
from .forms import DemandePortailForm
from .models import DemandeOffre, Facture, Offre
from .views import reponse_pdf


@capacite_requise(Capacite.PORTAIL, connexion="portail:connexion")
def offres(request, pk: int):
    adherent = adherent_du_portail(request, pk)
    contexte = {"voir_factures": peut(request.rattachement, "voir_factures_portail", adherent)}
    if contexte["voir_factures"]:
        contexte |= {"solde": selectors.solde_adherent(adherent),
                    "factures": selectors.factures_avec_reste(adherent.factures.order_by("-emise_le", "-numero")[:50])}
    return render(request, "offres/portail.html", {
        **contexte, "adherent": adherent, "aujourd_hui": timezone.localdate(),
        "souscriptions": adherent.souscriptions.select_related("offre"),
        "demandes": adherent.demandes_offre.select_related("offre"),
        "offres": Offre.objects.filter(active=True, publique=True).prefetch_related("grilles"),
        "form": DemandePortailForm()})


@capacite_requise(Capacite.PORTAIL, connexion="portail:connexion")
def demander(request, pk: int):
    """A complementary service asked in the member's own words, routed to the delivering team
    as an alert."""
    adherent = adherent_du_portail(request, pk)
    form = DemandePortailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        DemandeOffre.objects.create(tenant=adherent.tenant, adherent=adherent, offre=form.cleaned_data["offre"],
                                    besoin=form.cleaned_data["besoin"], demandee_par=request.user)
        alerter_apres_validation(adherent.tenant, "demande_offre_a_traiter")
        messages.success(request, "Votre demande est transmise au service : vous suivez sa progression ici.")
        return redirect("offres_portail:offres", pk=adherent.pk)
    return render(request, "offres/portail_demander.html", {"adherent": adherent, "form": form})


@capacite_requise(Capacite.PORTAIL, connexion="portail:connexion")
def facture_pdf(request, pk: int, facture_pk: int):
    adherent = adherent_du_portail(request, pk)
    if not peut(request.rattachement, "voir_factures_portail", adherent):
        raise PermissionDenied("Les factures de l'entreprise sont réservées à son contact facturation.")
    return reponse_pdf(get_object_or_404(Facture.objects.filter(adherent=adherent), pk=facture_pk))
