"""The cell's pages on signals and case files. A file is reached only through the policy's
scope (another service's file, or one the policy hides, is a 404) and each read is logged."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from adherents.models import Salarie
from spsti.acces import capacite_requise
from spsti.fichiers import servir_fichier
from spsti.filtres import page_liste
from spsti.forms import appliquer, executer, page_formulaire, traiter_formulaire
from spsti.permissions import (
    Capacite,
    est_membre_cellule_pdp,
    peut_lire_dossier_medical,
    peut_lire_medical_pdp,
    travaille_avec_cellule_pdp,
)

from . import services
from .export import classeur_17_colonnes
from .forms import (
    ClotureForm,
    ConsentementForm,
    DocumentForm,
    DossierForm,
    InterventionForm,
    JournalForm,
    MesureForm,
    OrientationForm,
    PartageForm,
    SignalementForm,
)
from .models import (
    Consentement,
    DocumentPDP,
    Etape,
    InterventionEntreprise,
    Mesure,
    Orientation,
)
from .selectors import consentement_en_vigueur, dossier_lu, dossiers_visibles


def cellule_requise(membres_seulement=False):
    """The cell's pages: its members, and (unless ``membres_seulement``) the physicians and
    nurses for their team's workers."""
    def decorateur(vue):
        @capacite_requise(Capacite.CELLULE_PDP)
        @wraps(vue)
        def garde(request, *args, **kwargs):
            admis = est_membre_cellule_pdp if membres_seulement else travaille_avec_cellule_pdp
            if not admis(request.rattachement):
                raise PermissionDenied("Réservé aux membres de la cellule PDP.")
            return vue(request, *args, **kwargs)
        return garde
    return decorateur


@cellule_requise()
def file_attente(request):
    """The intake queue: files opened by a signal and not taken up yet, oldest first; and the
    search of a worker to signal."""
    dossiers = (dossiers_visibles(request.rattachement).filter(avancement__etape=Etape.A_TRAITER)
                .select_related("salarie", "adherent", "medecin__utilisateur")
                .prefetch_related("signalements__source").order_by("ouvert_le", "numero"))
    recherche = request.GET.get("q", "").strip()
    trouves = []
    if len(recherche) >= 2:
        trouves = (Salarie.objects.filter(Q(nom__icontains=recherche) | Q(nir__startswith=recherche))
                   .select_related("adherent").order_by("nom", "prenom")[:20])
    return page_liste(request, dossiers, "cellule_pdp/file_attente.html", recherche=recherche, trouves=trouves)


@cellule_requise()
def dossiers(request):
    """Every file the user may see, with its step, physician and next review."""
    qs = (dossiers_visibles(request.rattachement).select_related("salarie", "adherent", "medecin__utilisateur",
                                                                 "avancement", "issue")
          .order_by("-ouvert_le", "-numero"))
    etape = request.GET.get("etape", "ouverts")
    if etape == "ouverts":
        qs = qs.filter(clos_le__isnull=True)
    elif etape in Etape.values:
        qs = qs.filter(avancement__etape=etape)
    recherche = request.GET.get("q", "").strip()
    if recherche:
        qs = qs.filter(Q(salarie__nom__icontains=recherche) | Q(adherent__raison_sociale__icontains=recherche)
                       | Q(numero=int(recherche) if recherche.isdigit() else None))
    return page_liste(request, qs, "cellule_pdp/dossiers.html", etape=etape, recherche=recherche,
                  etapes=[("ouverts", "Ouverts"), *Etape.choices, ("tous", "Tous")])


