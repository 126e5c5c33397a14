"""What the cell does with a file: take a signal, take the file up, orient, propose and follow
measures, record the consent and share within it, decide in meeting, close. Each action writes
the file's journal, which the meeting's agenda reads."""

from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from spsti.models import Service
from spsti.permissions import Role
from spsti.tasks import alerter_apres_validation

from . import rules
from .models import (
    AvancementPDP,
    Consentement,
    Decision,
    DossierPDP,
    EntreeJournal,
    Etape,
    NatureJournal,
    Partage,
    Signalement,
    Situation,
    SourceSignalement,
)
from .selectors import consentement_en_vigueur

# The entry indicator of a signal made from a visit (seed 001 § 2.1.2), by visit type.
SOURCE_PAR_TYPE_DE_VISITE = {
    "demande_salarie": "visite_demande", "demande_employeur": "visite_demande", "demande_medecin": "visite_demande",
    "reprise": "visite_reprise", "pre_reprise": "visite_reprise",
    "vip_periodique": "visite_periodique", "examen_aptitude_periodique": "visite_periodique",
    "intermediaire_sir": "visite_periodique", "mi_carriere": "visite_periodique",
}


def journal_ecrire(dossier: DossierPDP, par, texte: str, nature: str = NatureJournal.SUIVI,
                   le=None) -> EntreeJournal:
    """A journal entry, dated now (or ``le``, the day the event happened)."""
    return EntreeJournal.objects.create(tenant=dossier.tenant, dossier=dossier, auteur=par, nature=nature,
                                        texte=texte, date=le or timezone.now())


def _avancement(service, code: str) -> AvancementPDP:
    return AvancementPDP.par_code(service, code)


def _situation_actuelle(salarie) -> str:
    aujourd_hui = timezone.localdate()
    en_arret = salarie.arrets.filter(debut__lte=aujourd_hui, reprise__gt=aujourd_hui).exists()
    return Situation.ARRET if en_arret else Situation.EN_POSTE


@transaction.atomic
def signalement_creer(*, salarie, source: SourceSignalement, par=None, visite=None, partenaire=None,
                      description: str = "", recu_le=None) -> Signalement:
    """Records a signal; it joins the worker's open file, or opens a new one in the intake queue
    (numbered in the service's active file, followed by the member's physician, with the job and
    situation of the day)."""
    recu_le = recu_le or timezone.localdate()
    if recu_le > timezone.localdate():
        raise ValidationError({"recu_le": "Un signalement ne peut pas être daté de demain."})
    dossier = DossierPDP.objects.select_for_update().filter(salarie=salarie, clos_le__isnull=True).first()
    if dossier is None:
        Service.objects.select_for_update().get(pk=salarie.tenant_id)  # one new number at a time
        numero = (DossierPDP.objects.aggregate(dernier=Max("numero"))["dernier"] or 0) + 1
        medecin = salarie.adherent.medecin or (par if par is not None and par.role == Role.MEDECIN else None)
        emploi = salarie.emplois.filter(adherent=salarie.adherent, date_sortie__isnull=True).first()
        dossier = DossierPDP.objects.create(
            tenant=salarie.tenant, numero=numero, salarie=salarie, adherent=salarie.adherent, medecin=medecin,
            avancement=_avancement(salarie.tenant, "a_traiter"), ouvert_le=recu_le,
            metier=emploi.poste if emploi else "", situation=_situation_actuelle(salarie))
    signalement = Signalement.objects.create(tenant=salarie.tenant, dossier=dossier, salarie=salarie, source=source,
                                             recu_le=recu_le, visite=visite, partenaire=partenaire, signale_par=par,
                                             description=description.strip())
    journal_ecrire(dossier, par, f"Signalement reçu : {source}.", le=None if recu_le == timezone.localdate()
                   else timezone.make_aware(datetime.combine(recu_le, time(12))))
    alerter_apres_validation(salarie.tenant, "dossier_pdp_a_traiter")
    return signalement


