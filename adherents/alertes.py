"""Alert sources of the members area."""

from spsti.alertes import AlerteDue, source_alertes
from spsti.permissions import ROLES_EQUIPE, Role

from .models import (
    Adherent,
    DemandeAdhesion,
    EtapeAdherent,
    MessageAdherent,
    PropositionCategorie,
    StatutAdherent,
    StatutDemande,
)


@source_alertes("adherent_sans_equipe", "Adhérents sans équipe")
def adherents_sans_equipe(aujourd_hui):
    """An active member without a team (UST) is followed by nobody: member services must
    assign one (seed 004: 45 % of new members never contacted after joining)."""
    for adherent in Adherent.objects.filter(statut=StatutAdherent.ACTIF, equipe__isnull=True):
        yield AlerteDue(objet=adherent, role=Role.SERVICE_ADHERENT, due_depuis=adherent.date_adhesion,
                        libelle=f"{adherent.raison_sociale} : aucune équipe de santé au travail attribuée")


@source_alertes("etape_trajectoire_en_retard", "Étapes du parcours adhérent en retard")
def etapes_trajectoire_en_retard(aujourd_hui):
    """A journey step past its deadline, for its owner role (seed 004: 45 % of new members were
    never contacted after joining)."""
    en_retard = (EtapeAdherent.objects.filter(faite_le__isnull=True, echeance__lt=aujourd_hui,
                                              adherent__statut=StatutAdherent.ACTIF)
                 .select_related("etape", "adherent"))
    for etape in en_retard:
        yield AlerteDue(objet=etape, role=etape.etape.role, due_depuis=etape.echeance,
                        equipe=etape.adherent.equipe if etape.etape.role in ROLES_EQUIPE else None,
                        libelle=f"{etape.adherent.raison_sociale} : {etape.etape.libelle.lower()} en retard")


@source_alertes("demande_adhesion_a_traiter", "Demandes d'adhésion à examiner")
def demandes_adhesion_a_traiter(aujourd_hui):
    """An application waiting for member services (seed 004: no member left without an answer)."""
    for demande in DemandeAdhesion.objects.filter(statut=StatutDemande.EN_ATTENTE):
        yield AlerteDue(objet=demande, role=Role.SERVICE_ADHERENT, due_depuis=demande.recue_le.date(),
                        libelle=f"Demande d'adhésion de {demande.raison_sociale} à examiner")


@source_alertes("message_adherent_a_traiter", "Messages d'adhérents sans réponse")
def messages_a_traiter(aujourd_hui):
    for message in MessageAdherent.objects.filter(traite_le__isnull=True).select_related("adherent"):
        yield AlerteDue(objet=message, role=Role.SERVICE_ADHERENT, due_depuis=message.envoye_le.date(),
                        libelle=f"{message.adherent.raison_sociale} : message « {message.objet} » sans réponse")


@source_alertes("proposition_categorie_a_decider", "Catégories de suivi proposées à décider")
def propositions_a_decider(aujourd_hui):
    """An employer's category proposal waits for the worker's team (its physician)."""
    for proposition in (PropositionCategorie.objects.filter(statut=StatutDemande.EN_ATTENTE)
                        .select_related("salarie__adherent")):
        yield AlerteDue(objet=proposition, role=Role.MEDECIN, equipe=proposition.salarie.adherent.equipe,
                        due_depuis=proposition.proposee_le.date(),
                        libelle=f"{proposition.salarie} : passage en {proposition.categorie} proposé par l'employeur")
