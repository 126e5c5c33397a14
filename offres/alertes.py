"""Alert sources of billing: requests to handle (to the delivering role and team), invoices
overdue and no-show fees to decide (to accounting)."""

from django.utils import timezone

from spsti.alertes import AlerteDue, source_alertes
from spsti.permissions import Role

from .models import DemandeOffre, FraisAbsence, StatutDemande, StatutFrais
from .selectors import factures_echues


@source_alertes("demande_offre_a_traiter")
def demandes_a_traiter(aujourd_hui):
    for demande in DemandeOffre.objects.filter(statut=StatutDemande.DEMANDEE).select_related("offre", "adherent"):
        yield AlerteDue(objet=demande, libelle=f"Demande de « {demande.offre} » de {demande.adherent}",
                        role=demande.offre.role_responsable or Role.SERVICE_ADHERENT, equipe=demande.offre.equipe,
                        due_depuis=timezone.localtime(demande.demandee_le).date())


@source_alertes("facture_echue")
def factures_en_retard(aujourd_hui):
    for facture in factures_echues(aujourd_hui):
        yield AlerteDue(objet=facture, libelle=f"Facture n° {facture.numero} de {facture.adherent} : "
                                               f"{facture.reste} € impayés", role=Role.COMPTABLE,
                        due_depuis=facture.echeance)


@source_alertes("frais_absence_a_decider")
def frais_a_decider(aujourd_hui):
    for frais in FraisAbsence.objects.filter(statut=StatutFrais.PROPOSES).select_related("adherent"):
        yield AlerteDue(objet=frais, libelle=f"Frais de rendez-vous non honoré à décider : {frais.adherent}",
                        role=Role.COMPTABLE, due_depuis=aujourd_hui)


@source_alertes("questionnaire_epuisement_a_examiner", "Questionnaires d'épuisement professionnel à examiner")
def questionnaires_a_examiner(aujourd_hui):
    """To the physicians of the person's team (medical content: the label names the person only);
    none while the member has no team (member services are alerted of that), never to them all."""
    from .models import QuestionnaireEpuisement

    for questionnaire in (QuestionnaireEpuisement.objects.filter(examine_le__isnull=True,
                                                                 salarie__adherent__equipe__isnull=False)
                          .select_related("salarie__adherent__equipe")):
        yield AlerteDue(objet=questionnaire, libelle=f"Questionnaire d'épuisement professionnel de "
                                                     f"{questionnaire.salarie} à examiner",
                        role=Role.MEDECIN, equipe=questionnaire.salarie.adherent.equipe,
                        due_depuis=timezone.localtime(questionnaire.repondu_le).date())
