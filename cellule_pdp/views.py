from django.shortcuts import render

from spsti.acces import capacite_requise
from spsti.permissions import Capacite

from .models import DossierPDP, StatutDossier


@capacite_requise(Capacite.CELLULE_PDP)
def file_attente(request):
    """The cell's intake queue: files opened by a signal and not yet taken up, oldest first."""
    dossiers = (DossierPDP.objects.filter(statut=StatutDossier.A_TRAITER)
                .select_related("salarie__adherent", "medecin__utilisateur")
                .prefetch_related("signalements__source").order_by("ouvert_le", "numero"))
    return render(request, "cellule_pdp/file_attente.html", {"dossiers": dossiers})
