"""Alert sources of the PDP cell. Labels name the file, never the worker: an alert is seen by
every person of its role."""

from spsti.alertes import AlerteDue, source_alertes
from spsti.permissions import Role

from .models import DossierPDP, Etape


@source_alertes("dossier_pdp_a_traiter", "Dossiers PDP à prendre en charge")
def dossiers_a_traiter(aujourd_hui):
    """A file in the intake queue: for the social workers, who coordinate the cell (seed 001)."""
    for dossier in DossierPDP.objects.filter(avancement__etape=Etape.A_TRAITER).select_related("adherent"):
        yield AlerteDue(objet=dossier, role=Role.ASSISTANT_SOCIAL, due_depuis=dossier.ouvert_le,
                        libelle=f"Dossier PDP n° {dossier.numero} ({dossier.adherent}) à prendre en charge")


@source_alertes("dossier_pdp_point_depasse", "Points de dossiers PDP dépassés")
def points_depasses(aujourd_hui):
    """An open file past its next review date: for the file's physician's team physicians."""
    for dossier in (DossierPDP.objects.filter(clos_le__isnull=True, prochaine_revue__lt=aujourd_hui)
                    .select_related("adherent__equipe")):
        yield AlerteDue(objet=dossier, role=Role.MEDECIN, equipe=dossier.adherent.equipe,
                        due_depuis=dossier.prochaine_revue,
                        libelle=f"Dossier PDP n° {dossier.numero} : point prévu le {dossier.prochaine_revue:%d/%m/%Y} "
                                "dépassé")