def signalement_depuis_visite(*, visite, par, description: str = "") -> Signalement:
    """One click from the visit record: the source follows the visit type."""
    code = SOURCE_PAR_TYPE_DE_VISITE.get(visite.type, "visite_autre")
    return signalement_creer(salarie=visite.salarie, source=SourceSignalement.par_code(visite.tenant, code),
                             par=par, visite=visite, description=description)


@transaction.atomic
def dossier_prendre_en_charge(*, dossier: DossierPDP, par, le=None) -> DossierPDP:
    """The cell takes a file out of the intake queue (today, or on the day ``le`` it did): in
    progress, with a first review date."""
    if dossier.etape != Etape.A_TRAITER:
        raise ValidationError("Ce dossier est déjà pris en charge.")
    dossier.avancement = _avancement(dossier.tenant, "en_cours")
    jour = timezone.localdate(le) if le else timezone.localdate()
    dossier.prochaine_revue = dossier.prochaine_revue or rules.prochaine_revue_par_defaut(jour)
    dossier.save()
    dossier.intervenants.add(par)
    journal_ecrire(dossier, par, f"Dossier pris en charge par {par.utilisateur.get_full_name()}.", le=le)
    return dossier


@transaction.atomic
def dossier_clore(*, dossier: DossierPDP, par, issue, conclusion: str, clos_le=None) -> DossierPDP:
    """Closes a file with its exit outcome (column Q) and date (column P)."""
    clos_le = clos_le or timezone.localdate()
    if dossier.clos_le:
        raise ValidationError("Ce dossier est déjà clos.")
    if issue is None:
        raise ValidationError({"issue": "Indiquez l'issue de l'accompagnement."})
    if clos_le < dossier.ouvert_le or clos_le > timezone.localdate():
        raise ValidationError({"clos_le": "La clôture se date entre le signalement et aujourd'hui."})
    dossier.avancement = _avancement(dossier.tenant, "termine")
    dossier.issue, dossier.conclusion, dossier.clos_le = issue, conclusion.strip(), clos_le
    dossier.prochaine_revue = None
    dossier.full_clean()
    dossier.save()
    journal_ecrire(dossier, par, f"Dossier clos : {issue}.", NatureJournal.DECISION)
    return dossier


@transaction.atomic
def consentement_retirer(*, consentement: Consentement, par, le=None) -> Consentement:
    if consentement.retire_le:
        raise ValidationError("Ce consentement est déjà retiré.")
    consentement.retire_le = le or timezone.localdate()
    consentement.save()
    journal_ecrire(consentement.dossier, par, "Le salarié a retiré son consentement : plus aucun partage.")
    return consentement


@transaction.atomic
def partager(*, dossier: DossierPDP, par, partenaire, informations: list[str], objet: str) -> Partage:
    """Records what is shared with a partner or the employer (``partenaire`` None): only within
    the worker's consent in force."""
    consentement = consentement_en_vigueur(dossier)
    couvert = bool(consentement) and (consentement.employeur if partenaire is None
                                      else consentement.partenaires.filter(pk=partenaire.pk).exists())
    refus = rules.refus_de_partage(
        consentement_en_vigueur=consentement is not None, destinataire_couvert=couvert,
        informations=set(informations), informations_consenties=set(consentement.informations if consentement else ()),
        vers_employeur=partenaire is None)
    if refus:
        raise ValidationError(refus)
    partage = Partage.objects.create(tenant=dossier.tenant, dossier=dossier, partenaire=partenaire,
                                     consentement=consentement, informations=sorted(informations),
                                     objet=objet.strip(), par=par)
    journal_ecrire(dossier, par, f"Transmis à {partenaire or 'l’employeur'} : {objet.strip()} "
                                 f"({', '.join(partage.get_informations_display()).lower()}).", NatureJournal.PARTAGE)
    return partage


@transaction.atomic
def decision_enregistrer(*, reunion, dossier: DossierPDP, texte: str, par) -> Decision:
    decision = Decision(tenant=dossier.tenant, reunion=reunion, dossier=dossier, texte=texte.strip())
    decision.full_clean()
    decision.save()
    journal_ecrire(dossier, par, f"{reunion} : {decision.texte}", NatureJournal.DECISION)
    return decision
