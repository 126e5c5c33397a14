"""Member portal views (own URL tree under /portail/, own templates)."""

from django.shortcuts import get_object_or_404, redirect, render

from spsti.acces import capacite_requise
from spsti.models import Service
from spsti.permissions import Capacite
from spsti.tenancy import service_actif

from .forms import DemandeAdhesionForm
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
