from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from spsti.acces import capacite_requise
from spsti.permissions import Capacite

from .filters import EcheanceFiltre
from .models import Echeance
from .selectors import dossier_medical_lu


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
