"""Base of the list filters: Bootstrap classes, help texts as placeholders, French yes/no; the page
of a filtered list; the week a calendar shows."""

import json
import time
from datetime import datetime, timedelta
from functools import lru_cache

import django_filters
from django import forms
from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage, Page, Paginator
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
# Below it, past this cost of reading every row (the planner's units; 8,700 was 45 ms at scale
# 40), a page's exact count is asked apart, once the page is shown: a team's 21,000 deadlines,
# estimated at 1,700 rows, took half the page's time to count.
SEUIL_COUT_COMPTE = 2_000


def estimation(queryset) -> tuple[int, float] | None:
    """The planner's estimate of the rows of ``queryset`` and of the cost of reading them all
    (PostgreSQL ``EXPLAIN``, no row read), None on another database. Kept a minute per query and
    parameters: the planner's statistics move with the table's size and its ``ANALYZE``, not from
    one request to the next, and planning the ``EXPLAIN`` cost as much as reading the page."""
    connexion = connections[queryset.db]
    if connexion.vendor != "postgresql":
        return None
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return 0, 0.0
    return _estimation(queryset.db, sql, tuple(params), time.monotonic() // 60)


@lru_cache(maxsize=1024)
def _estimation(alias: str, sql: str, params: tuple, minute: float) -> tuple[int, float]:
    with connections[alias].cursor() as curseur:
        curseur.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = curseur.fetchone()[0]
    plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]
    return int(plan["Plan Rows"]), float(plan["Total Cost"])


class PageSansTotal(Page):
    """A page read without counting the list: 51 rows asked, the 51st says a next page exists."""

    def __init__(self, lignes, numero, paginateur):
        self.suivante = len(lignes) > paginateur.per_page
        super().__init__(lignes[:paginateur.per_page], numero, paginateur)

    def has_next(self):
        return self.suivante


class PaginateurEstime(Paginator):
    """A paginator that counts exactly small lists only: past ``SEUIL_COMPTE_ESTIME`` estimated
    rows, the count is the planner's estimate (``estime`` is then True). With ``differable``
    (the HTML lists), an exact count the planner prices past ``SEUIL_COUT_COMPTE`` is left out of
    the page (``differe``): the page says "Page n", and its count comes by a second request."""

    estime = differe = False

    def __init__(self, *args, differable=False, **kwargs):
        super().__init__(*args, **kwargs)
        # the ids alone: the cost of reading the rows, not of the page's per-row subqueries
        if hasattr(self.object_list, "query") and (estimee := estimation(self.object_list.order_by().values("pk"))):
            lignes, cout = estimee
            self.estime = lignes > SEUIL_COMPTE_ESTIME
            self.differe = differable and not self.estime and cout > SEUIL_COUT_COMPTE
            if self.estime:
                self.count = lignes

    def validate_number(self, number):
        if not self.differe:
            return super().validate_number(number)
        numero = int(number)  # ValueError / TypeError: not a page number
        if numero < 1:
            raise EmptyPage("Numéro de page invalide.")
        return numero

    def get_page(self, number):
        if not self.differe:
            return super().get_page(number)
        try:
            numero = self.validate_number(number)
        except (TypeError, ValueError, EmptyPage):
            numero = 1
        debut = (numero - 1) * self.per_page
        return PageSansTotal(list(self.object_list[debut:debut + self.per_page + 1]), numero, self)


def page_liste(request, lignes, gabarit, parametres=None, **contexte):
    """A list, 50 rows a page, its query parameters (default: the request's) kept in the
    pagination links. ``?compte=1`` answers the list's exact count alone (the fragment a page
    whose count was left out asks for)."""
    parametres = (request.GET if parametres is None else parametres).copy()
    parametres.pop("page", None)
    if request.GET.get("compte") == "1":
        return render(request, "spsti/_compte.html", {"nombre": Paginator(lignes, 50).count})
    parametres.pop("compte", None)
    return render(request, gabarit, {
        "page": PaginateurEstime(lignes, 50, differable=True).get_page(request.GET.get("page")),
        "parametres": parametres.urlencode(), "aujourd_hui": timezone.localdate(), **contexte})


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
