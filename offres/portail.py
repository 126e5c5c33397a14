"""The member portal's billing: offers, subscriptions, requests and their progress, invoices
(Factur-X PDF) and balance. Only the portal user's own companies (any other id is a 404); the
invoices and balance only to the users whose role for the company allows it (billing contact)."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from adherents.portail import adherent_du_portail
from spsti.acces import capacite_requise
from spsti.permissions import Capacite, peut
from spsti.tasks import alerter_apres_validation

from . import selectors
from .forms import DemandePortailForm, QuestionnaireEpuisementForm
from .models import AffiliationIndependant, DemandeOffre, Facture, Offre
from .services import affiliation_renouveler
from .views import reponse_pdf

DELAI_RENOUVELLEMENT_JOURS = 60  # renewal opens two months before the affiliation ends


@capacite_requise(Capacite.PORTAIL, connexion="portail:connexion")
def offres(request, pk: int):
    adherent = adherent_du_portail(request, pk)
    contexte = {"voir_factures": peut(request.rattachement, "voir_factures_portail", adherent)}
    if contexte["voir_factures"]:
        contexte |= {"solde": selectors.solde_adherent(adherent),
                    "factures": adherent.factures.avec_reste().order_by("-emise_le", "-numero")[:50]}
    return render(request, "offres/portail.html", {
        **contexte, "adherent": adherent, "aujourd_hui": timezone.localdate(),
        "independant": espace_independant(adherent),
        "questionnaire": peut(request.rattachement, "repondre_questionnaire_epuisement", adherent),
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


# --- the self-employed member: affiliation, renewal, burnout questionnaire, workshops ---

def espace_independant(adherent) -> dict | None:
    """What the portal shows a self-employed member: its affiliations (no tacit renewal: past
    its end the current one is over until renewed), the workshops to come."""
    from duerp.models import SessionCollective, StatutSession

    affiliations = list(AffiliationIndependant.objects.filter(adherent=adherent).order_by("-debut"))
    if not affiliations:
        return None
    aujourd_hui = timezone.localdate()
    derniere = affiliations[0]
    return {"affiliation": derniere, "en_cours": derniere.en_cours(aujourd_hui),
            "renouvelable": derniere.fin - aujourd_hui <= timedelta(days=DELAI_RENOUVELLEMENT_JOURS),
            "ateliers": SessionCollective.objects.filter(debut__gte=timezone.now(),
                                                          statut=StatutSession.PROGRAMMEE).order_by("debut")[:5]}


@require_POST
@capacite_requise(Capacite.PORTAIL, connexion="portail:connexion")
def renouveler(request, pk: int):
    """The explicit renewal of the affiliation for one more year (D4622-27-3: no tacit renewal)."""
    adherent = adherent_du_portail(request, pk)
    espace = espace_independant(adherent)
    if espace is None or not espace["renouvelable"]:
        raise PermissionDenied("Le renouvellement s'ouvre dans les deux mois qui précèdent la fin de l'affiliation.")
    with transaction.atomic():
        suivante = affiliation_renouveler(affiliation=espace["affiliation"], aujourd_hui=timezone.localdate())
    messages.success(request, f"Affiliation renouvelée du {suivante.debut:%d/%m/%Y} au {suivante.fin:%d/%m/%Y}.")
    return redirect("offres_portail:offres", pk=adherent.pk)


@capacite_requise(Capacite.PORTAIL, connexion="portail:connexion")
def questionnaire(request, pk: int):
    """The burnout questionnaire, filled by the self-employed person; its result goes to the
    medical team only (the portal never shows it back)."""
    from .independants import questionnaire_enregistrer

    adherent = adherent_du_portail(request, pk)
    if not peut(request.rattachement, "repondre_questionnaire_epuisement", adherent):
        raise PermissionDenied("Le questionnaire est réservé aux travailleurs indépendants affiliés.")
    form = QuestionnaireEpuisementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        questionnaire_enregistrer(adherent=adherent, reponses=form.cleaned_data)
        messages.success(request, "Merci : vos réponses sont transmises à l'équipe médicale, tenue au secret "
                                  "médical. Un professionnel de santé vous recontacte si un accompagnement "
                                  "peut vous aider.")
        return redirect("offres_portail:offres", pk=adherent.pk)
    return render(request, "offres/portail_questionnaire.html", {"adherent": adherent, "form": form})
