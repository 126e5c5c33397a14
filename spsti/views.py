from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from .acces import capacite_requise
from .models import AccesDossierMedical, Centre, Rattachement, Service
from .permissions import (
    MODELES_MEDICAUX,
    Capacite,
    Role,
    a_capacite,
    autorise,
    modele_lisible,
    peut_voir_objet,
    travaille_avec_cellule_pdp,
)
from .selectors import alertes_pour, historique_lisible
from .tenancy import SESSION_SERVICE

# The areas of the product, shown on "Ma journée" to the roles that work in them. An area
# without a page yet is shown as coming (its issue is open).
ESPACES = [
    ("Adhérents et salariés", "Entreprises adhérentes, salariés, déclarations d'effectifs, trajectoire.",
     Capacite.VOIR_ADHERENTS, "adherents:liste"),
    ("Suivi individuel", "Échéancier des visites, agenda, convocations, protocoles de délégation.",
     Capacite.SUIVI_INDIVIDUEL, "suivi_individuel:echeancier"),
    ("Prévention", "Fiches d'entreprise, actions en milieu de travail, accompagnement DUERP.",
     Capacite.PREVENTION, "fiche_entreprise:echeances"),
    ("Cellule PDP", "Dossiers de prévention de la désinsertion professionnelle.",
     travaille_avec_cellule_pdp, "cellule_pdp:file_attente"),
    ("Offres et tarifs", "Offre socle, complémentaire et spécifique, demandes et facturation.",
     Capacite.OFFRES, "offres:accueil"),
    ("Organisation du service", "Centres, équipes (UST) et personnels.",
     Capacite.VOIR_ORGANISATION, "organisation"),
    ("Indicateurs", "Certification, enquête DGT et tableaux de bord.",
     Capacite.VOIR_INDICATEURS, "indicateurs:tableau_de_bord"),
    ("Journal des accès médicaux", "Qui a consulté quel dossier médical, quand et d'où.",
     Capacite.VOIR_JOURNAL_ACCES, "journal_acces"),
]


def racine(request):
    if not request.user.is_authenticated:
        return redirect("connexion")
    if a_capacite(request.rattachement, Capacite.PORTAIL):
        return redirect("portail:accueil")
    return redirect("accueil")


@capacite_requise(Capacite.BACK_OFFICE)
def accueil(request):
    """"Ma journée": the alerts of my role and team, and the areas I can reach."""
    alertes_ouvertes = alertes_pour(request.rattachement)
    return render(request, "spsti/accueil.html", {
        "alertes": alertes_ouvertes[:10],
        "nombre_alertes": alertes_ouvertes.count(),
        "espaces": [(libelle, description, url) for libelle, description, condition, url in ESPACES
                    if autorise(request.rattachement, condition)],
        "aujourd_hui": timezone.localdate(),
    })


@require_POST
def changer_service(request):
    if not request.user.is_authenticated:
        return redirect("connexion")
    service_id = request.POST.get("service", "")
    if not service_id.isdigit():
        raise Http404("Service inconnu.")
    rattachement = get_object_or_404(
        Rattachement.tous_services.select_related("tenant"), utilisateur=request.user, actif=True,
        tenant_id=service_id)
    request.session[SESSION_SERVICE] = rattachement.tenant_id
    messages.success(request, f"Vous travaillez maintenant pour {rattachement.tenant}.")
    if request.htmx:
        return HttpResponseClientRedirect(reverse("racine"))
    return redirect("racine")


@capacite_requise(Capacite.VOIR_ORGANISATION)
def organisation(request):
    return render(request, "spsti/organisation.html", {
        "service": request.service,
        "centres": Centre.objects.prefetch_related("equipes"),
        "personnel": Rattachement.objects.select_related("utilisateur", "centre", "equipe")
        .exclude(role=Role.ADHERENT),
        "peut_gerer": a_capacite(request.rattachement, Capacite.GERER_ORGANISATION),
    })


@capacite_requise(Capacite.VOIR_ALERTES)
def alertes(request):
    page = Paginator(alertes_pour(request.rattachement), 50).get_page(request.GET.get("page"))
    return render(request, "spsti/alertes.html", {"page": page})


@capacite_requise(Capacite.BACK_OFFICE)
def historique(request, modele: str, pk: int):
    """Who changed what, when, on one object: for the roles allowed to see that object."""
    try:
        classe = apps.get_model(modele)
    except (LookupError, ValueError):
        raise Http404("Type d'objet inconnu.") from None
    if not modele_lisible(classe._meta.label_lower):
        raise Http404("Cet objet n'a pas d'historique consultable.")
    objets = (Service.objects.filter(pk=request.service.pk) if classe is Service
              else classe.objects.all())  # tenant models: scoped, another service's id is a 404
    objet = get_object_or_404(objets, pk=pk)
    accorde = peut_voir_objet(request.rattachement, objet)
    if classe._meta.label_lower in MODELES_MEDICAUX:  # a medical history is a medical read: logged
        AccesDossierMedical.journaliser(rattachement=request.rattachement, salarie=objet.salarie,
                                        origine=request.path, accorde=accorde)
    if not accorde:
        raise PermissionDenied("Votre rôle ne donne pas accès à cet objet.")
    return render(request, "spsti/historique.html", {
        "objet": objet, "modele": classe._meta, "versions": historique_lisible(objet)})


@capacite_requise(Capacite.VOIR_JOURNAL_ACCES)
def journal_acces(request):
    journal = AccesDossierMedical.objects.select_related("utilisateur", "salarie")
    if request.GET.get("refuses"):
        journal = journal.filter(accorde=False)
    page = Paginator(journal, 50).get_page(request.GET.get("page"))
    return render(request, "spsti/journal_acces.html", {"page": page})
