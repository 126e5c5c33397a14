"""``{% peut "action" objet as ok %}``: templates ask the policy module, as views do."""

from django import template

from spsti.permissions import peut as _peut

register = template.Library()


@register.simple_tag(takes_context=True)
def peut(context, action, objet=None):
    request = context.get("request")
    return _peut(getattr(request, "rattachement", None), action, objet)
