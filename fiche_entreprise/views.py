"""Back-office pages of prevention in companies: the due list, a member's prevention page, the
fiche d'entreprise (drafted on a tablet, validated by the physician), workplace actions and their
measurements, the calendar of workplace visits."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from adherents.models import Adherent
from spsti.acces import capacite_requise
from spsti.fichiers import servir_fichier
from spsti.filtres import equipe_par_defaut, lundi_demande, page_filtree
from spsti.forms import executer, traiter_formulaire, traiter_par_service
from spsti.permissions import Capacite, peut_valider_fiche

from . import fiches, planning
from .filters import ActionFiltre, EcheancePreventionFiltre, FicheFiltre, intervenants_prevention
from .forms import (
    ActionForm,
    CompteRenduForm,
    DocumentActionForm,
    DossierPreventionForm,
    FicheForm,
    MesurageForm,
    MotifForm,
    NouvelleFicheForm,
    PhotoForm,
    PropositionForm,
    RisqueForm,
    UniteForm,
)
from .models import (
    STATUTS_PLANIFIES,
    ActionMilieuTravail,
    DocumentAction,
    EcheancePrevention,
    FicheEntreprise,
    Mesurage,
    PhotoFiche,
    RisqueUnite,
    StatutAction,
    UniteTravail,
)
from .selectors import dossier_de, prevention_de_l_adherent

PREVENTION = Capacite.PREVENTION


def agir(request, faire, succes: str, retour: str):
    """A POST button: the service's French error as a message, nothing changed."""
    executer(request, faire, succes)
    return redirect(retour)


@capacite_requise(PREVENTION)
def echeances(request):
    """Members whose FE or primary-prevention action is due or late, by default the user's team's."""
    donnees = equipe_par_defaut(request)
    donnees.setdefault("etat", "a_echeance")
    filtre = EcheancePreventionFiltre(donnees, request=request, queryset=EcheancePrevention.objects.filter(
        adherent__statut="actif").select_related("adherent__equipe").order_by("au_plus_tard", "adherent__pk"))
    return page_filtree(request, filtre, "fiche_entreprise/echeances.html")


def adherent_ou_404(pk):
    return get_object_or_404(Adherent.objects.select_related("equipe", "medecin__utilisateur", "code_naf"), pk=pk)


def retour_adherent(adherent):
    return str(adherent), reverse("fiche_entreprise:adherent", args=[adherent.pk])


def editer_pour_adherent(request, modele, formulaire, *, pk, adherent_pk, titre: str, message: str, suite, **nouveau):
    """Edits a member's row of ``modele`` (``pk``), or creates one for the member ``adherent_pk``
    (with ``nouveau``'s values), through ``formulaire``; then goes to ``suite(row)``."""
    objet = get_object_or_404(modele.objects.select_related("adherent"), pk=pk) if pk else None
    adherent = objet.adherent if objet else adherent_ou_404(adherent_pk)
    form = formulaire(request.POST or None, instance=objet or modele(adherent=adherent, **nouveau),
                      service=request.service)
    form.champs_fixes = ("adherent",)
    enregistre, page = traiter_formulaire(request, form, f"{titre} — {adherent}", message,
                                          retour=retour_adherent(adherent))
    return page or redirect(suite(enregistre))


@capacite_requise(PREVENTION)
def adherent(request, pk: int):
    """A member's prevention: its deadlines, FE versions, actions, measurements, DUERP support."""
    from duerp.selectors import duerp_de_l_adherent

    fiche = adherent_ou_404(pk)
    return render(request, "fiche_entreprise/adherent.html", {
        "adherent": fiche, "aujourd_hui": timezone.localdate(), **prevention_de_l_adherent(fiche),
        **duerp_de_l_adherent(fiche)})


@capacite_requise(PREVENTION)
def dossier_modifier(request, pk: int):
    adherent = adherent_ou_404(pk)
    form = DossierPreventionForm(request.POST or None, instance=dossier_de(adherent), service=request.service)
    form.champs_fixes = ("adherent",)
    objet, page = traiter_formulaire(request, form, f"Prévention — {adherent}", "Dossier prévention enregistré.",
                                     retour=retour_adherent(adherent))
    return page or redirect("fiche_entreprise:adherent", pk=adherent.pk)


