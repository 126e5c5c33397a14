from datetime import datetime, timedelta

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from adherents.models import Adherent, Salarie
from spsti.acces import capacite_requise
from spsti.fichiers import servir_fichier
from spsti.filtres import equipe_par_defaut, lundi_demande, page_filtree
from spsti.forms import appliquer, executer, page_formulaire, traiter_formulaire
from spsti.permissions import Capacite, peut, peut_lire_dossier_medical

from . import agenda, delegation, demandes, rules, transfert_dmst, visites
from .convocations import pdf_convocation
from .echeancier import avec_convocation
from .filters import EcheanceFiltre, VisiteFiltre
from .forms import (
    ArretTravailForm,
    ConvocationForm,
    DemandeVisiteForm,
    DisponibiliteForm,
    ExamenForm,
    MotifForm,
    PlanificationAdherentForm,
    PreferencesForm,
    ProtocoleForm,
    ReceptionDMSTForm,
    ReglagesSuiviForm,
    TransmissionDMSTForm,
    TypeVisiteForm,
    professionnels_de_sante,
)
from .models import (
    STATUTS_A_VENIR,
    ArretTravail,
    Disponibilite,
    DocumentSuivi,
    Echeance,
    PreferencesPlanification,
    ProtocoleDelegation,
    StatutVisite,
    TransfertDMST,
    TypeVisiteService,
    Visite,
)
from .selectors import dossier_medical_lu, examen_lu, sections_du_dossier
from .tasks import recalculer_echeancier_service
from .thesaurus import types_visite_du_service


@capacite_requise(Capacite.BACK_OFFICE)
def dossier_medical(request, salarie_id: int):
    dossier = dossier_medical_lu(rattachement=request.rattachement, salarie_id=salarie_id,
                                 origine=request.path)
    return render(request, "suivi_individuel/dossier_medical.html", {
        "dossier": dossier, **sections_du_dossier(dossier),
        "peut_transferer": peut(request.rattachement, "transferer_dmst", dossier.salarie)})


@capacite_requise(Capacite.SUIVI_INDIVIDUEL)
def echeancier(request):
    """The visits due: by default the mandatory ones of the user's team, latest deadline first."""
    donnees = equipe_par_defaut(request)
    donnees.setdefault("obligatoire", "true")
    filtre = EcheanceFiltre(donnees, request=request, queryset=avec_convocation(Echeance.objects.select_related(
        "salarie__adherent__equipe")).order_by("au_plus_tard", "salarie__nom"))
    return page_filtree(request, filtre, "suivi_individuel/echeancier.html")


@capacite_requise(Capacite.SUIVI_INDIVIDUEL)
def visites_liste(request):
    """Booked, done and missed visits (administrative part), by default the team's coming ones."""
    donnees = equipe_par_defaut(request)
    donnees.setdefault("statut", StatutVisite.PLANIFIEE)
    filtre = VisiteFiltre(donnees, request=request, queryset=Visite.objects.select_related(
        "salarie__adherent", "professionnel__utilisateur", "disponibilite__centre").order_by("debut", "pk"))
    return page_filtree(request, filtre, "suivi_individuel/visites.html")


