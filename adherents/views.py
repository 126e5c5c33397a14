"""Member services' back office: the member list, a member's record and its edit forms."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from fiche_entreprise.selectors import resume_prevention
from spsti.acces import capacite_requise
from spsti.exports import neutraliser
from spsti.fichiers import servir_fichier
from spsti.forms import traiter_formulaire
from spsti.permissions import (
    Capacite,
    a_capacite,
    est_membre_cellule_pdp,
    peut,
    peut_decider_categorie,
    peut_lire_dossier_medical,
    peut_realiser_etape,
)
from suivi_individuel.selectors import suivi_du_salarie

from .adhesion import demande_accepter, demande_refuser, message_repondre
from .filters import AdherentFiltre
from .forms import (
    AdherentForm,
    ContactForm,
    DemandeAdhesionForm,
    EmploiForm,
    EtablissementForm,
    EtapeAdherentForm,
    EtapeTrajectoireForm,
    SalarieCreationForm,
    SalarieForm,
)
from .models import (
    Adherent,
    Contact,
    DeclarationEffectifs,
    DemandeAdhesion,
    Emploi,
    Etablissement,
    EtapeAdherent,
    EtapeTrajectoire,
    MessageAdherent,
    PropositionCategorie,
    Salarie,
    StatutDemande,
)
from .propositions import proposition_decider
from .resources import AdherentResource
from .selectors import rechercher_salaries
from .trajectoire import etapes_du_service, trajectoire_demarrer

ONGLETS = [("identite", "Identité"), ("etablissements", "Établissements"), ("contacts", "Contacts"),
           ("salaries", "Salariés"), ("trajectoire", "Trajectoire"), ("messages", "Messages"),
           ("documents", "Documents"), ("prevention", "Prévention")]
FORMATS_EXPORT = {"csv": "text/csv; charset=utf-8",
                  "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def adherents_filtres(request):
    return AdherentFiltre(request.GET or None, request=request, queryset=Adherent.objects.select_related(
        "code_naf", "centre", "equipe", "medecin__utilisateur"))


@capacite_requise(Capacite.VOIR_ADHERENTS)
def liste(request):
    filtre = adherents_filtres(request)
    page = Paginator(filtre.qs, 50).get_page(request.GET.get("page"))
    parametres = request.GET.copy()
    parametres.pop("page", None)
    return render(request, "adherents/liste.html", {
        "filtre": filtre, "page": page, "parametres": parametres.urlencode(),
        "peut_gerer": a_capacite(request.rattachement, Capacite.GERER_ADHERENTS)})


@capacite_requise(Capacite.VOIR_ADHERENTS)
def exporter(request, format_export: str):
    donnees = neutraliser(AdherentResource().export(adherents_filtres(request).qs))
    reponse = HttpResponse(getattr(donnees, format_export), content_type=FORMATS_EXPORT[format_export])
    nom = f"adherents-{timezone.localdate():%Y-%m-%d}.{format_export}"
    reponse["Content-Disposition"] = f'attachment; filename="{nom}"'
    return reponse


@capacite_requise(Capacite.VOIR_ADHERENTS)
def detail(request, pk: int):
    adherent = get_object_or_404(Adherent.objects.select_related("code_naf", "centre", "equipe",
                                                                 "medecin__utilisateur"), pk=pk)
    onglet = request.GET.get("onglet") if request.GET.get("onglet") in dict(ONGLETS) else "identite"
    contexte = {"adherent": adherent, "onglets": ONGLETS, "onglet": onglet,
                "peut_gerer": a_capacite(request.rattachement, Capacite.GERER_ADHERENTS),
                "peut_convoquer": a_capacite(request.rattachement, Capacite.SUIVI_INDIVIDUEL),
                "peut_prevention": a_capacite(request.rattachement, Capacite.PREVENTION),
                **resume_prevention(adherent)}
    if onglet == "etablissements":
        contexte["etablissements"] = adherent.etablissements.select_related("centre")
    elif onglet == "contacts":
        contexte["contacts"] = adherent.contacts.all()
    elif onglet == "salaries":
        emplois = (Emploi.objects.filter(adherent=adherent).select_related("salarie")
                   .order_by("date_sortie", "salarie__nom", "salarie__prenom"))
        contexte["page"] = Paginator(emplois, 50).get_page(request.GET.get("page"))
        contexte["parametres"] = "onglet=salaries"
    elif onglet == "messages":
        contexte["messages_adherent"] = adherent.messages.select_related("auteur", "traite_par")
    elif onglet == "documents":
        contexte["declarations"] = adherent.declarations.select_related("deposee_par")
    elif onglet == "trajectoire":
        contexte["etapes"] = [(etape, peut_realiser_etape(request.rattachement, etape))
                              for etape in adherent.trajectoire.select_related("etape")]
        contexte["aujourd_hui"] = timezone.localdate()
    return render(request, "adherents/detail.html", contexte)


def _retour(adherent, onglet="identite"):
    return (str(adherent), f"{reverse('adherents:detail', args=[adherent.pk])}?onglet={onglet}")


@capacite_requise(Capacite.GERER_ADHERENTS)
def adherent_editer(request, pk=None):
    adherent = get_object_or_404(Adherent.objects.all(), pk=pk) if pk else None
    form = AdherentForm(request.POST or None, instance=adherent, service=request.service)
    retour = _retour(adherent) if adherent else ("Adhérents", "adherents:liste")
    objet, page = traiter_formulaire(request, form, f"Modifier {adherent}" if adherent else "Nouvel adhérent",
                                     "L'adhérent {objet} est enregistré.", retour=retour)
    if page:
        return page
    if adherent is None:
        trajectoire_demarrer(objet)
    return redirect("adherents:detail", objet.pk)


@capacite_requise(Capacite.GERER_ADHERENTS)
def etablissement_editer(request, adherent_pk: int, pk=None):
    adherent = get_object_or_404(Adherent.objects.all(), pk=adherent_pk)
    etablissement = get_object_or_404(Etablissement.objects.filter(adherent=adherent), pk=pk) if pk else None
    form = EtablissementForm(request.POST or None, instance=etablissement, service=request.service,
                             adherent=adherent)
    objet, page = traiter_formulaire(
        request, form, "Modifier l'établissement" if etablissement else "Nouvel établissement",
        "L'établissement {objet} est enregistré.", retour=_retour(adherent, "etablissements"))
    return page or redirect(f"{reverse('adherents:detail', args=[adherent.pk])}?onglet=etablissements")


@capacite_requise(Capacite.GERER_ADHERENTS)
def contact_editer(request, adherent_pk: int, pk=None):
    adherent = get_object_or_404(Adherent.objects.all(), pk=adherent_pk)
    contact = get_object_or_404(Contact.objects.filter(adherent=adherent), pk=pk) if pk else None
    form = ContactForm(request.POST or None, instance=contact, service=request.service, adherent=adherent)
    objet, page = traiter_formulaire(request, form, "Modifier le contact" if contact else "Nouveau contact",
                                     "Le contact {objet} est enregistré.", retour=_retour(adherent, "contacts"))
    return page or redirect(f"{reverse('adherents:detail', args=[adherent.pk])}?onglet=contacts")


@capacite_requise(Capacite.BACK_OFFICE)
def etape_realiser(request, adherent_pk: int, pk: int):
    etape = get_object_or_404(EtapeAdherent.objects.select_related("etape", "adherent"),
                              adherent_id=adherent_pk, pk=pk)
    if not peut_realiser_etape(request.rattachement, etape):
        raise PermissionDenied("Cette étape revient à un autre rôle.")
    form = EtapeAdherentForm(request.POST or None, instance=etape, service=request.service,
                             initial={"faite_le": etape.faite_le or timezone.localdate()})
    objet, page = traiter_formulaire(request, form, f"{etape.etape} — {etape.adherent}",
                                     "Étape « {objet.etape} » enregistrée.",
                                     retour=_retour(etape.adherent, "trajectoire"))
    return page or redirect(f"{reverse('adherents:detail', args=[adherent_pk])}?onglet=trajectoire")


@capacite_requise(Capacite.GERER_ORGANISATION)
def etapes_trajectoire(request):
    etapes_du_service(request.service)
    return render(request, "adherents/etapes_trajectoire.html", {"etapes": EtapeTrajectoire.objects.all()})


@capacite_requise(Capacite.GERER_ORGANISATION)
def etape_trajectoire_editer(request, pk=None):
    etape = get_object_or_404(EtapeTrajectoire.objects.all(), pk=pk) if pk else None
    form = EtapeTrajectoireForm(request.POST or None, instance=etape, service=request.service)
    objet, page = traiter_formulaire(request, form, "Modifier l'étape" if etape else "Nouvelle étape",
                                     "Étape « {objet} » enregistrée.",
                                     retour=("Trajectoire adhérent", "adherents:etapes_trajectoire"))
    return page or redirect("adherents:etapes_trajectoire")


@capacite_requise(Capacite.VOIR_ADHERENTS)
def salarie(request, pk: int):
    """A worker's administrative record: identity, category, employments. Never medical content;
    the link to the medical record shows to those who may read it (and each read is logged)."""
    fiche = get_object_or_404(Salarie.objects.select_related("adherent__equipe"), pk=pk)
    suivi = a_capacite(request.rattachement, Capacite.SUIVI_INDIVIDUEL)
    return render(request, "adherents/salarie.html", {
        "salarie": fiche, "emplois": fiche.emplois.select_related("adherent").prefetch_related("periodes"),
        "peut_gerer": a_capacite(request.rattachement, Capacite.GERER_ADHERENTS),
        "peut_convoquer": suivi, "aujourd_hui": timezone.localdate(), **(suivi_du_salarie(fiche) if suivi else {}),
        "lien_dossier_medical": peut_lire_dossier_medical(request.rattachement, fiche),
        "peut_signaler_pdp": est_membre_cellule_pdp(request.rattachement)
        or peut_lire_dossier_medical(request.rattachement, fiche)})


@capacite_requise(Capacite.GERER_ADHERENTS)
def salarie_creer(request, adherent_pk: int):
    adherent = get_object_or_404(Adherent.objects.all(), pk=adherent_pk)
    form = SalarieCreationForm(request.POST or None, service=request.service, adherent=adherent)
    objet, page = traiter_formulaire(request, form, f"Nouveau salarié de {adherent}", "Salarié {objet} enregistré.",
                                     retour=_retour(adherent, "salaries"))
    return page or redirect("adherents:salarie", objet.pk)


@capacite_requise(Capacite.GERER_ADHERENTS)
def salarie_modifier(request, pk: int):
    fiche = get_object_or_404(Salarie.objects.all(), pk=pk)
    form = SalarieForm(request.POST or None, instance=fiche, service=request.service)
    objet, page = traiter_formulaire(request, form, f"Modifier {fiche}", "Salarié {objet} enregistré.",
                                     retour=(str(fiche), reverse("adherents:salarie", args=[fiche.pk])))
    return page or redirect("adherents:salarie", objet.pk)


@capacite_requise(Capacite.GERER_ADHERENTS)
def emploi_editer(request, salarie_pk: int, pk=None):
    fiche = get_object_or_404(Salarie.objects.all(), pk=salarie_pk)
    emploi = get_object_or_404(Emploi.objects.filter(salarie=fiche), pk=pk) if pk else None
    form = EmploiForm(request.POST or None, instance=emploi, service=request.service, salarie=fiche)
    objet, page = traiter_formulaire(request, form, "Modifier l'emploi" if emploi else "Nouvel emploi",
                                     "Emploi {objet} enregistré.",
                                     retour=(str(fiche), reverse("adherents:salarie", args=[fiche.pk])))
    return page or redirect("adherents:salarie", fiche.pk)


@capacite_requise(Capacite.GERER_ADHERENTS)
def demandes(request):
    statut = request.GET.get("statut", StatutDemande.EN_ATTENTE)
    if statut not in StatutDemande.values:
        statut = StatutDemande.EN_ATTENTE
    liste = DemandeAdhesion.objects.filter(statut=statut)
    return render(request, "adherents/demandes.html", {
        "page": Paginator(liste.select_related("code_naf"), 50).get_page(request.GET.get("page")),
        "statuts": StatutDemande.choices, "statut": statut, "parametres": f"statut={statut}"})


@capacite_requise(Capacite.GERER_ADHERENTS)
def demande(request, pk: int):
    """Member services review an application: correct it, then accept it or refuse it with a reason."""
    fiche = get_object_or_404(DemandeAdhesion.objects.select_related("adherent"), pk=pk)
    modifiable = fiche.statut == StatutDemande.EN_ATTENTE
    form = DemandeAdhesionForm(request.POST or None, instance=fiche, service=request.service)
    motif = request.POST.get("motif_refus", "").strip()
    erreur = None
    if request.method == "POST" and modifiable:
        try:
            if request.POST.get("action") == "refuser":
                if not motif:
                    raise ValidationError("Indiquez le motif du refus : il est envoyé à l'entreprise.")
                demande_refuser(demande=fiche, par=request.user, motif=motif)
                messages.success(request, f"Demande de {fiche.raison_sociale} refusée ; l'entreprise est prévenue.")
                return redirect("adherents:demandes")
            if form.is_valid():
                adherent = demande_accepter(demande=form.save(), par=request.user,
                                            url_absolue=request.build_absolute_uri)
                messages.success(request, f"{adherent} est adhérent ; l'employeur a reçu son lien d'activation. "
                                          "Attribuez-lui une équipe.")
                return redirect("adherents:detail", adherent.pk)
        except ValidationError as exc:
            erreur = " ".join(exc.messages)
    return render(request, "adherents/demande.html", {"demande": fiche, "form": form, "modifiable": modifiable,
                                                      "motif": motif, "erreur": erreur})


@capacite_requise(Capacite.GERER_ADHERENTS)
def message_traiter(request, adherent_pk: int, pk: int):
    """Member services answer a member's message (the answer is e-mailed to its author)."""
    message = get_object_or_404(MessageAdherent.objects.select_related("auteur"), adherent_id=adherent_pk, pk=pk)
    if request.method == "POST":
        reponse = request.POST.get("reponse", "").strip()
        if not reponse:
            messages.error(request, "Écrivez la réponse avant de marquer le message comme traité.")
        else:
            message_repondre(message=message, par=request.user, reponse=reponse)
            messages.success(request, f"Réponse envoyée à {message.auteur}.")
    return redirect(f"{reverse('adherents:detail', args=[adherent_pk])}?onglet=messages")


