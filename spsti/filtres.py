"""Base of the list filters: Bootstrap classes, help texts as placeholders, French yes/no; the page
of a filtered list; the week a calendar shows."""

import json
from datetime import datetime, timedelta
from functools import cached_property

import django_filters
from django import forms
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
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


# Past this many rows (the planner's estimate), a list shows an estimated count: counting a
# tenant's 200,000 deadlines exactly costs more than the page of 50 itself.
SEUIL_COMPTE_ESTIME = 10_000


def nombre_estime(queryset) -> int | None:
    """The planner's estimate of the rows of ``queryset`` (PostgreSQL ``EXPLAIN``, no row read),
    None on another database."""
    connexion = connections[queryset.db]
    if connexion.vendor != "postgresql":
        return None
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return 0
    with connexion.cursor() as curseur:
        curseur.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = curseur.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


class PaginateurEstime(Paginator):
    """A paginator that counts exactly small lists only: past ``SEUIL_COMPTE_ESTIME`` estimated
    rows, the count is the planner's estimate (``estime`` is then True)."""

    estime = False

    @cached_property
    def count(self):
        if hasattr(self.object_list, "query"):
            estimation = nombre_estime(self.object_list.order_by())
            if estimation is not None and estimation > SEUIL_COMPTE_ESTIME:
                self.estime = True
                return estimation
        return super().count


def page_liste(request, lignes, gabarit, parametres=None, **contexte):
    """A list, 50 rows a page, its query parameters (default: the request's) kept in the
    pagination links."""
    parametres = (request.GET if parametres is None else parametres).copy()
    parametres.pop("page", None)
    return render(request, gabarit, {
        "page": PaginateurEstime(lignes, 50).get_page(request.GET.get("page")), "parametres": parametres.urlencode(),
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