# --- Fiche d'entreprise ----------------------------------------------------------------------------------------


@capacite_requise(PREVENTION)
def fiches_liste(request):
    filtre = FicheFiltre(equipe_par_defaut(request), request=request,
                         queryset=FicheEntreprise.objects.select_related(
                             "adherent__equipe", "etablissement", "redigee_par__utilisateur").order_by(
                             "statut", "-creee_le", "-pk"))
    return page_filtree(request, filtre, "fiche_entreprise/fiches.html")


@capacite_requise(PREVENTION)
def fiche_creer(request, pk: int):
    adherent = adherent_ou_404(pk)
    form = NouvelleFicheForm(request.POST or None, adherent=adherent)
    fiche, page = traiter_par_service(
        request, form, lambda d: fiches.fiche_creer(adherent=adherent, par=request.rattachement,
                                                    etablissement=d["etablissement"]),
        titre=f"Nouvelle fiche d'entreprise — {adherent}", message="Version {objet.version} ouverte en rédaction.",
        retour=retour_adherent(adherent))
    return page or redirect("fiche_entreprise:fiche", pk=fiche.pk)


def _fiche(pk):
    return get_object_or_404(FicheEntreprise.objects.select_related(
        "adherent__equipe", "adherent__medecin__utilisateur", "etablissement", "redigee_par__utilisateur",
        "validee_par__utilisateur", "tenant"), pk=pk)


def retour_fiche(fiche):
    return f"Fiche v{fiche.version} — {fiche.adherent}", reverse("fiche_entreprise:fiche", args=[fiche.pk])


def formulaire_de_fiche(request, fiche, form, titre: str, message: str, *, ancre=lambda objet: "", apres=None):
    """A form on an FE being drafted (its text, a unit, a risk, a photo), then back to the FE
    (at ``ancre(saved row)``). A validated FE is frozen: back to it at once, nothing saved."""
    if fiche.validee:
        messages.error(request, "Cette fiche est validée : elle ne se modifie plus. Créez une nouvelle version.")
        return redirect("fiche_entreprise:fiche", pk=fiche.pk)
    with transaction.atomic():
        objet, page = traiter_formulaire(request, form, titre, message, retour=retour_fiche(fiche),
                                         gabarit="fiche_entreprise/formulaire.html")
        if objet is not None and apres:
            apres(objet)
    return page or redirect(reverse("fiche_entreprise:fiche", args=[fiche.pk]) + ancre(objet))


@capacite_requise(PREVENTION)
def fiche(request, pk: int):
    fiche = _fiche(pk)
    return render(request, "fiche_entreprise/fiche.html", {
        **fiches.contexte_fiche(fiche), "redaction": not fiche.validee,
        "manques": [] if fiche.validee else fiches.manques(fiche),
        "peut_valider": peut_valider_fiche(request.rattachement, fiche),
        "versions": FicheEntreprise.objects.filter(adherent=fiche.adherent, etablissement=fiche.etablissement)
        .order_by("-version")})


@capacite_requise(PREVENTION)
def fiche_modifier(request, pk: int):
    fiche = _fiche(pk)
    form = FicheForm(request.POST or None, instance=fiche, service=request.service)
    return formulaire_de_fiche(request, fiche, form, f"Fiche d'entreprise v{fiche.version} — {fiche.adherent}",
                               "Fiche enregistrée.")