@capacite_requise(Capacite.SUIVI_INDIVIDUEL)
def agenda_semaine(request):
    """A week of availability ranges with their booked visits and free times, per professional."""
    lundi = lundi_demande(request)
    professionnels = professionnels_de_sante()
    choisi = next((p for p in professionnels if str(p.pk) == request.GET.get("professionnel")), None)
    debut = timezone.make_aware(datetime.combine(lundi, datetime.min.time()))
    plages = (Disponibilite.objects.filter(debut__gte=debut, debut__lt=debut + timedelta(days=7))
              .select_related("professionnel__utilisateur", "centre", "adherent").order_by("debut"))
    if choisi:
        plages = plages.filter(professionnel=choisi)
    elif request.rattachement.equipe_id:
        plages = plages.filter(professionnel__equipe_id=request.rattachement.equipe_id)
    visites_par_pro = {}
    for visite in (Visite.objects.filter(professionnel__in={p.professionnel_id for p in plages},
                                         statut__in=agenda.STATUTS_OCCUPES, debut__gte=debut - timedelta(hours=4),
                                         debut__lt=debut + timedelta(days=7))
                   .select_related("salarie", "type_service").order_by("debut")):
        visites_par_pro.setdefault(visite.professionnel_id, []).append(visite)
    jours = {}
    for plage in plages:
        autour = [v for v in visites_par_pro.get(plage.professionnel_id, []) if v.debut < plage.fin
                  and v.fin > plage.debut]
        plage.reservees = [v for v in autour if v.disponibilite_id == plage.pk]
        plage.libres = len(agenda.creneaux_libres(plage, 20, occupees=autour))
        jours.setdefault(timezone.localtime(plage.debut).date(), []).append(plage)
    return render(request, "suivi_individuel/agenda.html", {
        "jours": sorted(jours.items()), "lundi": lundi, "professionnels": professionnels, "choisi": choisi,
        "precedente": lundi - timedelta(days=7), "suivante": lundi + timedelta(days=7)})


@capacite_requise(Capacite.SUIVI_INDIVIDUEL)
def disponibilite_creer(request):
    form = DisponibiliteForm(request.POST or None, service=request.service)
    creees, page = traiter_formulaire(request, form, "Nouvelle plage de disponibilité",
                                      "Plage(s) de disponibilité enregistrée(s).",
                                      retour=("Agenda", "suivi_individuel:agenda"))
    return page or redirect("suivi_individuel:agenda")


def _salarie(pk):
    return get_object_or_404(Salarie.objects.select_related("adherent"), pk=pk)


def _visite(pk):
    return get_object_or_404(Visite.objects.select_related(
        "salarie__adherent", "professionnel__utilisateur", "disponibilite__centre", "type_service",
        "protocole__medecin__utilisateur", "demandee_par__utilisateur"), pk=pk)


def _planifier(request, salarie, visite=None):
    """Books or moves a visit. From a due row (``?echeance=``) the type and deadline come
    prefilled; the free times of the professionals allowed to perform that type are proposed,
    earliest first (before the deadline first)."""
    echeances = list(Echeance.objects.filter(salarie=salarie).order_by("au_plus_tard"))
    echeance = next((e for e in echeances if str(e.pk) == request.GET.get("echeance", "")), None)
    types = {t.type_legal: t for t in types_visite_du_service(request.service) if t.actif and t.type_legal}
    choisi = request.POST.get("type_service") or request.GET.get("type") or ""
    type_service = (TypeVisiteService.objects.filter(pk=choisi, actif=True).first() if choisi.isdigit() else None) \
        or (types.get(echeance.type) if echeance else None) or getattr(visite, "type_service", None)
    if echeance is None and type_service is not None:
        echeance = next((e for e in echeances if e.type == type_service.type_legal and e.obligatoire), None)
    creneaux = agenda.creneaux_proposes(salarie=salarie, type_service=type_service,
                                        au_plus_tard=echeance.au_plus_tard if echeance else None) \
        if type_service else []
    form = ConvocationForm(request.POST or None, salarie=salarie, report=visite is not None, creneaux=creneaux,
                           mi_carriere=next((e for e in echeances if e.type == rules.TypeVisite.MI_CARRIERE), None),
                           initial={"type_service": getattr(type_service, "pk", None),
                                    "mode": getattr(visite, "mode", None),
                                    "professionnel": getattr(visite, "professionnel_id", None),
                                    "avec_mi_carriere": getattr(visite, "avec_mi_carriere", False)})
    planifiee = appliquer(request, form, lambda d: agenda.visite_planifier(salarie=salarie, visite=visite, **d))
    if planifiee:
        messages.success(request, f"Visite planifiée le {timezone.localtime(planifiee.debut):%d/%m/%Y à %H:%M} ; "
                                  "la convocation est envoyée au salarié et à l'employeur.")
        dues = [e for e in echeances if e.obligatoire]
        if dues and planifiee.type not in {e.type for e in dues}:
            messages.warning(request, f"Attention : le salarié doit passer {dues[0].get_type_display()} "
                                      f"({dues[0].base_legale}), au plus tard le {dues[0].au_plus_tard:%d/%m/%Y} ; "
                                      f"vous l'avez convoqué pour {planifiee.get_type_display()}.")
        return redirect("suivi_individuel:visite", pk=planifiee.pk)
    return render(request, "suivi_individuel/convoquer.html", {
        "form": form, "salarie": salarie, "visite": visite, "echeances": echeances, "echeance": echeance,
        "creneaux": creneaux, "type_service": type_service, "aujourd_hui": timezone.localdate(),
        "types": form.fields["type_service"].queryset,
        "type_non_du": bool(type_service and any(e.obligatoire for e in echeances) and type_service.type_legal
                            not in {e.type for e in echeances if e.obligatoire})})


