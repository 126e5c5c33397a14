"""The cell's work around the files: its meetings and their agenda, the early detection list,
its partners, its settings."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from adherents.models import Salarie
from spsti.acces import capacite_requise
from spsti.forms import executer, page_formulaire, traiter_formulaire
from spsti.models import AccesDossierMedical
from spsti.pdf import pdf_depuis_gabarit
from spsti.permissions import Capacite, est_membre_cellule_pdp, peut_lire_dossier_medical

from . import services
from .forms import EcartForm, PartenaireForm, ReglagesForm, ReunionForm
from .models import Ecart, Partenaire, Reunion, SourceSignalement
from .selectors import dossiers_visibles, ordre_du_jour, reperage
from .views import cellule_requise


@cellule_requise(membres_seulement=True)
def reunions(request):
    """The agenda of the next meeting (open files, what changed since the last one, stale files
    first) and the past meetings."""
    precedente, points = ordre_du_jour(request.service)
    return render(request, "cellule_pdp/reunions.html", {
        "precedente": precedente, "points": points, "reunions": Reunion.objects.all()[:24],
        "sans_action": sum(p.sans_action for p in points)})


@cellule_requise(membres_seulement=True)
def ordre_du_jour_pdf(request):
    precedente, points = ordre_du_jour(request.service)
    AccesDossierMedical.journaliser(rattachement=request.rattachement, salaries=[p.dossier.salarie_id for p in points],
                                    origine=request.path, accorde=True)
    contenu = pdf_depuis_gabarit("cellule_pdp/pdf/ordre_du_jour.html", {
        "service": request.service, "precedente": precedente, "points": points, "aujourd_hui": timezone.localdate()})
    return HttpResponse(contenu, content_type="application/pdf", headers={
        "Content-Disposition": f'inline; filename="cellule-pdp-ordre-du-jour-{timezone.localdate():%Y-%m-%d}.pdf"'})


@cellule_requise(membres_seulement=True)
def reunion_creer(request):
    form = ReunionForm(request.POST or None, instance=Reunion(), service=request.service)
    objet, page = traiter_formulaire(request, form, "Nouvelle réunion de la cellule",
                                     "Réunion du {objet.date:%d/%m/%Y} enregistrée : notez les décisions dossier "
                                     "par dossier.", retour=("Réunions de la cellule", "cellule_pdp:reunions"))
    return page or redirect("cellule_pdp:reunion", pk=objet.pk)


@cellule_requise(membres_seulement=True)
def reunion(request, pk: int):
    """A meeting: the decision taken for each open file (recorded in the file's journal too)."""
    seance = get_object_or_404(Reunion.objects.all(), pk=pk)
    _, points = ordre_du_jour(request.service, seance.date)
    if request.method == "POST":
        dossier = get_object_or_404(dossiers_visibles(request.rattachement), pk=request.POST.get("dossier"))
        executer(request, lambda: services.decision_enregistrer(
            reunion=seance, dossier=dossier, par=request.rattachement, texte=request.POST.get("texte", "")),
                 f"Décision enregistrée pour le dossier n° {dossier.numero}.")
        return redirect("cellule_pdp:reunion", pk=seance.pk)
    decisions = {d.dossier_id: d for d in seance.decisions.all()}
    AccesDossierMedical.journaliser(rattachement=request.rattachement, salaries=[p.dossier.salarie_id for p in points],
                                    origine=request.path, accorde=True)
    return render(request, "cellule_pdp/reunion.html", {
        "reunion": seance, "participants": seance.participants.select_related("utilisateur"),
        "points": [(p, decisions.get(p.dossier.pk)) for p in points]})


@cellule_requise()
def liste_reperage(request):
    """Workers the service's criteria propose for review: never an automatic decision."""
    return render(request, "cellule_pdp/reperage.html", {"reperes": reperage(request.rattachement)})


def _salarie_a_revoir(request, salarie_id):
    salarie = get_object_or_404(Salarie.objects.select_related("adherent"), pk=salarie_id)
    if not (est_membre_cellule_pdp(request.rattachement) or peut_lire_dossier_medical(request.rattachement, salarie)):
        raise PermissionDenied("Réservé à la cellule et à l'équipe médicale du salarié.")
    return salarie


@require_POST
@cellule_requise()
def reperage_signaler(request, salarie_id: int):
    salarie = _salarie_a_revoir(request, salarie_id)
    signalement = services.signalement_creer(
        salarie=salarie, source=SourceSignalement.par_code(request.service, "reperage"), par=request.rattachement,
        description="Proposé par la liste de repérage précoce, retenu après revue.")
    messages.success(request, f"{salarie} est signalé·e à la cellule (dossier n° {signalement.dossier.numero}).")
    return redirect("cellule_pdp:reperage")


@cellule_requise()
def reperage_ecarter(request, salarie_id: int):
    salarie = _salarie_a_revoir(request, salarie_id)
    form = EcartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        Ecart.objects.create(tenant=request.service, salarie=salarie, par=request.rattachement,
                             motif=form.cleaned_data["motif"], jusqu_au=form.jusqu_au())
        messages.success(request, f"{salarie} n'est plus proposé·e avant le {form.jusqu_au():%d/%m/%Y}.")
        return redirect("cellule_pdp:reperage")
    return page_formulaire(request, form, f"Écarter {salarie} du repérage",
                           retour=("Repérage précoce", reverse("cellule_pdp:reperage")))


@cellule_requise()
def partenaires(request):
    return render(request, "cellule_pdp/partenaires.html", {"partenaires": Partenaire.objects.all()})


@cellule_requise(membres_seulement=True)
def partenaire_editer(request, pk=None):
    partenaire = get_object_or_404(Partenaire.objects.all(), pk=pk) if pk else None
    form = PartenaireForm(request.POST or None, instance=partenaire, service=request.service)
    objet, page = traiter_formulaire(request, form, "Modifier le partenaire" if partenaire else "Nouveau partenaire",
                                     "Partenaire « {objet} » enregistré.",
                                     retour=("Partenaires", "cellule_pdp:partenaires"))
    return page or redirect("cellule_pdp:partenaires")


@capacite_requise(Capacite.GERER_ORGANISATION)
def reglages(request):
    form = ReglagesForm.pour(request.service, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.enregistrer(request.service)
        messages.success(request, "Réglages de la cellule PDP enregistrés.")
        return redirect("organisation")
    return page_formulaire(request, form, "Réglages de la cellule PDP", retour=("Organisation", "organisation"))
