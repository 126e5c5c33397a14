"""Alert sources of the members area."""

from spsti.alertes import AlerteDue, source_alertes
from spsti.permissions import Role

from .models import Adherent, StatutAdherent


@source_alertes("adherent_sans_equipe")
def adherents_sans_equipe(aujourd_hui):
    """An active member without a team (UST) is followed by nobody: member services must
    assign one (seed 004: 45 % of new members never contacted after joining)."""
    for adherent in Adherent.objects.filter(statut=StatutAdherent.ACTIF, equipe__isnull=True):
        yield AlerteDue(objet=adherent, role=Role.SERVICE_ADHERENT, due_depuis=adherent.date_adhesion,
                        libelle=f"{adherent.raison_sociale} : aucune équipe de santé au travail attribuée")