@capacite_requise(PREVENTION)
def unite_editer(request, pk: int | None = None, fiche_pk: int | None = None):
    unite = get_object_or_404(UniteTravail.objects.select_related("fiche__adherent"), pk=pk) if pk else None
    fiche = unite.fiche if unite else _fiche(fiche_pk)
    form = UniteForm(request.POST or None, instance=unite or UniteTravail(fiche=fiche, ordre=fiche.unites.count() + 1),
                     service=request.service)
    form.champs_fixes = ("fiche",)

    def risques_coches(nouvelle):  # each hazard ticked becomes a risk of the unit
        for famille in form.cleaned_data.get("familles", []):
            RisqueUnite.objects.create(tenant=fiche.tenant, unite=nouvelle, famille=famille)

    return formulaire_de_fiche(request, fiche, form, "Modifier l'unité de travail" if unite else
                               "Nouvelle unité de travail", "Unité « {objet} » enregistrée.", apres=risques_coches,
                               ancre=lambda objet: f"#unite-{objet.pk}")


@require_POST
@capacite_requise(PREVENTION)
def unite_supprimer(request, pk: int):
    unite = get_object_or_404(UniteTravail.objects.select_related("fiche"), pk=pk)
    unite.delete()  # refused (403) once the FE is validated
    messages.success(request, f"Unité « {unite} » retirée de la fiche.")
    return redirect("fiche_entreprise:fiche", pk=unite.fiche_id)


@capacite_requise(PREVENTION)
def risque_editer(request, pk: int | None = None, unite_pk: int | None = None):
    risque = get_object_or_404(RisqueUnite.objects.select_related("unite__fiche"), pk=pk) if pk else None
    unite = risque.unite if risque else get_object_or_404(UniteTravail.objects.select_related("fiche"), pk=unite_pk)
    form = RisqueForm(request.POST or None, instance=risque or RisqueUnite(unite=unite), service=request.service)
    return formulaire_de_fiche(request, unite.fiche, form, f"{'Risque' if risque else 'Nouveau risque'} — {unite}",
                               "Risque « {objet.famille} » enregistré.", ancre=lambda objet: f"#unite-{unite.pk}")


@require_POST
@capacite_requise(PREVENTION)
def risque_supprimer(request, pk: int):
    risque = get_object_or_404(RisqueUnite.objects.select_related("unite", "famille"), pk=pk)
    risque.delete()
    messages.success(request, f"Risque « {risque.famille} » retiré.")
    return redirect("fiche_entreprise:fiche", pk=risque.unite.fiche_id)


@capacite_requise(PREVENTION)
def photo_ajouter(request, pk: int):
    fiche = _fiche(pk)
    form = PhotoForm(request.POST or None, request.FILES or None, instance=PhotoFiche(fiche=fiche),
                     service=request.service)
    form.champs_fixes = ("fiche",)
    return formulaire_de_fiche(request, fiche, form, "Ajouter une photo", "Photo « {objet} » ajoutée.",
                               ancre=lambda objet: "#photos")


@capacite_requise(PREVENTION)
def photo(request, pk: int):
    """A photo of an FE, served to the prevention staff only (never from a public media URL)."""
    photo = get_object_or_404(PhotoFiche.objects.all(), pk=pk)
    return servir_fichier(request, photo.image, autorise=True, telechargement=False)


@require_POST
@capacite_requise(PREVENTION)
def photo_supprimer(request, pk: int):
    photo = get_object_or_404(PhotoFiche.objects.all(), pk=pk)
    photo.delete()  # the file stays: an earlier version may show it
    messages.success(request, "Photo retirée de la fiche.")
    return redirect("fiche_entreprise:fiche", pk=photo.fiche_id)


@require_POST
@capacite_requise(PREVENTION)
def fiche_soumettre(request, pk: int):
    fiche = _fiche(pk)
    return agir(request, lambda: fiches.fiche_soumettre(fiche=fiche, par=request.rattachement),
                "Fiche transmise au médecin du travail pour validation.", reverse("fiche_entreprise:fiche", args=[pk]))


@require_POST
@capacite_requise(PREVENTION)
def fiche_valider(request, pk: int):
    fiche = _fiche(pk)
    return agir(request, lambda: fiches.fiche_valider(fiche=fiche, par=request.rattachement),
                "Fiche validée et signée : l'adhérent la trouve sur son portail.",
                reverse("fiche_entreprise:fiche", args=[pk]))


