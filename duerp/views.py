"""Back-office pages of DUERP support: collective sessions and attendance, supports, action
plans, DUERP versions, the Relais de prévention."""

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from fiche_entreprise.views import PREVENTION, adherent_ou_404, agir, editer_pour_adherent, retour_adherent
from spsti.acces import capacite_requise
from spsti.fichiers import servir_fichier
from spsti.filtres import equipe_par_defaut, page_filtree
from spsti.forms import traiter_formulaire, traiter_par_service

from . import rules, services
from .filters import AccompagnementFiltre, RelaisFiltre, SessionFiltre
from .forms import (
    AccompagnementForm,
    ActionPlanForm,
    DocumentDUERPForm,
    InscriptionForm,
    PlanForm,
    RelaisForm,
    SessionForm,
)
from .models import (
    AccompagnementDUERP,
    ActionPlan,
    DocumentDUERP,
    PlanAction,
    RelaisPrevention,
    SessionCollective,
)
from .selectors import avec_places, plans_avec_priorites, plans_de


@capacite_requise(PREVENTION)
def sessions(request):
    donnees = request.GET.copy()
    donnees.setdefault("du", timezone.localdate().isoformat())
    filtre = SessionFiltre(donnees, request=request, queryset=avec_places(SessionCollective.objects.select_related(
        "centre", "animateur__utilisateur")).order_by("debut"))
    return page_filtree(request, filtre, "duerp/sessions.html")


@capacite_requise(PREVENTION)
def session_editer(request, pk: int | None = None):
    session = get_object_or_404(SessionCollective.objects.all(), pk=pk) if pk else None
    form = SessionForm(request.POST or None, instance=session, service=request.service)
    objet, page = traiter_formulaire(request, form, "Modifier la session" if session else
                                     "Nouvelle session collective", "Session « {objet} » enregistrée.",
                                     retour=("Sessions collectives", "duerp:sessions"))
    return page or redirect("duerp:session", pk=objet.pk)


def _session(pk):
    return get_object_or_404(SessionCollective.objects.select_related("centre", "animateur__utilisateur"), pk=pk)


@capacite_requise(PREVENTION)
def session(request, pk: int):
    session = _session(pk)
    return render(request, "duerp/session.html", {
        "session": session, "places": services.places_restantes(session), "passee": session.debut <= timezone.now(),
        "inscriptions": session.inscriptions.select_related("adherent", "inscrite_par")})


@capacite_requise(PREVENTION)
def session_inscrire(request, pk: int):
    session = _session(pk)
    form = InscriptionForm(request.POST or None)
    objet, page = traiter_par_service(
        request, form, lambda d: services.inscription_creer(session=session, par=request.user, **d),
        titre=f"Inscrire un adhérent — {session}", message="{objet.adherent} inscrit.",
        retour=(str(session), reverse("duerp:session", args=[session.pk])))
    return page or redirect("duerp:session", pk=session.pk)


@require_POST
@capacite_requise(PREVENTION)
def session_presences(request, pk: int):
    session = _session(pk)
    presents = {int(valeur) for valeur in request.POST.getlist("presents") if valeur.isdigit()}
    return agir(request, lambda: services.presences_enregistrer(session=session, presents=presents),
                "Présences enregistrées : la session est tenue.", reverse("duerp:session", args=[pk]))


@capacite_requise(PREVENTION)
def accompagnements(request):
    filtre = AccompagnementFiltre(equipe_par_defaut(request), request=request,
                                  queryset=AccompagnementDUERP.objects.select_related(
                                      "adherent__equipe", "suivi_par__utilisateur").order_by("-ouvert_le", "-pk"))
    return page_filtree(request, filtre, "duerp/accompagnements.html")


@capacite_requise(PREVENTION)
def accompagnement_editer(request, pk: int | None = None, adherent_pk: int | None = None):
    return editer_pour_adherent(
        request, AccompagnementDUERP, AccompagnementForm, pk=pk, adherent_pk=adherent_pk, titre="Accompagnement DUERP",
        message="Accompagnement DUERP enregistré.", suivi_par=request.rattachement,
        suite=lambda accompagnement: reverse("fiche_entreprise:adherent", args=[accompagnement.adherent_id]))


