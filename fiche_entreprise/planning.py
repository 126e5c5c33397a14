"""Workplace visits as appointments: the IPRP or ASST proposes a date to the member, who confirms
it or asks for another through the portal; an intervenant's appointments never overlap
(serialised on their membership row); confirmed visits are recalled to the member shortly
before."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from adherents.models import AccesPortail, Contact, RoleContact
from spsti.models import Rattachement
from spsti.tasks import alerter_apres_validation

from .models import STATUTS_PLANIFIES, ActionMilieuTravail, StatutAction

DESTINATAIRES = (RoleContact.EMPLOYEUR, RoleContact.RH, RoleContact.PREVENTION, RoleContact.REFERENT_SECURITE)
RAPPEL_JOURS = 2  # a confirmed visit is recalled this many days before (``Service.parametres``)


def _heure(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%d/%m/%Y à %H:%M}"


def occupations(intervenant, debut: datetime, fin: datetime, sauf=None) -> list[ActionMilieuTravail]:
    """The intervenant's proposed or confirmed appointments overlapping [debut, fin)."""
    lignes = (ActionMilieuTravail.objects.filter(intervenant=intervenant, statut__in=STATUTS_PLANIFIES, debut__lt=fin,
                                                 debut__gte=debut - timedelta(hours=10))
              .exclude(pk=getattr(sauf, "pk", None)).select_related("adherent"))
    return [a for a in lignes if a.fin > debut]


@transaction.atomic
def visite_proposer(*, adherent, type, intervenant, debut: datetime, duree_minutes: int = 120, etablissement=None,
                    objet: str = "", action: ActionMilieuTravail | None = None) -> ActionMilieuTravail:
    """Proposes a date (or another date, when ``action`` is given) to the member; the e-mail
    leaves once committed. Refused when the intervenant is already booked then."""
    Rattachement.objects.select_for_update().get(pk=intervenant.pk)  # one booking at a time per intervenant
    if action is not None and action.statut not in (*STATUTS_PLANIFIES, StatutAction.A_REPLANIFIER):
        raise ValidationError("Seul un rendez-vous à venir se déplace : pour une action réalisée ou annulée, "
                              "proposez-en un nouveau.")
    if debut <= timezone.now():
        raise ValidationError({"debut": "Proposez une date à venir."})
    action = action or ActionMilieuTravail(tenant=adherent.tenant, adherent=adherent)
    action.type, action.intervenant, action.etablissement, action.objet = type, intervenant, etablissement, objet
    action.debut, action.date, action.duree_minutes = debut, timezone.localtime(debut).date(), duree_minutes
    action.statut, action.proposee_le, action.repondue_le, action.rappel_envoye_le = (
        StatutAction.PROPOSEE, timezone.now(), None, None)
    for autre in occupations(intervenant, debut, action.fin, sauf=action):
        raise ValidationError({"debut": f"{intervenant.utilisateur.get_full_name()} a déjà un rendez-vous le "
                                        f"{_heure(autre.debut)} ({autre.adherent}) : ce créneau n'est pas libre."})
    action.full_clean()
    action.save()
    from spsti.effets import differer

    differer(action.tenant, "proposition_visite_envoyer", {"action_id": action.pk})
    alerter_apres_validation(action.tenant, "visite_prevention_a_replanifier")
    return action


@transaction.atomic
def visite_confirmer(*, action: ActionMilieuTravail) -> ActionMilieuTravail:
    """The member confirms the proposed date."""
    if action.statut != StatutAction.PROPOSEE or action.debut <= timezone.now():
        raise ValidationError("Ce rendez-vous n'est plus en attente de votre confirmation.")
    action.statut, action.repondue_le = StatutAction.CONFIRMEE, timezone.now()
    action.save()
    return action