@capacite_requise(Capacite.SUIVI_INDIVIDUEL)
def propositions(request):
    """Category proposals awaiting the user's team."""
    en_attente = (PropositionCategorie.objects.filter(statut=StatutDemande.EN_ATTENTE)
                  .select_related("salarie__adherent", "adherent", "proposee_par"))
    return render(request, "adherents/propositions.html", {"propositions": [
        p for p in en_attente if peut_decider_categorie(request.rattachement, p.salarie)]})


@capacite_requise(Capacite.SUIVI_INDIVIDUEL)
def proposition_decision(request, pk: int):
    proposition = get_object_or_404(PropositionCategorie.objects.select_related("salarie__adherent"), pk=pk)
    if not peut_decider_categorie(request.rattachement, proposition.salarie):
        raise PermissionDenied("Seule l'équipe qui suit ce salarié décide de sa catégorie.")
    if request.method == "POST":
        try:
            proposition_decider(proposition=proposition, par=request.user,
                                accepter=request.POST.get("decision") == "accepter",
                                motif=request.POST.get("motif", "").strip())
            messages.success(request, f"Proposition pour {proposition.salarie} : {proposition.get_statut_display()}.")
            return redirect("adherents:propositions")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return render(request, "adherents/proposition.html", {"proposition": proposition})


@capacite_requise(Capacite.VOIR_ADHERENTS)
def declaration_fichier(request, pk: int):
    declaration = get_object_or_404(DeclarationEffectifs.objects.exclude(fichier=""), pk=pk)
    return servir_fichier(request, declaration.fichier, autorise=True)



@capacite_requise(Capacite.VOIR_ADHERENTS)
def salaries_recherche(request):
    """Worker search from the navigation bar; each result offers what the role may do with it
    (the record for the team's physicians and nurses, booking for follow-up staff)."""
    texte = request.GET.get("q", "").strip()
    page = Paginator(rechercher_salaries(texte), 50).get_page(request.GET.get("page"))
    for salarie in page:
        salarie.dossier_lisible = peut(request.rattachement, "lire_dossier_medical", salarie)
    return render(request, "adherents/recherche_salaries.html", {
        "q": texte, "page": page, "parametres": urlencode({"q": texte}),
        "suivi": a_capacite(request.rattachement, Capacite.SUIVI_INDIVIDUEL)})
