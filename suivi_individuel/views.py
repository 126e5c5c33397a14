from django.shortcuts import render

from spsti.acces import capacite_requise
from spsti.permissions import Capacite

from .selectors import dossier_medical_lu


@capacite_requise(Capacite.BACK_OFFICE)
def dossier_medical(request, salarie_id: int):
    dossier = dossier_medical_lu(rattachement=request.rattachement, salarie_id=salarie_id,
                                 origine=request.path)
    return render(request, "suivi_individuel/dossier_medical.html", {"dossier": dossier})