@capacite_requise(PREVENTION)
def plan_editer(request, pk: int | None = None, adherent_pk: int | None = None):
    return editer_pour_adherent(request, PlanAction, PlanForm, pk=pk, adherent_pk=adherent_pk, titre="Plan d'action",
                                message="Plan d'action enregistré.",
                                suite=lambda plan: reverse("duerp:plan", args=[plan.pk]))


@capacite_requise(PREVENTION)
def plan(request, pk: int):
    plan = get_object_or_404(plans_avec_priorites().select_related("adherent", "accompagnement", "relais"), pk=pk)
    return render(request, "duerp/plan.html", {"plan": plan, "complet": rules.plan_complet(plan.priorites),
                                               "minimum": rules.PRIORITES_MINIMUM})


@capacite_requise(PREVENTION)
def action_plan_editer(request, pk: int | None = None, plan_pk: int | None = None):
    action = get_object_or_404(ActionPlan.objects.select_related("plan"), pk=pk) if pk else None
    plan = action.plan if action else get_object_or_404(PlanAction.objects.all(), pk=plan_pk)
    form = ActionPlanForm(request.POST or None, instance=action or ActionPlan(plan=plan), service=request.service)
    form.champs_fixes = ("plan",)
    objet, page = traiter_formulaire(request, form, f"Action du plan — {plan.adherent}",
                                     "Action « {objet} » enregistrée.",
                                     retour=(plan.titre, reverse("duerp:plan", args=[plan.pk])))
    return page or redirect("duerp:plan", pk=plan.pk)


def formulaire_duerp(request, adherent, *, retour, gabarit="spsti/formulaire.html"):
    """Files a DUERP version (back office or portal)."""
    form = DocumentDUERPForm(request.POST or None, request.FILES or None)
    objet, page = traiter_par_service(
        request, form, lambda d: services.duerp_deposer(adherent=adherent, par=request.user, **d),
        titre=f"Déposer le DUERP — {adherent}", gabarit=gabarit, retour=retour,
        message="DUERP version {objet.version} déposé ; il est conservé 40 ans (L4121-3-1).")
    return page or redirect(retour[1])


@capacite_requise(PREVENTION)
def document_deposer(request, pk: int):
    adherent = adherent_ou_404(pk)
    return formulaire_duerp(request, adherent, retour=retour_adherent(adherent))


def reponse_duerp(request, document: DocumentDUERP):
    return servir_fichier(request, document.fichier, autorise=True, nom=document.nom_fichier,
                          content_type="application/octet-stream")


@capacite_requise(PREVENTION)
def document(request, pk: int):
    return reponse_duerp(request, get_object_or_404(DocumentDUERP.objects.all(), pk=pk))


@capacite_requise(PREVENTION)
def relais_liste(request):
    filtre = RelaisFiltre(equipe_par_defaut(request), request=request,
                          queryset=RelaisPrevention.objects.select_related("adherent__equipe").order_by("-proposee_le"))
    return page_filtree(request, filtre, "duerp/relais_liste.html")


@capacite_requise(PREVENTION)
def relais_editer(request, pk: int | None = None, adherent_pk: int | None = None):
    return editer_pour_adherent(request, RelaisPrevention, RelaisForm, pk=pk, adherent_pk=adherent_pk,
                                titre="Relais de prévention", message="Relais de prévention enregistré.",
                                proposee_par=request.rattachement,
                                suite=lambda relais: reverse("duerp:relais", args=[relais.pk]))


@capacite_requise(PREVENTION)
def relais(request, pk: int):
    relais = get_object_or_404(RelaisPrevention.objects.select_related("adherent", "contrat_signe_par"), pk=pk)
    etat = services.etat_relais(relais)
    return render(request, "duerp/relais.html", {
        "relais": relais, "etat": etat, "manques": rules.manques_pour_label(etat),
        "modules": [(numero, titre, etat.modules_suivis.get(numero)) for numero, titre in rules.MODULES_RELAIS.items()],
        "plans": plans_de(relais.adherent).filter(relais=relais), "minimum": rules.PRIORITES_MINIMUM,
        "suivi_du_le": rules.suivi_relais_du_le(relais.visite_le) if relais.visite_le else None})


@require_POST
@capacite_requise(PREVENTION)
def relais_labelliser(request, pk: int):
    relais = get_object_or_404(RelaisPrevention.objects.select_related("adherent"), pk=pk)
    return agir(request, lambda: services.relais_labelliser(relais=relais),
                "Label « Relais de prévention » attribué.", reverse("duerp:relais", args=[pk]))