@transaction.atomic
def visite_demander_autre_date(*, action: ActionMilieuTravail, message: str) -> ActionMilieuTravail:
    """The member asks for another date (its constraints in ``message``): the intervenant's team is
    alerted to propose a new one."""
    if action.statut not in STATUTS_PLANIFIES or action.debut <= timezone.now():
        raise ValidationError("Ce rendez-vous ne peut plus être déplacé depuis le portail : contactez le service.")
    if not message.strip():
        raise ValidationError({"message": "Indiquez vos disponibilités pour que le service vous propose une autre "
                                          "date."})
    action.statut, action.reponse_adherent, action.repondue_le = (
        StatutAction.A_REPLANIFIER, message.strip()[:500], timezone.now())
    action.save()
    alerter_apres_validation(action.tenant, "visite_prevention_a_replanifier")
    return action


@transaction.atomic
def action_annuler(*, action: ActionMilieuTravail, motif: str) -> ActionMilieuTravail:
    if action.statut in (StatutAction.REALISEE, StatutAction.ANNULEE):
        raise ValidationError(f"Cette action est déjà {action.get_statut_display().lower()}.")
    if not motif.strip():
        raise ValidationError({"motif": "Indiquez le motif de l'annulation."})
    action.statut = StatutAction.ANNULEE
    action.resultat = f"Annulée : {motif.strip()}"
    action.save()
    alerter_apres_validation(action.tenant, "visite_prevention_a_replanifier")
    return action


def destinataires(adherent) -> list[str]:
    """The member's contacts for prevention appointments and its portal accounts."""
    adresses = list(Contact.objects.filter(adherent=adherent, role__in=DESTINATAIRES).exclude(email="")
                    .values_list("email", flat=True))
    adresses += AccesPortail.objects.filter(adherent=adherent).values_list("rattachement__utilisateur__email",
                                                                           flat=True)
    return sorted(set(adresses))


def _ecrire(action: ActionMilieuTravail, sujet: str, texte: str) -> list[str]:
    adresses = destinataires(action.adherent)
    if adresses:
        send_mail(subject=f"{sujet} : {action.type} le {_heure(action.debut)}",
                  message=(f"Bonjour,\n\n{texte}\n\n{action.type}{f' — {action.objet}' if action.objet else ''}\n"
                           f"Le {_heure(action.debut)}, durée prévue {action.duree_minutes} minutes, avec "
                           f"{action.intervenant.utilisateur.get_full_name()} "
                           f"({action.intervenant.get_role_display()}).\n\n{action.tenant.nom}"),
                  from_email=None, recipient_list=adresses)
    return adresses


def proposition_envoyer(action_id) -> list[str]:
    action = ActionMilieuTravail.objects.select_related("adherent", "type", "intervenant__utilisateur").get(
        pk=action_id)
    if action.statut != StatutAction.PROPOSEE:
        return []
    return _ecrire(action, "Proposition de rendez-vous",
                   "Le service vous propose un rendez-vous dans votre entreprise. Confirmez-le ou demandez une autre "
                   "date depuis votre portail adhérent, rubrique Prévention.")


def rappels_envoyer() -> int:
    """Recalls the confirmed visits of the coming days to the member, once each."""
    maintenant = timezone.now()
    envoyes = 0
    a_rappeler = (ActionMilieuTravail.objects.filter(statut=StatutAction.CONFIRMEE, rappel_envoye_le__isnull=True,
                                                     debut__gt=maintenant)
                  .select_related("adherent", "type", "intervenant__utilisateur", "tenant"))
    for action in a_rappeler:
        jours = (action.tenant.parametres or {}).get("rappel_visite_prevention_jours", RAPPEL_JOURS)
        if action.debut > maintenant + timedelta(days=jours):
            continue
        _ecrire(action, "Rappel de rendez-vous", "Nous vous rappelons le rendez-vous prévu dans votre entreprise.")
        ActionMilieuTravail.objects.filter(pk=action.pk).update(rappel_envoye_le=maintenant)
        envoyes += 1
    return envoyes
