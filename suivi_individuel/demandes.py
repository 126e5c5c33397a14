"""What reaches the service between the scheduled visits: an absence declared (the reprise
visit it may call for) and a visit requested by the employer, the worker or the physician."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from spsti.tasks import alerter_apres_validation

from .models import STATUTS_A_VENIR, ArretTravail, Echeance, StatutVisite, TypeVisite, Visite

VISITES_A_LA_DEMANDE = (TypeVisite.DEMANDE_EMPLOYEUR, TypeVisite.DEMANDE_SALARIE, TypeVisite.DEMANDE_MEDECIN)


@transaction.atomic
def arret_declarer(*, arret: ArretTravail) -> Echeance | None:
    """Records (or corrects) an absence; the worker's due list follows at once. Returns the
    reprise visit now due (R4624-31), if any."""
    arret.full_clean()
    arret.save()  # recomputes the worker's due list (signal)
    return Echeance.objects.filter(salarie=arret.salarie, type=TypeVisite.REPRISE,
                                   au_plus_tot=arret.reprise).first()


@transaction.atomic
def visite_demander(*, salarie, type_visite: str, par, motif: str) -> Visite:
    """A visit on request (R4624-34): to be booked by the team, with the member's physician."""
    if type_visite not in VISITES_A_LA_DEMANDE:
        raise ValidationError({"type_visite": "Seules les visites à la demande se demandent ainsi."})
    if not motif.strip():
        raise ValidationError({"motif": "Indiquez le motif de la demande."})
    if Visite.objects.filter(salarie=salarie, type=type_visite, statut__in=STATUTS_A_VENIR).exists():
        raise ValidationError(f"Une {TypeVisite(type_visite).label.lower()} est déjà demandée ou planifiée pour "
                              f"{salarie}.")
    visite = Visite.objects.create(tenant=salarie.tenant, salarie=salarie, type=type_visite,
                                   statut=StatutVisite.A_PLANIFIER, professionnel=salarie.adherent.medecin,
                                   demandee_par=par, demandee_le=timezone.now(), motif_demande=motif.strip())
    alerter_apres_validation(salarie.tenant, "visite_a_planifier")
    return visite


def bilan_arret(arret: ArretTravail, reprise: Echeance | None) -> str:
    """What the person who declared the absence is told."""
    if reprise:
        return (f"Arrêt enregistré. Une visite de reprise est due entre le {reprise.au_plus_tot:%d/%m/%Y} et le "
                f"{reprise.au_plus_tard:%d/%m/%Y} (R4624-31) : le service organise la convocation.")
    return ("Arrêt enregistré. D'après sa nature et sa durée, aucune visite de reprise n'est obligatoire "
            "(R4624-31) ; une visite peut être demandée si la reprise pose question.")
