"""The reporting pages' tabs, the same on every page of the area."""

from django import template

from indicateurs.registre import INDICATEURS

register = template.Library()


@register.inclusion_tag("indicateurs/_onglets.html")
def onglets_indicateurs(actif: str, annee=None):
    return {"actif": actif, "annee": annee, "domaines": sorted({i.domaine for i in INDICATEURS.values()})}
