from django import template

from comptes.oidc import psc_actif as _psc_actif

register = template.Library()


@register.simple_tag
def psc_actif() -> bool:
    return _psc_actif()
