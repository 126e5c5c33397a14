from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from .acces import capacite_requise
from .alertes import LIBELLES
from .forms import ReportAlerteForm
from .journee import alertes_du_jour, alertes_en_stock, alertes_reportees, blocs_pour, groupes_alertes
from .models import AccesDossierMedical, Centre, Rattachement, Service
from .permissions import (
    MODELES_MEDICAUX,
    Capacite,
    Role,
    a_capacite,
    autorise,
    est_membre_federation,
    modele_lisible,
    peut,
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
    ("Tâches planifiées", "Dernière exécution des travaux de nuit et des envois, durée, échecs.",
     Capacite.VOIR_EXPLOITATION, "taches_planifiees"),
]


def racine(request):
    if not request.user.is_authenticated:
        return redirect("connexion")
    if a_capacite(request.rattachement, Capacite.PORTAIL):
        return redirect("portail:accueil")
    if request.rattachement is None and est_membre_federation(request.user):
        return redirect("indicateurs:federation")
    return redirect("accueil")


@capacite_requise(Capacite.BACK_OFFICE)
def accueil(request):
    """"Ma journée": my role's blocks (today's work), my alerts grouped by kind, my areas."""
    jour = timezone.localdate()
    return render(request, "spsti/accueil.html", {
        "blocs": blocs_pour(request.rattachement, jour),
        "groupes": groupes_alertes(alertes_du_jour(request.rattachement, jour)),
        "en_stock": alertes_en_stock(request.rattachement, jour).count(),
        "espaces": [(libelle, description, url) for libelle, description, condition, url in ESPACES
                    if autorise(request.rattachement, condition)],
        "aujourd_hui": jour,
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
    """My alerts: today's (by kind, most overdue first), the backlog ("reprise de stock") or the
    snoozed ones."""
    jour, vue = timezone.localdate(), request.GET.get("vue", "")
    choix = {"": alertes_du_jour, "stock": alertes_en_stock, "reportees": alertes_reportees}
    alertes_vues = choix.get(vue, alertes_du_jour)(request.rattachement, jour)
    groupes = groupes_alertes(alertes_vues)
    source = request.GET.get("source", "")
    if source:
        alertes_vues = alertes_vues.filter(source=source)
    page = Paginator(alertes_vues.order_by("due_depuis", "pk"), 50).get_page(request.GET.get("page"))
    for alerte in page:
        alerte.genre = LIBELLES.get(alerte.source, "")
    return render(request, "spsti/alertes.html", {
        "page": page, "groupes": groupes, "vue": vue if vue in choix else "", "source": source,
        "jour": jour,
        "onglets": [(cle, libelle, choix[cle](request.rattachement, jour).count()) for cle, libelle in (
            ("", "À traiter"), ("stock", "Reprise de stock"), ("reportees", "Reportées"))]})


@require_POST
@capacite_requise(Capacite.VOIR_ALERTES)
def alerte_reporter(request, pk: int):
    """Snoozes one of my alerts until a date, with a reason; it comes back on that date, and
    closes by itself when its cause is gone."""
    alerte = get_object_or_404(alertes_pour(request.rattachement), pk=pk)
    if not peut(request.rattachement, "reporter_alerte", alerte):
        raise PermissionDenied("Seuls les destinataires d'une alerte la reportent.")
    form = ReportAlerteForm(request.POST)
    if form.is_valid():
        alerte.reportee_au, alerte.motif_report = form.cleaned_data["jusqu_au"], form.cleaned_data["motif"]
        alerte.save(update_fields=["reportee_au", "motif_report"])
        messages.success(request, f"Alerte reportée au {alerte.reportee_au:%d/%m/%Y}.")
    else:
        messages.error(request, " ".join(m for erreurs in form.errors.values() for m in erreurs))
    return redirect(request.POST.get("retour") if url_has_allowed_host_and_scheme(
        request.POST.get("retour"), allowed_hosts={request.get_host()}) else "alertes")


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
