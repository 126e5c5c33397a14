"""Back-office pages of the offers and billing: accounting's home, catalogue and grids, the
yearly call, invoices, payments, credit notes, no-show fees, requests, a member's account, the
accounting export and the SEPA file; the public offers page of a service."""

from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from adherents.models import AccesPortail, Adherent, RolePortail
from spsti.acces import capacite_requise
from spsti.exports import neutraliser
from spsti.filtres import page_liste
from spsti.forms import executer, traiter_formulaire, traiter_par_service
from spsti.models import AccesDossierMedical, Service
from spsti.permissions import Capacite, a_capacite, peut, peut_traiter_demande_offre
from spsti.tenancy import service_actif

from . import documents, rules, selectors, services
from .forms import AvoirForm, DecisionFraisForm, DemandeSuiviForm, GrilleForm, OffreForm, PaiementForm
from .models import (
    AffiliationIndependant,
    AppelCotisation,
    DemandeOffre,
    Facture,
    FraisAbsence,
    GrilleTarifaire,
    NatureFacture,
    Offre,
    QuestionnaireEpuisement,
    Souscription,
    StatutDemande,
    StatutFrais,
    TypeOffre,
)

FORMATS_EXPORT = {"csv": "text/csv; charset=utf-8",
                  "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@capacite_requise(Capacite.OFFRES)
def accueil(request):
    """Accounting's day: what to do, the service's average cost against the national band."""
    aujourd_hui = timezone.localdate()
    facturation = a_capacite(request.rattachement, Capacite.FACTURATION)
    return render(request, "offres/accueil.html", {
        "travail": selectors.travail_comptable(request.rattachement, aujourd_hui) if facturation else None,
        "cout": selectors.cout_moyen(aujourd_hui.year), "facturation": facturation,
        "demandes": DemandeOffre.objects.filter(statut=StatutDemande.DEMANDEE).select_related("adherent", "offre")[:20],
        "aujourd_hui": aujourd_hui})


@capacite_requise(Capacite.OFFRES)
def catalogue(request):
    annee = timezone.localdate().year
    offres = Offre.objects.prefetch_related("grilles").select_related("equipe")
    return render(request, "offres/catalogue.html", {
        "offres": offres, "annees": [annee, annee + 1], "types": TypeOffre.choices,
        "facturation": a_capacite(request.rattachement, Capacite.FACTURATION),
        "url_publique": reverse("offres:publiques", args=[request.service.pk])})


@capacite_requise(Capacite.FACTURATION)
def offre_editer(request, pk=None):
    offre = get_object_or_404(Offre, pk=pk) if pk else None
    form = OffreForm(request.POST or None, instance=offre, service=request.service)
    objet, page = traiter_formulaire(request, form, "Modifier l'offre" if offre else "Nouvelle offre",
                                     "Offre « {objet} » enregistrée.", retour=("Catalogue", "offres:catalogue"))
    return redirect("offres:catalogue") if objet else page


@capacite_requise(Capacite.FACTURATION)
def grille_editer(request, pk=None):
    grille = get_object_or_404(GrilleTarifaire, pk=pk) if pk else None
    initial = {"offre": request.GET.get("offre"), "annee": request.GET.get("annee")} if not grille else None
    form = GrilleForm(request.POST or None, instance=grille, initial=initial, service=request.service)
    objet, page = traiter_formulaire(request, form, "Modifier la grille" if grille else "Nouvelle grille tarifaire",
                                     "Grille « {objet} » enregistrée.", retour=("Catalogue", "offres:catalogue"),
                                     gabarit="offres/grille.html")
    return redirect("offres:catalogue") if objet else page


@capacite_requise(Capacite.FACTURATION)
def appel(request, annee: int):
    """The yearly call: preview per member and totals; issue in one task, with its progress."""
    appel_existant = AppelCotisation.objects.filter(annee=annee).first()
    if request.method == "POST":
        executer(request, lambda: services.appel_lancer(service=request.service, annee=annee,
                                                         par=request.user),
                 "L'émission des factures est lancée : suivez sa progression ci-dessous.")
        return redirect("offres:appel", annee=annee)
    apercu = selectors.apercu_appel(annee)
    return page_liste(request, apercu.lignes, "offres/appel.html", apercu=apercu, annee=annee,
                      appel=appel_existant, cout=selectors.cout_moyen(annee))


@capacite_requise(Capacite.FACTURATION)
def appel_progression(request, annee: int):
    appel_existant = get_object_or_404(AppelCotisation, annee=annee)
    return render(request, "offres/_progression.html", {"appel": appel_existant, "annee": annee})


@capacite_requise(Capacite.FACTURATION)
def factures(request):
    lignes = Facture.objects.avec_reste().select_related("adherent").order_by("-emise_le", "-numero")
    recherche = request.GET.get("q", "").strip()
    if recherche:
        lignes = lignes.filter(Q(numero__icontains=recherche) | Q(adherent__raison_sociale__icontains=recherche))
    if request.GET.get("echues"):
        lignes = selectors.factures_echues(timezone.localdate())
    page = Paginator(lignes, 50).get_page(request.GET.get("page"))
    parametres = request.GET.copy()
    parametres.pop("page", None)
    return render(request, "offres/factures.html", {"page": page, "parametres": parametres.urlencode(),
                                                    "recherche": recherche})


@capacite_requise(Capacite.FACTURATION)
def facture(request, pk: int):
    objet = get_object_or_404(Facture.objects.avec_reste().select_related("adherent", "facture_origine"), pk=pk)
    return render(request, "offres/facture.html", {
        "facture": objet, "reste": objet.reste, "lignes": objet.lignes.all(),
        "paiements": objet.paiements.select_related("saisi_par"), "avoirs": objet.avoirs.all(),
        "form_paiement": PaiementForm(initial={"date": timezone.localdate(), "montant": objet.reste}),
        "form_avoir": AvoirForm(), "relances": services.relances_envoyees(objet),
        "etapes_relance": list(enumerate(rules.ETAPES_RELANCE, start=1))})


@capacite_requise(Capacite.FACTURATION)
def paiement(request, pk: int):
    objet = get_object_or_404(Facture, pk=pk)
    form = PaiementForm(request.POST or None)
    _, page = traiter_par_service(
        request, form, lambda d: services.paiement_enregistrer(
            facture=objet, montant=d["montant"], mode=d["mode"], par=request.user, date_paiement=d["date"],
            reference=d["reference"]),
        titre=f"Paiement de la facture n° {objet.numero}", message="Paiement enregistré.",
        retour=(str(objet), reverse("offres:facture", args=[objet.pk])))
    return page or redirect("offres:facture", pk=objet.pk)


@capacite_requise(Capacite.FACTURATION)
def avoir(request, pk: int):
    objet = get_object_or_404(Facture, pk=pk)
    form = AvoirForm(request.POST or None)
    resultat, page = traiter_par_service(
        request, form, lambda d: services.avoir_emettre(facture=objet, motif=d["motif"], par=request.user),
        titre=f"Avoir sur la facture n° {objet.numero}", message="Avoir n° {objet.numero} émis.",
        retour=(str(objet), reverse("offres:facture", args=[objet.pk])))
    return page or redirect("offres:facture", pk=resultat.pk)


@capacite_requise(Capacite.FACTURATION)
def facture_pdf(request, pk: int):
    objet = get_object_or_404(Facture.objects.select_related("adherent", "appel", "facture_origine"), pk=pk)
    return reponse_pdf(objet)


@capacite_requise(Capacite.FACTURATION)
def relance_pdf(request, pk: int, rang: int):
    """The reminder letter of a step, to print and post when e-mail is not enough."""
    objet = get_object_or_404(Facture.objects.filter(nature=NatureFacture.FACTURE).select_related("adherent"), pk=pk)
    if not 1 <= rang <= len(rules.ETAPES_RELANCE):
        raise Http404
    reponse = HttpResponse(documents.lettre_relance_pdf(objet, rang, selectors.reste_du(objet)),
                           content_type="application/pdf")
    reponse["Content-Disposition"] = f'inline; filename="relance-{rang}-{objet.numero}.pdf"'
    return reponse


def reponse_pdf(objet: Facture) -> HttpResponse:
    reponse = HttpResponse(documents.facture_facturx(objet), content_type="application/pdf")
    reponse["Content-Disposition"] = f'inline; filename="{documents.nom_fichier(objet)}"'
    return reponse


@capacite_requise(Capacite.FACTURATION)
def frais_absence(request):
    lignes = FraisAbsence.objects.select_related("adherent", "visite__salarie", "facture").order_by("statut", "-pk")
    statut = request.GET.get("statut", StatutFrais.PROPOSES)
    if statut in StatutFrais.values:
        lignes = lignes.filter(statut=statut)
    return page_liste(request, lignes, "offres/frais_absence.html", statut=statut, statuts=StatutFrais.choices,
                      form=DecisionFraisForm())


@capacite_requise(Capacite.FACTURATION)
def frais_decider(request, pk: int):
    frais = get_object_or_404(FraisAbsence.objects.select_related("visite", "adherent"), pk=pk)
    form = DecisionFraisForm(request.POST or None)
    _, page = traiter_par_service(
        request, form, lambda d: services.frais_absence_decider(
            frais=frais, confirmer=d["decision"] == "confirmer", motif=d["motif"], par=request.user),
        titre="Frais de rendez-vous non honoré", message="Décision enregistrée.",
        retour=("Frais d'absence", "offres:frais_absence"))
    return page or redirect("offres:frais_absence")


def demandes_visibles(rattachement):
    lignes = DemandeOffre.objects.select_related("adherent", "offre")
    if a_capacite(rattachement, Capacite.OFFRES):
        return lignes
    return lignes.filter(Q(offre__equipe__isnull=True) | Q(offre__equipe=rattachement.equipe_id),
                         offre__role_responsable=rattachement.role)


@capacite_requise(Capacite.BACK_OFFICE)
def demandes(request):
    lignes = demandes_visibles(request.rattachement)
    statut = request.GET.get("statut", "")
    if statut in StatutDemande.values:
        lignes = lignes.filter(statut=statut)
    return page_liste(request, lignes, "offres/demandes.html", statut=statut, statuts=StatutDemande.choices)


@capacite_requise(Capacite.BACK_OFFICE)
def demande(request, pk: int):
    objet = get_object_or_404(demandes_visibles(request.rattachement), pk=pk)
    if not peut_traiter_demande_offre(request.rattachement, objet):
        raise PermissionDenied("Votre rôle ne traite pas cette demande.")
    form = DemandeSuiviForm(request.POST or None, instance=objet, service=request.service)
    if objet.statut == StatutDemande.FACTUREE:
        form = None
    elif request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Demande mise à jour.")
        return redirect("offres:demande", pk=objet.pk)
    return render(request, "offres/demande.html", {
        "demande": objet, "form": form, "facturation": a_capacite(request.rattachement, Capacite.FACTURATION)})


@require_POST
@capacite_requise(Capacite.FACTURATION)
def demande_facturer(request, pk: int):
    objet = get_object_or_404(DemandeOffre, pk=pk)
    executer(request, lambda: services.demande_facturer(demande=objet, par=request.user),
             lambda f: f"Facture n° {f.numero} émise.")
    return redirect("offres:demande", pk=objet.pk)


@require_POST
@capacite_requise(Capacite.FACTURATION)
def affiliation_facturer(request, pk: int):
    objet = get_object_or_404(AffiliationIndependant, pk=pk)
    executer(request, lambda: services.affiliation_facturer(affiliation=objet, par=request.user),
             lambda f: f"Facture n° {f.numero} émise.")
    return redirect("offres:accueil")


@capacite_requise(Capacite.OFFRES)
def compte_adherent(request, pk: int):
    """A member's account: balance, unpaid flag, invoices, subscriptions (money only, never
    medical data)."""
    adherent = get_object_or_404(Adherent, pk=pk)
    if request.method == "POST" and "acces" in request.POST:
        if not a_capacite(request.rattachement, Capacite.GERER_ADHERENTS):
            raise PermissionDenied("Les accès au portail sont gérés par le service adhérent.")
        acces = get_object_or_404(AccesPortail.objects.filter(adherent=adherent), pk=request.POST["acces"])
        if request.POST.get("role") not in RolePortail.values:
            raise Http404
        acces.role = request.POST["role"]
        acces.save(update_fields=["role"])
        messages.success(request, f"Rôle de {acces.rattachement.utilisateur.email} sur le portail : "
                                  f"{acces.get_role_display().lower()}.")
        return redirect("offres:compte_adherent", pk=adherent.pk)
    if request.method == "POST":
        offre = get_object_or_404(Offre, pk=request.POST.get("offre") or 0)
        Souscription.objects.create(tenant=request.service, adherent=adherent, offre=offre)
        messages.success(request, f"Souscription à « {offre} » enregistrée.")
        return redirect("offres:compte_adherent", pk=adherent.pk)
    aujourd_hui = timezone.localdate()
    return render(request, "offres/compte_adherent.html", {
        "adherent": adherent, "solde": selectors.solde_adherent(adherent),
        "impaye": selectors.impaye(adherent, aujourd_hui), "aujourd_hui": aujourd_hui,
        "factures": adherent.factures.avec_reste().order_by("-emise_le", "-numero")[:50],
        "souscriptions": adherent.souscriptions.select_related("offre"),
        "demandes": adherent.demandes_offre.select_related("offre")[:20],
        "offres": Offre.objects.filter(active=True),
        "acces_portail": adherent.acces_portail.select_related("rattachement__utilisateur"),
        "roles_portail": RolePortail.choices,
        "gerer_acces": a_capacite(request.rattachement, Capacite.GERER_ADHERENTS),
        "facturation": a_capacite(request.rattachement, Capacite.FACTURATION)})


@capacite_requise(Capacite.FACTURATION)
def journal(request, format_export: str):
    """Journal lines (sales, bank) of a period, as CSV or XLSX for the accounting software."""
    annee = timezone.localdate().year
    try:
        du = date.fromisoformat(request.GET.get("du") or f"{annee}-01-01")
        au = date.fromisoformat(request.GET.get("au") or f"{annee}-12-31")
    except ValueError:
        messages.error(request, "Dates invalides : utilisez le format AAAA-MM-JJ.")
        return redirect("offres:accueil")
    donnees = neutraliser(documents.journal(du, au))
    reponse = HttpResponse(donnees.export(format_export), content_type=FORMATS_EXPORT[format_export])
    reponse["Content-Disposition"] = f'attachment; filename="journal-{du}-{au}.{format_export}"'
    return reponse


@capacite_requise(Capacite.FACTURATION)
def sepa(request):
    """The pain.008 direct-debit file of the invoices due by a date, for members with a mandate."""
    from .sepa import fichier_prelevement

    try:
        echeance = date.fromisoformat(request.GET.get("echeance") or timezone.localdate().isoformat())
        contenu, nombre = fichier_prelevement(request.service, echeance)
    except (ValueError, ValidationError) as erreur:
        messages.error(request, " ".join(getattr(erreur, "messages", ["Date invalide."])))
        return redirect("offres:accueil")
    if not nombre:
        messages.info(request, "Aucune facture à prélever à cette échéance.")
        return redirect("offres:accueil")
    reponse = HttpResponse(contenu, content_type="application/xml")
    reponse["Content-Disposition"] = f'attachment; filename="prelevements-{echeance}.xml"'
    return reponse


def publiques(request, service_id: int):
    """Public page: the service's offers, their content, its cotisation and price grid
    (L4622-16-1), always read from the catalogue."""
    service = get_object_or_404(Service.objects.filter(actif=True), pk=service_id)
    annee = timezone.localdate().year
    with service_actif(service):
        offres = list(Offre.objects.filter(active=True, publique=True).prefetch_related("grilles"))
        for offre in offres:
            offre.grilles_publiees = [g for g in offre.grilles.all() if g.annee in (annee, annee + 1)
                                      and g.date_approbation_ag]
        return render(request, "offres/publiques.html", {
            "service": service, "offres": offres, "types": TypeOffre.choices, "annee": annee,
            "zero": Decimal("0"), "avoir": NatureFacture.AVOIR})


# --- the self-employed offer: public adhesion, burnout questionnaires for the medical team ---

def independant_adherer(request, service_id: int):
    """Public page: a self-employed person joins the specific offer for themselves (décret
    2022-681), with the offer's content and price read from the catalogue."""
    from .catalogue import CODE_INDEPENDANT
    from .forms import AdhesionIndependantForm
    from .independants import adherer

    service = get_object_or_404(Service.objects.filter(actif=True), pk=service_id)
    with service_actif(service):
        offre = Offre.objects.filter(code=CODE_INDEPENDANT, active=True).first()
        grille = offre.grilles.filter(annee=timezone.localdate().year).first() if offre else None
        form = AdhesionIndependantForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                affiliation = adherer(service=service, donnees=form.cleaned_data,
                                      url_absolue=request.build_absolute_uri)
            except ValidationError as erreur:
                form.add_error(None, erreur)
            else:
                return render(request, "offres/independant_envoye.html",
                              {"service": service, "affiliation": affiliation})
        return render(request, "offres/independant.html",
                      {"service": service, "form": form, "offre": offre, "grille": grille})


def questionnaires_lisibles(rattachement):
    """The burnout questionnaires of the workers whose record this member of staff may read: those
    of its team's members (a member without a team has no reader until one is assigned)."""
    if rattachement.equipe_id is None:
        return QuestionnaireEpuisement.objects.none()
    return (QuestionnaireEpuisement.objects.filter(salarie__adherent__equipe=rattachement.equipe_id)
            .select_related("salarie", "examine_par__utilisateur"))


@capacite_requise(Capacite.LIRE_DOSSIER_MEDICAL)
def questionnaires(request):
    """The medical team's list: each person shown is a medical read, logged."""
    page = Paginator(questionnaires_lisibles(request.rattachement), 50).get_page(request.GET.get("page"))
    AccesDossierMedical.journaliser(rattachement=request.rattachement, salaries=[q.salarie_id for q in page],
                                    origine=request.path, accorde=True)
    return render(request, "offres/questionnaires.html", {"page": page})


@capacite_requise(Capacite.BACK_OFFICE)
def questionnaire(request, pk: int):
    """One questionnaire: its answers, balance, diagnosis and support (medical content, logged)."""
    from .forms import ExamenQuestionnaireForm
    from .independants import questionnaire_examiner

    objet = get_object_or_404(QuestionnaireEpuisement.objects.select_related("salarie__adherent"), pk=pk)
    accorde = peut(request.rattachement, "lire_dossier_medical", objet.salarie)
    AccesDossierMedical.journaliser(rattachement=request.rattachement, salarie=objet.salarie, origine=request.path,
                                    accorde=accorde)
    if not accorde:
        raise PermissionDenied("Ce questionnaire est réservé aux médecins et infirmiers de l'équipe de la personne.")
    form = ExamenQuestionnaireForm(request.POST or None, initial={
        "diagnostic": objet.diagnostic, "accompagnement": objet.accompagnement, "note": objet.note})
    if request.method == "POST" and form.is_valid():
        questionnaire_examiner(questionnaire=objet, par=request.rattachement, **form.cleaned_data)
        messages.success(request, "Diagnostic et accompagnement enregistrés.")
        return redirect("offres:questionnaire", pk=objet.pk)
    questions = [(texte, objet.reponses.get(code)) for code, texte in rules.QUESTIONS_RESSOURCES]
    contraintes = [(texte, objet.reponses.get(code)) for code, texte in rules.QUESTIONS_CONTRAINTES]
    return render(request, "offres/questionnaire.html", {
        "questionnaire": objet, "ressources": questions, "contraintes": contraintes,
        "echelle": dict(rules.ECHELLE), "form": form})
