"""Signals to the PDP cell and the case files they open."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from spsti.models import Service
from spsti.permissions import Role

from .models import DossierPDP, Signalement, SourceSignalement, StatutDossier

# The entry indicator of a signal made from a visit (seed 001 § 2.1.2), by visit type.
SOURCE_PAR_TYPE_DE_VISITE = {
    "demande_salarie": "visite_demande", "demande_employeur": "visite_demande", "demande_medecin": "visite_demande",
    "reprise": "visite_reprise", "pre_reprise": "visite_reprise",
    "vip_periodique": "visite_periodique", "examen_aptitude_periodique": "visite_periodique",
    "intermediaire_sir": "visite_periodique", "mi_carriere": "visite_periodique",
}


@transaction.atomic
def signalement_creer(*, salarie, source: SourceSignalement, par=None, visite=None, description: str = "",
                      recu_le=None) -> Signalement:
    """Records a signal; it joins the worker's open file, or opens a new one (to be processed,
    numbered in the service's active file, followed by the member's physician)."""
    recu_le = recu_le or timezone.localdate()
    dossier = (DossierPDP.objects.select_for_update().filter(salarie=salarie)
               .exclude(statut=StatutDossier.TERMINE).first())
    if dossier is None:
        Service.objects.select_for_update().get(pk=salarie.tenant_id)  # one new number at a time
        numero = (DossierPDP.objects.aggregate(dernier=Max("numero"))["dernier"] or 0) + 1
        medecin = salarie.adherent.medecin or (par if par is not None and par.role == Role.MEDECIN else None)
        dossier = DossierPDP.objects.create(tenant=salarie.tenant, numero=numero, salarie=salarie, medecin=medecin,
                                            ouvert_le=recu_le)
    return Signalement.objects.create(tenant=salarie.tenant, dossier=dossier, salarie=salarie, source=source,
                                      recu_le=recu_le, visite=visite, signale_par=par,
                                      description=description.strip())


def signalement_depuis_visite(*, visite, par, description: str = "") -> Signalement:
    """One click from the visit record: the source follows the visit type."""
    code = SOURCE_PAR_TYPE_DE_VISITE.get(visite.type, "visite_autre")
    return signalement_creer(salarie=visite.salarie, source=SourceSignalement.par_code(visite.tenant, code),
                             par=par, visite=visite, description=description)
