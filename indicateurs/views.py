from itertools import groupby

from django.shortcuts import render
from django.utils import timezone

from spsti.acces import capacite_requise
from spsti.permissions import Capacite

from .registre import Periode, valeurs


@capacite_requise(Capacite.VOIR_INDICATEURS)
def tableau_de_bord(request):
    annee_courante = timezone.localdate().year
    try:
        annee = int(request.GET.get("annee", annee_courante))
    except ValueError:
        annee = annee_courante
    periode = Periode.annee(annee)
    par_domaine = [(domaine, list(groupe)) for domaine, groupe
                   in groupby(sorted(valeurs(periode), key=lambda v: v.indicateur.domaine),
                              key=lambda v: v.indicateur.domaine)]
    gabarit = "indicateurs/_valeurs.html" if request.htmx else "indicateurs/tableau_de_bord.html"
    return render(request, gabarit, {
        "periode": periode, "annee": annee, "par_domaine": par_domaine,
        "annees": range(annee_courante - 4, annee_courante + 1)})
