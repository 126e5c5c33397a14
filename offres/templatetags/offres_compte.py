"""The billing summary on a member's record: balance and unpaid flag, for those who handle
offers (never blocking a worker's legal visit)."""

from django import template
from django.utils import timezone

from spsti.permissions import Capacite, a_capacite

from .. import selectors

register = template.Library()


@register.inclusion_tag("offres/_compte_adherent.html", takes_context=True)
def compte_adherent(context, adherent):
    rattachement = getattr(context.get("request"), "rattachement", None)
    if not a_capacite(rattachement, Capacite.OFFRES):
        return {"visible": False}
    return {"visible": True, "adherent": adherent, "solde": selectors.solde_adherent(adherent),
            "impaye": selectors.impaye(adherent, timezone.localdate())}
