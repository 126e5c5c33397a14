"""Reads of DUERP support and of the Relais de prévention."""

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import (
    AccompagnementDUERP,
    DocumentDUERP,
    Inscription,
    PlanAction,
    RelaisPrevention,
    SessionCollective,
    StatutSession,
)


def dernier_duerp(adherent) -> DocumentDUERP | None:
    """The member's latest DUERP version (its date of update shows on the member's pages)."""
    return DocumentDUERP.objects.filter(adherent=adherent).order_by("-version").first()


def avec_places(sessions):
    return sessions.annotate(places_prises=Coalesce(Sum("inscriptions__participants"), 0),
                             nb_inscriptions=Count("inscriptions"))


def sessions_ouvertes():
    """Coming sessions open for registration."""
    return avec_places(SessionCollective.objects.filter(statut=StatutSession.PROGRAMMEE,
                                                        debut__gt=timezone.now())).order_by("debut")


def plans_avec_priorites():
    """Action plans with their number of priority actions (``priorites``)."""
    return (PlanAction.objects.prefetch_related("actions__famille")
            .annotate(priorites=Count("actions", filter=Q(actions__prioritaire=True))))


def plans_de(adherent):
    return plans_avec_priorites().filter(adherent=adherent)


def duerp_de_l_adherent(adherent) -> dict:
    """A member's DUERP support, documents, plans and Relais (the staff's member page and the
    portal)."""
    return {
        "documents_duerp": DocumentDUERP.objects.filter(adherent=adherent).select_related("depose_par")
        .order_by("-version"),
        "accompagnements": AccompagnementDUERP.objects.filter(adherent=adherent).select_related(
            "suivi_par__utilisateur"),
        "plans": plans_de(adherent),
        "relais": RelaisPrevention.objects.filter(adherent=adherent),
        "inscriptions": Inscription.objects.filter(adherent=adherent).select_related("session")
        .order_by("-session__debut"),
    }
