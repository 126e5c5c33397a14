"""Dates carried as ISO text (a transmitted file, a stored payload) shown like any date:
``{% load dates_iso %}{{ valeur|date_iso|date:"d/m/Y" }}``."""

from datetime import date, datetime

from django import template

register = template.Library()


@register.filter
def date_iso(valeur):
    """The date (or date and time) an ISO text names; anything else unchanged."""
    if not isinstance(valeur, str):
        return valeur
    try:
        return datetime.fromisoformat(valeur) if "T" in valeur else date.fromisoformat(valeur)
    except ValueError:
        return valeur
