"""View guards that ask the policy module (``spsti.permissions``)."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from rest_framework.permissions import SAFE_METHODS, BasePermission

from .permissions import a_capacite


def capacite_requise(capacite: str, connexion: str = "connexion"):
    """Anonymous → login page; logged in without the capability → 403."""

    def decorateur(vue):
        @wraps(vue)
        def garde(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), reverse(connexion))
            if not a_capacite(request.rattachement, capacite):
                raise PermissionDenied("Votre rôle ne donne pas accès à cette page.")
            return vue(request, *args, **kwargs)
        return garde

    return decorateur


class CapacitePermission(BasePermission):
    """API: grants access when the membership holds the view's ``capacite`` (for a write, its
    ``capacite_ecriture`` when it has one; an ``@action`` states its own), as the policy says; a
    view without one is closed. (A capability, not ``peut``: ``lire_dossier_medical`` is also the
    name of an object rule there, asked on the worker by the medical views themselves.)"""

    def has_permission(self, request, view):
        capacite = getattr(view, "capacite", None)
        ecriture = getattr(view, "action", None) in ("create", "update", "partial_update")
        if request.method not in SAFE_METHODS and ecriture:
            capacite = getattr(view, "capacite_ecriture", None) or capacite
        return capacite is not None and a_capacite(getattr(request._request, "rattachement", None), capacite)
