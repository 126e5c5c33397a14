from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from spsti.acces import capacite_requise
from spsti.forms import traiter_formulaire
from spsti.permissions import Capacite

from .filters import EcheanceFiltre
from .forms import TypeVisiteForm
from .models import Echeance, TypeVisiteService
from .selectors import dossier_medical_lu
from .thesaurus import types_visite_du_service


@capacite_requise(Capacite.BACK_OFFICE)
def dossier_medical(request, salarie_id: int):
    dossier = dossier_medical_lu(rattachement=request.rattachement, salarie_id=salarie_id,
                                 origine=request.path)
    return render(request, "suivi_individuel/dossier_medical.html", {"dossier": dossier})


@capacite_requise(Capacite.SUIVI_INDIVIDUEL)
def echeancier(request):
    """The visits due: by default the mandatory ones of the user's team, latest deadline first."""
    donnees = request.GET.copy()
    if "equipe" not in donnees and request.rattachement.equipe_id:
        donnees["equipe"] = str(request.rattachement.equipe_id)
    donnees.setdefault("obligatoire", "true")
    filtre = EcheanceFiltre(donnees, request=request, queryset=Echeance.objects.select_related(
        "salarie__adherent__equipe").order_by("au_plus_tard", "salarie__nom"))
    parametres = donnees.copy()
    parametres.pop("page", None)
    return render(request, "suivi_individuel/echeancier.html", {
        "filtre": filtre, "page": Paginator(filtre.qs, 50).get_page(request.GET.get("page")),
        "parametres": parametres.urlencode(), "aujourd_hui": timezone.localdate()})


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
