"""Decisions on an employer's category proposal, by the worker's team."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .models import StatutDemande


@transaction.atomic
def proposition_decider(*, proposition, par, accepter: bool, motif: str) -> None:
    if proposition.statut != StatutDemande.EN_ATTENTE:
        raise ValidationError("Cette proposition a déjà été décidée.")
    if not accepter and not motif:
        raise ValidationError("Indiquez le motif du refus : il est communiqué à l'employeur.")
    proposition.statut = StatutDemande.ACCEPTEE if accepter else StatutDemande.REFUSEE
    proposition.decidee_par, proposition.decidee_le, proposition.motif_decision = par, timezone.now(), motif
    proposition.save()
    if accepter:
        salarie = proposition.salarie
        salarie.categorie, salarie.motifs_categorie = proposition.categorie, proposition.motifs_categorie
        salarie.full_clean()
        salarie.save()
