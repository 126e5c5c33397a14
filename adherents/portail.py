"""Member portal views (own URL tree under /portail/, own templates)."""

import base64

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from cellule_pdp.selectors import suivi_pour_employeur
from fiche_entreprise.selectors import prevention_du_portail
from spsti import televersements
from spsti.acces import capacite_requise
from spsti.exports import neutraliser
from spsti.fichiers import servir_fichier
from spsti.forms import traiter_formulaire
from spsti.models import Service
from spsti.permissions import Capacite
from spsti.tenancy import service_actif
from suivi_individuel.echeancier import prochaines_visites
from suivi_individuel.selectors import suivi_du_portail

from . import declarations, effectifs
from .forms import ContactForm, DemandeAdhesionForm, MessageForm, PropositionCategorieForm
from .models import CategorieSuivi, Emploi, PropositionCategorie, Salarie
from .selectors import adherents_du_portail


@capacite_requise(Capacite.PORTAIL, connexion="portail:connexion")
def accueil(request):
    return render(request, "portail/accueil.html", {
        "adherents": adherents_du_portail(request.rattachement)})


def adhesion(request, service_id: int):
    """Public page: a company applies to join the service (no account needed)."""
    service = get_object_or_404(Service.objects.filter(actif=True), pk=service_id)
    with service_actif(service):
        form = DemandeAdhesionForm(request.POST or None, service=service)
        if request.method == "POST" and form.is_valid():
            form.save()
            return redirect("portail:adhesion_envoyee", service_id=service.pk)
        return render(request, "portail/adhesion.html", {"form": form, "service": service})


def adhesion_envoyee(request, service_id: int):
    service = get_object_or_404(Service.objects.filter(actif=True), pk=service_id)
    return render(request, "portail/adhesion_envoyee.html", {"service": service})


TAILLE_MAX_FICHIER = televersements.TAILLE_MAX  # the upload policy (spsti.televersements)
SESSION_DECLARATION = "declaration_en_attente"


def adherent_du_portail(request, pk: int):
    """One of the portal user's companies; any other id is a 404."""
    return get_object_or_404(adherents_du_portail(request.rattachement), pk=pk)


def retour_entreprise(adherent) -> tuple[str, str]:
    """The company's portal page, as the breadcrumb of its forms."""
    return str(adherent), reverse("portail:entreprise", args=[adherent.pk])


@capacite_requise(Capacite.PORTAIL, connexion="portail:connexion")
def entreprise(request, pk: int):
    """The company as its employer sees it: identity, contacts, workforce with each worker's
    follow-up category (never medical content), journey, declarations."""
    adherent = adherent_du_portail(request, pk)
    emplois = (effectifs.emplois_ouverts().filter(adherent=adherent).select_related("salarie")
               .order_by("salarie__nom", "salarie__prenom"))  # the workers its headcount counts
    page = Paginator(emplois, 50).get_page(request.GET.get("page"))
    prochaines = prochaines_visites([emploi.salarie for emploi in page])
    for emploi in page:
        emploi.prochaine_visite = prochaines.get(emploi.salarie_id)
    return render(request, "portail/entreprise.html", {
        "adherent": adherent, "contacts": adherent.contacts.all(), "page": page, "aujourd_hui": timezone.localdate(),
        "trajectoire": adherent.trajectoire.select_related("etape"),
        "declarations": adherent.declarations.all()[:10],
        "messages_envoyes": adherent.messages.all()[:5],
        "propositions": PropositionCategorie.objects.filter(adherent=adherent).select_related("salarie")[:10],
        "maintien_en_emploi": suivi_pour_employeur(adherent), **suivi_du_portail(adherent),
        **prevention_du_portail(adherent)})


