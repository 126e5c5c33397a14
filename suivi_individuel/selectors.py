"""Reads of medical content. The only way in: checks the policy and logs every attempt."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from adherents.models import Salarie
from spsti.models import AccesDossierMedical
from spsti.permissions import peut_lire_dossier_medical

from .models import DossierMedical


def dossier_medical_lu(*, rattachement, salarie_id: int, origine: str) -> DossierMedical:
    """The worker's medical record for ``rattachement``, read and logged.

    Another service's worker is a 404 (the scoped queryset does not find it); a worker of this
    service whose record the role may not read is a logged refusal (PermissionDenied)."""
    salarie = get_object_or_404(Salarie.objects.select_related("adherent"), pk=salarie_id)
    accorde = peut_lire_dossier_medical(rattachement, salarie)
    AccesDossierMedical.journaliser(rattachement=rattachement, salarie=salarie, origine=origine,
                                    accorde=accorde)
    if not accorde:
        raise PermissionDenied("Le dossier médical est réservé aux médecins et infirmiers de l'équipe du salarié.")
    dossier, _ = DossierMedical.objects.get_or_create(tenant=salarie.tenant, salarie=salarie)
    return dossier
