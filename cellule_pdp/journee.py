"""The PDP block of "Ma journée": the intake queue, oldest first (for the cell's members)."""

from django.urls import reverse

from spsti.journee import Bloc, Ligne, bloc_journee
from spsti.permissions import Role, est_membre_cellule_pdp

from .models import Etape
from .selectors import dossiers_visibles

MEMBRES_POSSIBLES = {Role.ASSISTANT_SOCIAL, Role.MEDECIN, Role.INFIRMIER, Role.IPRP, Role.ASSISTANT_PREVENTION}


@bloc_journee("file_pdp", "File d'attente de la cellule PDP", roles=MEMBRES_POSSIBLES, ordre=40)
def file_pdp(rattachement, jour):
    if not est_membre_cellule_pdp(rattachement):
        return None
    dossiers = (dossiers_visibles(rattachement).filter(avancement__etape=Etape.A_TRAITER)
                .select_related("adherent").order_by("ouvert_le", "numero"))
    lignes = [Ligne(texte=f"Dossier n° {d.numero} · {d.adherent}", detail=f"ouvert le {d.ouvert_le:%d/%m/%Y}",
                    url=reverse("cellule_pdp:dossier", args=[d.pk]), urgent=(jour - d.ouvert_le).days > 15)
              for d in dossiers[:12]]
    return Bloc(lignes=lignes, total=dossiers.count(), vide="Aucun dossier en attente.",
                lien=("File d'attente", reverse("cellule_pdp:file_attente")))
