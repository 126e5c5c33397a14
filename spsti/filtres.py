"""Base of the list filters: Bootstrap classes, help texts as placeholders, French yes/no; the page
of a filtered list; the week a calendar shows."""

from datetime import datetime, timedelta

import django_filters
from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone


class OuiNon(forms.Select):
    def __init__(self, attrs=None):
        super().__init__(attrs, choices=[("", "Tous"), ("true", "Oui"), ("false", "Non")])


class Filtre(django_filters.FilterSet):
    @property
    def form(self):
        formulaire = super().form
        for champ in formulaire.fields.values():
            champ.widget.attrs.setdefault("class", "form-control form-control-sm"
                                          if champ.widget.input_type == "text" else "form-select form-select-sm")
            if champ.help_text:
                champ.widget.attrs.setdefault("placeholder", champ.help_text)
        return formulaire


def equipe_par_defaut(request):
    """The list's filters, the user's own team unless they chose another (or none)."""
    donnees = request.GET.copy()
    if "equipe" not in donnees and request.rattachement.equipe_id:
        donnees["equipe"] = str(request.rattachement.equipe_id)
    return donnees


def page_liste(request, lignes, gabarit, parametres=None, **contexte):
    """A list, 50 rows a page, its query parameters (default: the request's) kept in the
    pagination links."""
    parametres = (request.GET if parametres is None else parametres).copy()
    parametres.pop("page", None)
    return render(request, gabarit, {
        "page": Paginator(lignes, 50).get_page(request.GET.get("page")), "parametres": parametres.urlencode(),
        "aujourd_hui": timezone.localdate(), **contexte})


def page_filtree(request, filtre, gabarit, **contexte):
    """A filtered list (its filters may carry defaults the request had not)."""
    return page_liste(request, filtre.qs, gabarit, parametres=filtre.data, filtre=filtre, **contexte)


def lundi_demande(request):
    """The Monday of the week asked for (``?semaine=YYYY-MM-DD``), else of this week."""
    try:
        jour = datetime.strptime(request.GET.get("semaine", ""), "%Y-%m-%d").date()
    except ValueError:
        jour = timezone.localdate()
    return jour - timedelta(days=jour.weekday())