@capacite_requise(Capacite.PORTAIL, connexion="portail:connexion")
def effectifs_exporter(request, pk: int):
    adherent = adherent_du_portail(request, pk)
    reponse = HttpResponse(neutraliser(declarations.exporter(adherent)).csv, content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = f'attachment; filename="effectifs-{adherent.siren}.csv"'
    return reponse


@capacite_requise(Capacite.PORTAIL, connexion="portail:connexion")
def effectifs_deposer(request, pk: int):
    """Upload → preview with every error (row, column, message) or the changes → confirm: all
    rows or none. The file waits in the session between preview and confirmation."""
    adherent = adherent_du_portail(request, pk)
    contexte = {"adherent": adherent, "colonnes": declarations.COLONNES}
    if request.method == "POST" and "fichier" in request.FILES:
        fichier = request.FILES["fichier"]
        if fichier.size > TAILLE_MAX_FICHIER:
            contexte["erreur_fichier"] = "Le fichier dépasse 5 Mo : découpez-le ou contactez le service."
            return render(request, "portail/effectifs_deposer.html", contexte)
        contenu = fichier.read()
        try:
            analyse = declarations.analyser(adherent, declarations.lire(fichier.name, contenu))
        except declarations.FichierIllisible as exc:
            contexte["erreur_fichier"] = str(exc)
            return render(request, "portail/effectifs_deposer.html", contexte)
        if analyse.valide:
            request.session[SESSION_DECLARATION] = {"adherent": adherent.pk, "nom": fichier.name,
                                                    "contenu": base64.b64encode(contenu).decode()}
        contexte.update(analyse=analyse, nom_fichier=fichier.name, resume=[
            (libelle, analyse.compter(action)) for action, libelle in declarations.ACTIONS.items()])
        return render(request, "portail/effectifs_apercu.html", contexte)
    if request.method == "POST" and request.POST.get("confirmer"):
        en_attente = request.session.pop(SESSION_DECLARATION, None)
        if not en_attente or en_attente["adherent"] != adherent.pk:
            contexte["erreur_fichier"] = "Aucun fichier vérifié à confirmer : déposez-le à nouveau."
            return render(request, "portail/effectifs_deposer.html", contexte)
        contenu = base64.b64decode(en_attente["contenu"])
        analyse = declarations.analyser(adherent, declarations.lire(en_attente["nom"], contenu))
        try:
            declaration = declarations.appliquer(adherent=adherent, analyse=analyse, par=request.user,
                                                 annee=timezone.localdate().year,
                                                 fichier=ContentFile(contenu, name=en_attente["nom"]))
        except (ValidationError, ValueError) as exc:
            contexte["erreur_fichier"] = "La déclaration n'a pas été appliquée : " + " ".join(
                getattr(exc, "messages", [str(exc)]))
            return render(request, "portail/effectifs_deposer.html", contexte)
        messages.success(request, f"Déclaration {declaration.annee} enregistrée : {declaration.totaux['total']} "
                                  "salariés présents.")
        return redirect("portail:entreprise", pk=adherent.pk)
    return render(request, "portail/effectifs_deposer.html", contexte)


def _formulaire_portail(request, adherent, form, titre, message):
    return traiter_formulaire(request, form, titre, message, gabarit="portail/formulaire.html",
                              retour=retour_entreprise(adherent))


@capacite_requise(Capacite.PORTAIL, connexion="portail:connexion")
def contact_editer(request, pk: int, contact_pk=None):
    """The employer keeps its contacts up to date (seed 004: a quarter of new members could not
    be reached)."""
    adherent = adherent_du_portail(request, pk)
    contact = get_object_or_404(adherent.contacts.all(), pk=contact_pk) if contact_pk else None
    form = ContactForm(request.POST or None, instance=contact, service=request.service, adherent=adherent)
    objet, page = _formulaire_portail(request, adherent, form, "Modifier le contact" if contact else "Nouveau contact",
                                      "Contact {objet} enregistré.")
    return page or redirect("portail:entreprise", pk=adherent.pk)


@capacite_requise(Capacite.PORTAIL, connexion="portail:connexion")
def message_envoyer(request, pk: int):
    adherent = adherent_du_portail(request, pk)
    form = MessageForm(request.POST or None, service=request.service, adherent=adherent, auteur=request.user)
    objet, page = _formulaire_portail(request, adherent, form, "Écrire au service",
                                      "Message « {objet} » envoyé : le service adhérent vous répondra.")
    return page or redirect("portail:entreprise", pk=adherent.pk)


@capacite_requise(Capacite.PORTAIL, connexion="portail:connexion")
def categorie_proposer(request, pk: int, salarie_pk: int):
    adherent = adherent_du_portail(request, pk)
    salarie = get_object_or_404(Salarie.objects.filter(emplois__adherent=adherent).distinct(), pk=salarie_pk)
    form = PropositionCategorieForm(request.POST or None, service=request.service, salarie=salarie,
                                    adherent=adherent, auteur=request.user)
    objet, page = _formulaire_portail(
        request, adherent, form, f"Proposer une catégorie de suivi pour {salarie}",
        "Proposition envoyée à l'équipe de santé au travail, qui la validera ou la refusera.")
    return page or redirect("portail:entreprise", pk=adherent.pk)


NOUVELLES_LIGNES = 3


@capacite_requise(Capacite.PORTAIL, connexion="portail:connexion")
def effectifs_formulaire(request, pk: int):
    """The declaration for small members: current workers (with a leaving date if they left)
    and a few new ones, checked and applied by the same rules as a file."""
    adherent = adherent_du_portail(request, pk)
    presents = list(Emploi.objects.filter(adherent=adherent, date_sortie__isnull=True).select_related("salarie")
                    .order_by("salarie__nom", "salarie__prenom"))
    contexte = {"adherent": adherent, "categories": CategorieSuivi.choices,  # what was typed is shown again
                "presents": [(e, request.POST.get(f"sortie-{e.pk}", "")) for e in presents],
                "nouvelles": [(rang, {colonne: request.POST.get(f"nouveau-{rang}-{colonne}", "")
                                      for colonne in declarations.COLONNES})
                              for rang in range(1, NOUVELLES_LIGNES + 1)]}
    if request.method == "POST":
        donnees, libelles = declarations.lignes_du_formulaire(presents, request.POST, NOUVELLES_LIGNES)
        analyse = declarations.analyser(adherent, donnees)
        if analyse.valide:
            declaration = declarations.appliquer(adherent=adherent, analyse=analyse, par=request.user,
                                                 annee=timezone.localdate().year)
            messages.success(request, f"Déclaration {declaration.annee} enregistrée : "
                                      f"{declaration.totaux['total']} salariés présents.")
            return redirect("portail:entreprise", pk=adherent.pk)
        contexte["erreurs"] = [(libelles[numero], colonne, message) for numero, colonne, message in analyse.erreurs]
    return render(request, "portail/effectifs_formulaire.html", contexte)


@capacite_requise(Capacite.PORTAIL, connexion="portail:connexion")
def declaration_fichier(request, pk: int, declaration_pk: int):
    adherent = adherent_du_portail(request, pk)
    declaration = get_object_or_404(adherent.declarations.exclude(fichier=""), pk=declaration_pk)
    return servir_fichier(request, declaration.fichier, autorise=True)
