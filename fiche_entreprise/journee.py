"""The prevention blocks of "Ma journée": my appointments of the week, the FE and primary
actions due in my team (since the member joined)."""

from datetime import timedelta

from django.db.models import F
from django.urls import reverse

from spsti.journee import Bloc, Ligne, bloc_journee
from spsti.permissions import Role

from .echeances import reglages_du_service
from .models import STATUTS_PLANIFIES, ActionMilieuTravail, TypeEcheancePrevention
from .selectors import echeances_a_faire

PREVENTION = {Role.IPRP, Role.ASSISTANT_PREVENTION}


@bloc_journee("rendez_vous_prevention", "Mes rendez-vous de la semaine", roles=PREVENTION, ordre=10)
def rendez_vous(rattachement, jour):
    actions = (ActionMilieuTravail.objects.filter(intervenant=rattachement, statut__in=STATUTS_PLANIFIES,
                                                  date__gte=jour, date__lte=jour + timedelta(days=7))
               .select_related("adherent", "type").order_by("date", "debut"))
    lignes = [Ligne(texte=f"{a.date:%d/%m} · {a.adherent}", detail=f"{a.type} · {a.get_statut_display()}",
                    url=reverse("fiche_entreprise:action", args=[a.pk])) for a in actions[:12]]
    return Bloc(lignes=lignes, total=actions.count(), vide="Aucun rendez-vous cette semaine.",
                lien=("Actions en entreprise", reverse("fiche_entreprise:actions")))


@bloc_journee("prevention_due", "Fiches d'entreprise et actions primaires dues", roles=PREVENTION, ordre=20)
def prevention_due(rattachement, jour):
    type_du_role = (TypeEcheancePrevention.FICHE if rattachement.role == Role.ASSISTANT_PREVENTION
                    else TypeEcheancePrevention.ACTION_PRIMAIRE)
    echeances = (echeances_a_faire(jour, reglages_du_service(rattachement.tenant))
                 .filter(type=type_du_role, au_plus_tard__gte=F("adherent__date_adhesion"))
                 .select_related("adherent").order_by("au_plus_tard"))
    if rattachement.equipe_id:
        echeances = echeances.filter(adherent__equipe_id=rattachement.equipe_id)
    lignes = [Ligne(texte=str(e.adherent), urgent=e.au_plus_tard < jour,
                    detail=f"{e.get_type_display()} au plus tard le {e.au_plus_tard:%d/%m/%Y} ({e.base_legale})",
                    badge="en retard" if e.au_plus_tard < jour else "",
                    url=reverse("fiche_entreprise:adherent", args=[e.adherent_id])) for e in echeances[:12]]
    return Bloc(lignes=lignes, total=echeances.count(), vide="Rien d'échu dans votre équipe.",
                lien=("Échéances", reverse("fiche_entreprise:echeances")))