@cellule_requise()
def exporter(request):
    """The 17-column table of seed 001 (XLSX), for services that still report in spreadsheets;
    the medical column only for physicians and nurses; each file read is logged."""
    qs = dossiers_visibles(request.rattachement).order_by("numero")
    contenu = classeur_17_colonnes(qs, rattachement=request.rattachement, origine=request.path)
    return FileResponse(contenu, as_attachment=True, filename="cellule-pdp-tableau-de-suivi.xlsx",
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@capacite_requise(Capacite.BACK_OFFICE)
def dossier(request, pk: int):
    d = dossier_lu(rattachement=request.rattachement, pk=pk, origine=request.path)
    consentement = consentement_en_vigueur(d)
    medical = peut_lire_medical_pdp(request.rattachement, d)
    return render(request, "cellule_pdp/dossier.html", {
        "dossier": d, "medical": medical,
        "signalements": d.signalements.select_related("source", "partenaire", "signale_par__utilisateur", "visite"),
        "orientations": d.orientations.select_related("orientation", "partenaire"),
        "mesures": d.mesures.select_related("accompagnement"), "interventions": d.interventions.all(),
        "journal": d.journal.select_related("auteur__utilisateur")[:100], "documents": d.documents.all(),
        "consentement": consentement, "consentements": d.consentements.prefetch_related("partenaires"),
        "partages": d.partages.select_related("partenaire", "par__utilisateur"),
        "decisions": d.decisions.select_related("reunion"), "journal_form": JournalForm(service=request.service),
        "intervenants": d.intervenants.select_related("utilisateur"),
        "pathologies": d.pathologies.all() if medical else None})


def _dossier(request, pk):
    """A file to act on: read (and logged) like its page."""
    return dossier_lu(rattachement=request.rattachement, pk=pk, origine=request.path)


def _retour(d):
    return f"Dossier n° {d.numero}", reverse("cellule_pdp:dossier", args=[d.pk])


def _sous_formulaire(request, pk, form_class, modele, titre, message, journal, instance_pk=None, **valeurs):
    """A row added to (or changed in) the file, with its journal entry."""
    d = _dossier(request, pk)
    instance = get_object_or_404(modele.objects.filter(dossier=d), pk=instance_pk) if instance_pk else modele(
        dossier=d, **valeurs)
    form = form_class(request.POST or None, request.FILES or None, instance=instance, service=request.service)
    form.champs_fixes = ("dossier",)
    objet, page = traiter_formulaire(request, form, f"{titre} — dossier n° {d.numero}", message, retour=_retour(d))
    if page:
        return page
    services.journal_ecrire(d, request.rattachement, journal.format(objet=objet))
    return redirect("cellule_pdp:dossier", pk=d.pk)


@capacite_requise(Capacite.BACK_OFFICE)
def dossier_modifier(request, pk: int):
    d = _dossier(request, pk)
    form = DossierForm(request.POST or None, instance=d, service=request.service,
                       medical=peut_lire_medical_pdp(request.rattachement, d))
    objet, page = traiter_formulaire(request, form, f"Dossier n° {d.numero} — {d.salarie}", "Dossier enregistré.",
                                     retour=_retour(d))
    if page:
        return page
    if form.changed_data:
        libelles = ", ".join(str(form.fields[champ].label) for champ in form.changed_data)
        services.journal_ecrire(d, request.rattachement, f"Dossier mis à jour : {libelles}.")
    return redirect("cellule_pdp:dossier", pk=d.pk)


@require_POST
@capacite_requise(Capacite.BACK_OFFICE)
def prendre_en_charge(request, pk: int):
    d = _dossier(request, pk)
    executer(request, lambda: services.dossier_prendre_en_charge(dossier=d, par=request.rattachement),
             "Dossier pris en charge.")
    return redirect("cellule_pdp:dossier", pk=d.pk)


@require_POST
@capacite_requise(Capacite.BACK_OFFICE)
def journal_ajouter(request, pk: int):
    d = _dossier(request, pk)
    form = JournalForm(request.POST, instance=None, service=request.service)
    if form.is_valid():
        services.journal_ecrire(d, request.rattachement, form.cleaned_data["texte"], form.cleaned_data["nature"])
        messages.success(request, "Entrée ajoutée au journal.")
    else:
        messages.error(request, "Le journal attend un texte.")
    return redirect("cellule_pdp:dossier", pk=d.pk)


@capacite_requise(Capacite.BACK_OFFICE)
def orientation_ajouter(request, pk: int):
    return _sous_formulaire(request, pk, OrientationForm, Orientation, "Orientation proposée",
                            "Orientation enregistrée.", "Orientation proposée : {objet}.")


@capacite_requise(Capacite.BACK_OFFICE)
def mesure_editer(request, pk: int, mesure_pk=None):
    return _sous_formulaire(request, pk, MesureForm, Mesure, "Mesure d'accompagnement", "Mesure enregistrée.",
                            "Mesure : {objet}.", instance_pk=mesure_pk)


@capacite_requise(Capacite.BACK_OFFICE)
def intervention_ajouter(request, pk: int):
    return _sous_formulaire(request, pk, InterventionForm, InterventionEntreprise, "Intervention en entreprise",
                            "Intervention enregistrée.", "Intervention en entreprise : {objet}.")


@capacite_requise(Capacite.BACK_OFFICE)
def document_ajouter(request, pk: int):
    return _sous_formulaire(request, pk, DocumentForm, DocumentPDP, "Document", "Document déposé.",
                            "Document déposé : {objet}.", depose_par=request.rattachement)


@capacite_requise(Capacite.BACK_OFFICE)
def document_telecharger(request, pk: int, document_pk: int):
    d = dossier_lu(rattachement=request.rattachement, pk=pk, origine=request.path)
    document = get_object_or_404(DocumentPDP.objects.filter(dossier=d), pk=document_pk)
    return servir_fichier(request, document.fichier, autorise=True)  # the read is logged by dossier_lu


@capacite_requise(Capacite.BACK_OFFICE)
def consentement_recueillir(request, pk: int):
    d = _dossier(request, pk)
    form = ConsentementForm(request.POST or None, instance=Consentement(dossier=d, recueilli_par=request.rattachement),
                            service=request.service)
    form.champs_fixes = ("dossier",)
    objet, page = traiter_formulaire(request, form, f"Consentement du salarié — dossier n° {d.numero}",
                                     "Consentement enregistré.", retour=_retour(d))
    if page:
        return page
    informations = ", ".join(objet.get_informations_display()).lower()
    services.journal_ecrire(d, request.rattachement, f"Consentement recueilli : {informations}.")
    return redirect("cellule_pdp:dossier", pk=d.pk)


@require_POST
@capacite_requise(Capacite.BACK_OFFICE)
def consentement_retirer(request, pk: int, consentement_pk: int):
    d = _dossier(request, pk)
    consentement = get_object_or_404(Consentement.objects.filter(dossier=d), pk=consentement_pk)
    executer(request, lambda: services.consentement_retirer(consentement=consentement, par=request.rattachement),
             "Retrait du consentement enregistré : plus aucun partage n'est possible.")
    return redirect("cellule_pdp:dossier", pk=d.pk)


@capacite_requise(Capacite.BACK_OFFICE)
def partage_ajouter(request, pk: int):
    d = _dossier(request, pk)
    form = PartageForm(request.POST or None)
    if appliquer(request, form, lambda donnees: services.partager(dossier=d, par=request.rattachement, **donnees)):
        messages.success(request, "Transmission enregistrée.")
        return redirect("cellule_pdp:dossier", pk=d.pk)
    return page_formulaire(request, form, f"Transmettre des informations — dossier n° {d.numero}", retour=_retour(d))


@capacite_requise(Capacite.BACK_OFFICE)
def cloturer(request, pk: int):
    d = _dossier(request, pk)
    form = ClotureForm(request.POST or None, service=request.service)
    if appliquer(request, form, lambda donnees: services.dossier_clore(dossier=d, par=request.rattachement,
                                                                        **donnees)):
        messages.success(request, f"Dossier n° {d.numero} clos.")
        return redirect("cellule_pdp:dossier", pk=d.pk)
    return page_formulaire(request, form, f"Clore le dossier n° {d.numero}", retour=_retour(d))


@cellule_requise()
def signaler(request, salarie_id: int):
    """A signal recorded by the cell (a partner's call, the worker's request, a workplace action)
    or by the worker's physician or nurse."""
    salarie = get_object_or_404(Salarie.objects.select_related("adherent"), pk=salarie_id)
    if not (est_membre_cellule_pdp(request.rattachement) or peut_lire_dossier_medical(request.rattachement, salarie)):
        raise PermissionDenied("Réservé à la cellule et à l'équipe médicale du salarié.")
    form = SignalementForm(request.POST or None, service=request.service)
    signalement = appliquer(request, form, lambda donnees: services.signalement_creer(
        salarie=salarie, par=request.rattachement, **donnees))
    if signalement:
        messages.success(request, f"Signalement enregistré (dossier n° {signalement.dossier.numero}).")
        return redirect("cellule_pdp:dossier", pk=signalement.dossier_id)
    return page_formulaire(request, form, f"Signaler {salarie} à la cellule PDP",
                           retour=("Signalements à traiter", reverse("cellule_pdp:file_attente")))


@cellule_requise()
def statistiques(request):
    """The cell's breakdowns that indicators cannot declare once for all (the service's own
    thesaurus entries, its physicians), over the files the user may see."""
    qs = dossiers_visibles(request.rattachement)

    def compte(lignes, cle, quoi="pk"):
        return [{"libelle": ligne[cle], "n": ligne["n"]}
                for ligne in lignes.values(cle).annotate(n=Count(quoi)).order_by("-n", cle)]

    return render(request, "cellule_pdp/statistiques.html", {"tableaux": [
        ("Dossiers ouverts par médecin", compte(qs.filter(clos_le__isnull=True), "medecin__utilisateur__last_name")),
        ("Entrées par source", compte(qs, "signalements__source__libelle", "signalements")),
        ("Dossiers par avancement", compte(qs, "avancement__libelle")),
        ("Sorties par issue", compte(qs.filter(issue__isnull=False), "issue__libelle")),
        ("Orientations proposées", compte(qs, "orientations__orientation__libelle", "orientations")),
        ("Accompagnements proposés", compte(qs, "mesures__accompagnement__libelle", "mesures")),
    ]})
