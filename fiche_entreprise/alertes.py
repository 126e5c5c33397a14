"""Alert sources of prevention in companies: FE and primary actions due (seed 000: « pas d'alerte
informatique pour le renouvellement de la FE et de l'action primaire »), FE waiting for the
physician, visits the member asked to move or left unanswered."""

from datetime import timedelta

from django.utils import timezone

from spsti.alertes import AlerteDue, source_alertes
from spsti.permissions import Role

from . import rules
from .echeances import reglages_du_service
from .models import ActionMilieuTravail, FicheEntreprise, StatutAction, StatutFiche
from .selectors import echeances_a_faire

SANS_REPONSE_JOURS = 7


def _echeances(aujourd_hui, type_echeance, role, quoi):
    from indicateurs.registre import service_courant

    reglages = reglages_du_service(service_courant())
    # A member without a team is followed by nobody yet: member services' alert comes first.
    for echeance in (echeances_a_faire(aujourd_hui, reglages).filter(type=type_echeance, adherent__equipe__isnull=False)
                     .select_related("adherent__equipe").iterator(chunk_size=2000)):
        yield AlerteDue(objet=echeance.adherent, role=role, equipe=echeance.adherent.equipe,
                        due_depuis=echeance.au_plus_tard - timedelta(days=reglages.alerte_jours),
                        pris_en_charge_le=echeance.adherent.date_adhesion,
                        libelle=f"{echeance.adherent} : {quoi} au plus tard le {echeance.au_plus_tard:%d/%m/%Y} "
                                f"({echeance.base_legale})")


@source_alertes("fiche_entreprise_a_faire", "Fiches d'entreprise à faire")
def fiches_a_faire(aujourd_hui):
    """An FE to draw up or update, late or within the alert window: for the team's prevention
    assistants, who draft it (R4624-47; every 4 years, décret 2022-653)."""
    yield from _echeances(aujourd_hui, rules.TypeEcheance.FICHE, Role.ASSISTANT_PREVENTION, "fiche d'entreprise")


@source_alertes("action_primaire_a_faire", "Actions de prévention primaire à faire")
def actions_primaires_a_faire(aujourd_hui):
    """No primary-prevention action for four years (or about to be): for the team's IPRP."""
    yield from _echeances(aujourd_hui, rules.TypeEcheance.ACTION_PRIMAIRE, Role.IPRP,
                          "action de prévention primaire")


@source_alertes("fiche_a_valider", "Fiches d'entreprise à valider")
def fiches_a_valider(aujourd_hui):
    """An FE submitted to the physician: for the physicians of the member's team."""
    for fiche in FicheEntreprise.objects.filter(statut=StatutFiche.A_VALIDER).select_related("adherent__equipe"):
        yield AlerteDue(objet=fiche, role=Role.MEDECIN, equipe=fiche.adherent.equipe,
                        due_depuis=timezone.localdate(fiche.soumise_le) if fiche.soumise_le else aujourd_hui,
                        libelle=f"{fiche.adherent} : fiche d'entreprise v{fiche.version} à valider")


@source_alertes("visite_prevention_a_replanifier", "Rendez-vous de prévention à replanifier")
def visites_a_replanifier(aujourd_hui):
    """The member asked for another date, or left a proposal unanswered for a week: for the
    intervenant's role in the member's team."""
    limite = timezone.now() - timedelta(days=SANS_REPONSE_JOURS)
    for action in (ActionMilieuTravail.objects.filter(statut__in=[StatutAction.A_REPLANIFIER, StatutAction.PROPOSEE])
                   .select_related("adherent__equipe", "intervenant", "type")):
        if action.statut == StatutAction.A_REPLANIFIER:
            quoi, depuis = f"autre date demandée ({action.reponse_adherent})", action.repondue_le
        elif action.proposee_le and action.proposee_le < limite:
            quoi, depuis = "proposition de rendez-vous sans réponse", action.proposee_le
        else:
            continue
        yield AlerteDue(objet=action, role=action.intervenant.role, equipe=action.adherent.equipe,
                        due_depuis=timezone.localdate(depuis) if depuis else aujourd_hui,
                        libelle=f"{action.adherent} : {action.type} — {quoi}"[:255])
