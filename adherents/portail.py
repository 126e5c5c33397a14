"""Member portal views (own URL tree under /portail/, own templates)."""

from django.shortcuts import render

from spsti.acces import capacite_requise
from spsti.permissions import Capacite

from .selectors import adherents_du_portail


@capacite_requise(Capacite.PORTAIL, connexion="portail:connexion")
def accueil(request):
    return render(request, "portail/accueil.html", {
        "adherents": adherents_du_portail(request.rattachement)})