@require_POST
@capacite_requise(PREVENTION)
def fiche_nouvelle_version(request, pk: int):
    fiche = _fiche(pk)
    try:
        nouvelle = fiches.fiche_creer(adherent=fiche.adherent, etablissement=fiche.etablissement,
                                      par=request.rattachement)
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
        return redirect("fiche_entreprise:fiche", pk=fiche.pk)
    messages.success(request, f"Version {nouvelle.version} ouverte, reprise de la version {fiche.version}.")
    return redirect("fiche_entreprise:fiche", pk=nouvelle.pk)


def reponse_pdf(request, fiche):
    """The frozen PDF of a validated FE (the caller has found it in the requester's scope)."""
    return servir_fichier(request, fiche.pdf, autorise=True, content_type="application/pdf",
                          nom=f"{fiche.reference}.pdf")


@capacite_requise(PREVENTION)
def fiche_pdf(request, pk: int):
    fiche = get_object_or_404(FicheEntreprise.objects.exclude(pdf="").select_related("adherent"), pk=pk)
    return reponse_pdf(request, fiche)


# --- Workplace actions, measurements, calendar -----------------------------------------------------------------


@capacite_requise(PREVENTION)
def actions_liste(request):
    filtre = ActionFiltre(equipe_par_defaut(request), request=request,
                          queryset=ActionMilieuTravail.objects.select_related(
                              "adherent", "type", "intervenant__utilisateur").order_by("-date", "-pk"))
    return page_filtree(request, filtre, "fiche_entreprise/actions.html")


def _action(pk):
    return get_object_or_404(ActionMilieuTravail.objects.select_related(
        "adherent__equipe", "etablissement", "type", "intervenant__utilisateur"), pk=pk)


def retour_action(action):
    return str(action.type), reverse("fiche_entreprise:action", args=[action.pk])


@capacite_requise(PREVENTION)
def action_editer(request, pk: int | None = None, adherent_pk: int | None = None):
    """A workplace action recorded once done (new, or its record corrected)."""
    action = _action(pk) if pk else None
    if action and action.statut != StatutAction.REALISEE:
        return redirect("fiche_entreprise:action_realiser", pk=action.pk)
    adherent = action.adherent if action else adherent_ou_404(adherent_pk)
    form = ActionForm(request.POST or None, instance=action or ActionMilieuTravail(
        intervenant=request.rattachement, date=timezone.localdate()), service=request.service, adherent=adherent)
    form.champs_fixes = ("adherent",)
    objet, page = traiter_formulaire(request, form, "Modifier l'action" if action else
                                     f"Action en milieu de travail — {adherent}",
                                     "Action « {objet.type} » enregistrée.",
                                     retour=retour_action(action) if action else retour_adherent(adherent))
    return page or redirect("fiche_entreprise:action", pk=objet.pk)


@capacite_requise(PREVENTION)
def action(request, pk: int):
    action = _action(pk)
    return render(request, "fiche_entreprise/action.html", {
        "action": action, "mesurages": action.mesurages.select_related("type"),
        "documents": action.documents.select_related("depose_par"), "motif_form": MotifForm(),
        "planifiee": action.statut in (*STATUTS_PLANIFIES, StatutAction.A_REPLANIFIER)})


@capacite_requise(PREVENTION)
def visite_proposer(request, pk: int | None = None, adherent_pk: int | None = None):
    """Proposes a visit date to the member (or another date for an appointment)."""
    action = _action(pk) if pk else None
    adherent = action.adherent if action else adherent_ou_404(adherent_pk)
    initial = {"intervenant": request.rattachement.pk, "duree_minutes": 120}
    if action:
        initial.update(type=action.type_id, intervenant=action.intervenant_id, duree_minutes=action.duree_minutes,
                       etablissement=action.etablissement_id, objet=action.objet)
    form = PropositionForm(request.POST or None, adherent=adherent, initial=initial)
    objet, page = traiter_par_service(
        request, form, lambda d: planning.visite_proposer(adherent=adherent, action=action, **d),
        titre=f"Proposer une date de visite — {adherent}",
        message="Date proposée à l'adhérent : il la confirme ou en demande une autre depuis son portail.",
        retour=retour_action(action) if action else retour_adherent(adherent))
    return page or redirect("fiche_entreprise:action", pk=objet.pk)