@capacite_requise(Capacite.SUIVI_INDIVIDUEL)
def convoquer(request, salarie_id: int):
    return _planifier(request, _salarie(salarie_id))


@capacite_requise(Capacite.SUIVI_INDIVIDUEL)
def visite_reporter(request, pk: int):
    visite = _visite(pk)
    return _planifier(request, visite.salarie, visite)


@capacite_requise(Capacite.SUIVI_INDIVIDUEL)
def visite_detail(request, pk: int):
    visite = _visite(pk)
    medical = peut_lire_dossier_medical(request.rattachement, visite.salarie)
    examen = examen_lu(rattachement=request.rattachement, visite=visite, origine=request.path) if medical else None
    return render(request, "suivi_individuel/visite.html", {
        "visite": visite, "medical": medical, "examen": examen, "motif_form": MotifForm(),
        "documents": DocumentSuivi.objects.filter(visite=visite).select_related("emis_par__utilisateur"),
        "a_venir": visite.statut in STATUTS_A_VENIR, "passee": visite.debut and visite.debut <= timezone.now(),
        "jour_venu": not visite.debut or timezone.localtime(visite.debut).date() <= timezone.localdate(),
        "orientations": visite.orientations.all(),
        "signalement_pdp": visite.signalements_pdp.select_related("dossier").first() if medical else None})


def _action(request, pk, faire, succes):
    visite = _visite(pk)
    executer(request, lambda: faire(visite, request.POST.get("motif", "")), succes)
    return redirect("suivi_individuel:visite", pk=visite.pk)


@require_POST
@capacite_requise(Capacite.SUIVI_INDIVIDUEL)
def visite_annuler(request, pk: int):
    return _action(request, pk, lambda v, motif: agenda.visite_annuler(visite=v, motif=motif), "Visite annulée.")


@require_POST
@capacite_requise(Capacite.SUIVI_INDIVIDUEL)
def visite_absence(request, pk: int):
    excusee = request.POST.get("excusee") == "oui"
    return _action(request, pk, lambda v, motif: agenda.visite_noter_absence(visite=v, excusee=excusee, motif=motif),
                   "Absence enregistrée.")


@capacite_requise(Capacite.LIRE_DOSSIER_MEDICAL)
def visite_enregistrer(request, pk: int):
    """The physician or nurse records the visit: medical part and outcome document."""
    visite = _visite(pk)
    # logged; refused (403) unless the reader may perform the visit
    examen_lu(rattachement=request.rattachement, visite=visite, origine=request.path, pour_enregistrer=True)
    form = ExamenForm(request.POST or None, visite=visite, par=request.rattachement)
    if appliquer(request, form, lambda d: visites.visite_realiser(
            visite=visite, par=request.rattachement, examen=form.examen(), nature=d["nature"],
            propositions=d["propositions"],
            consentement_teleconsultation=d.get("consentement_teleconsultation", False))):
        messages.success(request, "Visite enregistrée ; le document est disponible pour le salarié et l'employeur.")
        return redirect("suivi_individuel:visite", pk=visite.pk)
    return render(request, "suivi_individuel/enregistrer.html", {"form": form, "visite": visite})


