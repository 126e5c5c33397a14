"""The members blocks of "Ma journée": applications waiting, journey steps due; accounting's
shortcut to the members until the offers' block is plugged in."""

from datetime import timedelta

from django.urls import reverse

from spsti.journee import Bloc, Ligne, bloc_journee
from spsti.permissions import Capacite, Role, a_capacite

from .models import Adherent, DemandeAdhesion, EtapeAdherent, StatutAdherent, StatutDemande

LIMITE = 12


@bloc_journee("demandes_adhesion", "Demandes d'adhésion à examiner", roles={Role.SERVICE_ADHERENT, Role.DIRECTEUR},
              ordre=10)
def demandes_adhesion(rattachement, jour):
    demandes = DemandeAdhesion.objects.filter(statut=StatutDemande.EN_ATTENTE).order_by("recue_le")
    lignes = [Ligne(texte=d.raison_sociale, detail=f"reçue le {d.recue_le:%d/%m/%Y} · {d.effectif} salarié(s)",
                    url=reverse("adherents:demande", args=[d.pk]), urgent=(jour - d.recue_le.date()).days > 7)
              for d in demandes[:LIMITE]]
    if not lignes and rattachement.role == Role.DIRECTEUR:
        return None
    return Bloc(lignes=lignes, total=demandes.count(), vide="Aucune demande en attente.",
                lien=("Toutes les demandes", reverse("adherents:demandes")))


@bloc_journee("etapes_parcours", "Étapes du parcours adhérent à faire cette semaine",
              roles={Role.SERVICE_ADHERENT}, ordre=20)
def etapes_parcours(rattachement, jour):
    etapes = (EtapeAdherent.objects.filter(faite_le__isnull=True, echeance__lte=jour + timedelta(days=7),
                                           adherent__statut=StatutAdherent.ACTIF)
              .select_related("etape", "adherent").order_by("echeance"))
    if not a_capacite(rattachement, Capacite.GERER_ADHERENTS):
        etapes = etapes.filter(etape__role=rattachement.role)
    lignes = [Ligne(texte=f"{e.adherent.raison_sociale} · {e.etape.libelle}", urgent=e.echeance < jour,
                    detail=f"au plus tard le {e.echeance:%d/%m/%Y}", badge="en retard" if e.echeance < jour else "",
                    url=reverse("adherents:etape_realiser", args=[e.adherent_id, e.pk]))
              for e in etapes[:LIMITE]]
    return Bloc(lignes=lignes, total=etapes.count(), vide="Aucune étape due cette semaine.")


@bloc_journee("adherents_comptabilite", "Adhérents", roles={Role.COMPTABLE}, ordre=90)
def adherents_comptabilite(rattachement, jour):
    """Until the offers' block: the members list, with the ones leaving."""
    radies = Adherent.objects.filter(statut=StatutAdherent.RADIE, date_radiation__gte=jour - timedelta(days=30))
    lignes = [Ligne(texte=a.raison_sociale, detail=f"radié le {a.date_radiation:%d/%m/%Y}",
                    url=reverse("adherents:detail", args=[a.pk])) for a in radies.order_by("-date_radiation")[:LIMITE]]
    return Bloc(lignes=lignes, vide="Aucune radiation ces 30 derniers jours.",
                titre="Adhérents radiés ces 30 derniers jours",
                lien=("Liste des adhérents", reverse("adherents:liste")))