@capacite_requise(PREVENTION)
def action_realiser(request, pk: int):
    """The record of a scheduled visit, once it took place."""
    action = _action(pk)
    if action.statut not in (*STATUTS_PLANIFIES, StatutAction.A_REPLANIFIER):
        return redirect("fiche_entreprise:action_modifier", pk=action.pk)
    if action.debut > timezone.now():
        messages.error(request, "Le rendez-vous n'a pas encore eu lieu.")
        return redirect("fiche_entreprise:action", pk=action.pk)
    form = CompteRenduForm(request.POST or None, instance=action, service=request.service)
    if request.method == "POST":  # done on the day of the appointment
        action.statut, action.date = StatutAction.REALISEE, timezone.localtime(action.debut).date()
    objet, page = traiter_formulaire(request, form, f"Compte rendu — {action}", "Action réalisée enregistrée.",
                                     retour=retour_action(action))
    return page or redirect("fiche_entreprise:action", pk=action.pk)


@require_POST
@capacite_requise(PREVENTION)
def action_annuler(request, pk: int):
    action = _action(pk)
    return agir(request, lambda: planning.action_annuler(action=action, motif=request.POST.get("motif", "")),
                "Action annulée.", reverse("fiche_entreprise:action", args=[pk]))


@capacite_requise(PREVENTION)
def mesurage_editer(request, pk: int | None = None, action_pk: int | None = None):
    mesurage = get_object_or_404(Mesurage.objects.select_related("action"), pk=pk) if pk else None
    action = mesurage.action if mesurage else _action(action_pk)
    form = MesurageForm(request.POST or None, instance=mesurage or Mesurage(action=action), service=request.service)
    objet, page = traiter_formulaire(request, form, f"Mesurage — {action}", "Mesurage enregistré : {objet}.",
                                     retour=retour_action(action), gabarit="fiche_entreprise/formulaire.html")
    return page or redirect("fiche_entreprise:action", pk=action.pk)


@capacite_requise(PREVENTION)
def document_ajouter(request, pk: int):
    action = _action(pk)
    form = DocumentActionForm(request.POST or None, request.FILES or None, service=request.service,
                              instance=DocumentAction(action=action, depose_par=request.user))
    form.champs_fixes = ("action", "depose_par")
    objet, page = traiter_formulaire(request, form, f"Document — {action}", "Document « {objet} » ajouté.",
                                     retour=retour_action(action))
    return page or redirect("fiche_entreprise:action", pk=action.pk)


@capacite_requise(PREVENTION)
def document(request, pk: int):
    document = get_object_or_404(DocumentAction.objects.all(), pk=pk)
    return servir_fichier(request, document.fichier, autorise=True)


@capacite_requise(PREVENTION)
def agenda(request):
    """A week of workplace appointments and actions, per intervenant or for the user's team."""
    lundi = lundi_demande(request)
    personnes = list(intervenants_prevention())
    choisie = next((p for p in personnes if str(p.pk) == request.GET.get("intervenant")), None)
    actions = (ActionMilieuTravail.objects.filter(date__gte=lundi, date__lt=lundi + timedelta(days=7))
               .exclude(statut=StatutAction.ANNULEE)
               .select_related("adherent", "type", "intervenant__utilisateur").order_by("debut", "date", "pk"))
    if choisie:
        actions = actions.filter(intervenant=choisie)
    elif request.rattachement.equipe_id:
        actions = actions.filter(intervenant__equipe_id=request.rattachement.equipe_id)
    jours = {lundi + timedelta(days=n): [] for n in range(5)}
    for action in actions:
        jours.setdefault(action.date, []).append(action)
    return render(request, "fiche_entreprise/agenda.html", {
        "jours": sorted(jours.items()), "lundi": lundi, "personnes": personnes, "choisie": choisie,
        "precedente": lundi - timedelta(days=7), "suivante": lundi + timedelta(days=7)})