@require_POST
@capacite_requise(Capacite.LIRE_DOSSIER_MEDICAL)
def visite_orienter(request, pk: int):
    nouvelle = visites.visite_orienter_vers_medecin(visite=_visite(pk), par=request.rattachement)
    messages.success(request, "Orientation vers le médecin enregistrée : visite à planifier.")
    return redirect("suivi_individuel:visite", pk=nouvelle.pk)


@require_POST
@capacite_requise(Capacite.LIRE_DOSSIER_MEDICAL)
def visite_orienter_pdp(request, pk: int):
    visite = _visite(pk)
    executer(request, lambda: visites.visite_orienter_vers_pdp(visite=visite, par=request.rattachement,
                                                               description=request.POST.get("description", "")),
             lambda s: f"Signalement transmis à la cellule PDP (dossier n° {s.dossier.numero}).")
    return redirect("suivi_individuel:visite", pk=visite.pk)


@capacite_requise(Capacite.SUIVI_INDIVIDUEL)
def convocation_pdf(request, pk: int):
    visite = get_object_or_404(Visite.objects.filter(debut__isnull=False).select_related(
        "salarie__adherent", "professionnel__utilisateur", "disponibilite__centre"), pk=pk)
    return HttpResponse(pdf_convocation(visite), content_type="application/pdf", headers={
        "Content-Disposition": f'inline; filename="convocation-{visite.pk}.pdf"'})


def reponse_document(request, document: DocumentSuivi):
    return servir_fichier(request, document.pdf, autorise=True, content_type="application/pdf",
                          nom=f"{document.nature}-{document.visite_id}.pdf")


@capacite_requise(Capacite.SUIVI_INDIVIDUEL)
def document_pdf(request, pk: int):
    return reponse_document(request, get_object_or_404(DocumentSuivi.objects.all(), pk=pk))


@capacite_requise(Capacite.SUIVI_INDIVIDUEL)
def planifier_adherent(request, adherent_id: int):
    """Bulk booking of a member's due visits into its team's free times."""
    adherent = get_object_or_404(Adherent.objects.all(), pk=adherent_id)
    aujourd_hui = timezone.localdate()
    form = PlanificationAdherentForm(request.POST or None, initial={"du": aujourd_hui,
                                                                     "au": aujourd_hui + timedelta(days=30)})
    bilan = None
    if request.method == "POST" and form.is_valid():
        bilan = agenda.planifier_adherent(adherent=adherent, **form.cleaned_data)
        messages.success(request, f"{len(bilan.planifiees)} visite(s) planifiée(s), "
                                  f"{len(bilan.non_planifiees)} restent à planifier.")
    return render(request, "suivi_individuel/planifier_adherent.html", {
        "adherent": adherent, "form": form, "bilan": bilan,
        "preferences": PreferencesPlanification.objects.filter(adherent=adherent).first()})


@capacite_requise(Capacite.SUIVI_INDIVIDUEL)
def preferences_adherent(request, adherent_id: int):
    adherent = get_object_or_404(Adherent.objects.all(), pk=adherent_id)
    return formulaire_preferences(request, adherent, retour=(
        "Planifier les visites", reverse("suivi_individuel:planifier_adherent", args=[adherent.pk])))


def formulaire_preferences(request, adherent, *, retour, gabarit="spsti/formulaire.html"):
    preferences = PreferencesPlanification.objects.filter(adherent=adherent).first()
    form = PreferencesForm(request.POST or None, instance=preferences or PreferencesPlanification(adherent=adherent),
                           service=request.service)
    form.champs_fixes = ("adherent",)
    objet, page = traiter_formulaire(request, form, f"Préférences de convocation — {adherent}",
                                     "Préférences de convocation enregistrées.", retour=retour, gabarit=gabarit)
    return page or redirect(retour[1])


@capacite_requise(Capacite.SUIVI_INDIVIDUEL)
def protocoles(request):
    liste = list(ProtocoleDelegation.objects.select_related("medecin__utilisateur", "infirmier__utilisateur"))
    for protocole in liste:
        protocole.actif = protocole.actif_le(timezone.localdate())
    return render(request, "suivi_individuel/protocoles.html", {"protocoles": liste})


@capacite_requise(Capacite.PROTOCOLES)
def protocole_editer(request, pk=None):
    protocole = get_object_or_404(ProtocoleDelegation.objects.all(), pk=pk) if pk else None
    form = ProtocoleForm(request.POST or None, instance=protocole, service=request.service)
    objet, page = traiter_formulaire(request, form, "Modifier le protocole" if protocole else
                                     "Nouveau protocole de délégation", "Protocole enregistré : {objet}.",
                                     retour=("Protocoles de délégation", "suivi_individuel:protocoles"))
    return page or redirect("suivi_individuel:protocoles")


@require_POST
@capacite_requise(Capacite.PROTOCOLES)
def protocole_signer(request, pk: int):
    delegation.protocole_signer(protocole=get_object_or_404(ProtocoleDelegation.objects.all(), pk=pk),
                                par=request.rattachement)
    messages.success(request, "Protocole signé.")
    return redirect("suivi_individuel:protocoles")


@require_POST
@capacite_requise(Capacite.GERER_ORGANISATION)
def protocole_valider_cmt(request, pk: int):
    delegation.protocole_valider_cmt(protocole=get_object_or_404(ProtocoleDelegation.objects.all(), pk=pk),
                                     par=request.rattachement)
    messages.success(request, "Validation par la CMT enregistrée.")
    return redirect("suivi_individuel:protocoles")


@capacite_requise(Capacite.GERER_ORGANISATION)
def types_visite(request):
    return render(request, "suivi_individuel/types_visite.html", {"types": types_visite_du_service(request.service)})


@capacite_requise(Capacite.GERER_ORGANISATION)
def type_visite_editer(request, pk=None):
    type_visite = get_object_or_404(TypeVisiteService.objects.all(), pk=pk) if pk else None
    form = TypeVisiteForm(request.POST or None, instance=type_visite, service=request.service)
    objet, page = traiter_formulaire(request, form, "Modifier le type de visite" if type_visite else
                                     "Nouveau type de visite", "Type de visite « {objet} » enregistré.",
                                     retour=("Types de visite", "suivi_individuel:types_visite"))
    return page or redirect("suivi_individuel:types_visite")


@capacite_requise(Capacite.GERER_ORGANISATION)
def reglages(request):
    """The director's settings of the legal schedule, within the law; the due lists follow."""
    form = ReglagesSuiviForm.pour(request.service, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.enregistrer(request.service)
        service_id = request.service.pk
        transaction.on_commit(lambda: recalculer_echeancier_service.delay(service_id))
        messages.success(request, "Réglages du suivi enregistrés : les échéanciers sont recalculés.")
        return redirect("suivi_individuel:reglages")
    return render(request, "suivi_individuel/reglages.html", {
        "form": form, "titre": "Réglages du suivi et de la prévention", "retour_libelle": "Organisation",
        "retour_url": reverse("organisation")})


def formulaire_arret(request, form, *, titre, retour, gabarit="spsti/formulaire.html"):
    """Declares an absence (back office or portal) and says whether a reprise visit is due."""
    if request.method == "POST" and form.is_valid():
        reprise = demandes.arret_declarer(arret=form.instance)
        messages.success(request, demandes.bilan_arret(form.instance, reprise))
        return redirect(retour[1])
    return page_formulaire(request, form, titre, retour=retour, gabarit=gabarit)


def formulaire_demande(request, form, *, titre, retour, gabarit="spsti/formulaire.html"):
    """Records a visit on request; the team's medical assistants are alerted to book it."""
    if appliquer(request, form, lambda d: demandes.visite_demander(
            salarie=d["salarie"], type_visite=d["type_visite"], par=request.rattachement, motif=d["motif"])):
        messages.success(request, "Demande enregistrée : le service adressera la convocation.")
        return redirect(retour[1])
    return page_formulaire(request, form, titre, retour=retour, gabarit=gabarit)


def _retour_salarie(salarie):
    return str(salarie), reverse("adherents:salarie", args=[salarie.pk])


@capacite_requise(Capacite.SUIVI_INDIVIDUEL)
def arret_editer(request, salarie_id: int, pk=None):
    salarie = _salarie(salarie_id)
    arret = get_object_or_404(ArretTravail.objects.filter(salarie=salarie), pk=pk) if pk else ArretTravail(
        salarie=salarie)
    form = ArretTravailForm(request.POST or None, instance=arret, service=request.service)
    return formulaire_arret(request, form, titre=f"Arrêt de travail — {salarie}", retour=_retour_salarie(salarie))


@capacite_requise(Capacite.SUIVI_INDIVIDUEL)
def visite_demander(request, salarie_id: int):
    salarie = _salarie(salarie_id)
    form = DemandeVisiteForm(request.POST or None, salaries=Salarie.objects.filter(pk=salarie.pk),
                             initial={"salarie": salarie.pk})
    return formulaire_demande(request, form, titre=f"Visite à la demande — {salarie}",
                              retour=_retour_salarie(salarie))


# --- Transmission of the DMST to / from another service (L4624-8 al. 3, R4624-45-7) ---

def _page_transfert(request, salarie_id: int, formulaire, action, titre: str, message: str):
    """A transmission page: the worker's team physician only (every attempt logged), the form,
    the service's refusal on it, or back to the record with ``message``."""
    salarie = get_object_or_404(Salarie.objects.select_related("adherent"), pk=salarie_id)
    transfert_dmst.acces_transfert(rattachement=request.rattachement, salarie=salarie, origine=request.path)
    form = formulaire(request.POST or None, request.FILES or None)
    transfert = appliquer(request, form, lambda d: action(salarie=salarie, par=request.rattachement, **d))
    if transfert:
        messages.success(request, message.format(service=transfert.autre_service))
        return redirect("suivi_individuel:dossier_medical", salarie_id=salarie.pk)
    return page_formulaire(request, form, titre.format(salarie=salarie),
                           retour=("Dossier médical", reverse("suivi_individuel:dossier_medical", args=[salarie.pk])))


@capacite_requise(Capacite.BACK_OFFICE)
def dmst_transmettre(request, salarie_id: int):
    """The physician sends the record to the service now in charge (JSON and PDF to download)."""
    return _page_transfert(request, salarie_id, TransmissionDMSTForm, transfert_dmst.dmst_transmettre,
                           "Transmettre le dossier médical de {salarie} à un autre service",
                           "Dossier prêt pour {service} : téléchargez le fichier JSON et le PDF, puis envoyez-les "
                           "par messagerie sécurisée de santé.")


@capacite_requise(Capacite.BACK_OFFICE)
def dmst_recevoir(request, salarie_id: int):
    """The physician adds the record transmitted by the worker's previous service."""
    return _page_transfert(request, salarie_id, ReceptionDMSTForm, transfert_dmst.dmst_recevoir,
                           "Recevoir le dossier médical de {salarie} d'un autre service",
                           "Dossier reçu de {service} ajouté au dossier médical.")


@capacite_requise(Capacite.BACK_OFFICE)
def dmst_fichier(request, pk: int, format: str):
    """A transmission's file (JSON or PDF): the worker's team physician only, logged."""
    transfert = get_object_or_404(TransfertDMST.objects.select_related("salarie"), pk=pk)
    fichier = {"pdf": transfert.pdf, "json": transfert.fichier}.get(format)
    if not fichier:
        raise Http404("Pas de tel fichier pour cette transmission.")
    return servir_fichier(request, fichier, autorise=peut(request.rattachement, "transferer_dmst", transfert.salarie),
                          medical=transfert.salarie,
                          content_type="application/pdf" if format == "pdf" else "application/json")
