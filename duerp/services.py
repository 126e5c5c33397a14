"""Write operations of DUERP support and of the Relais de prévention."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min, Sum
from django.utils import timezone

from adherents.models import Adherent

from . import rules
from .models import (
    MODULE_PAR_PROGRAMME,
    ActionPlan,
    DocumentDUERP,
    Inscription,
    RelaisPrevention,
    SessionCollective,
    StatutSession,
)

FORMATS_DUERP = {".pdf", ".odt", ".ods", ".doc", ".docx", ".xls", ".xlsx", ".csv"}
TAILLE_MAX_DUERP = 20 * 1024 * 1024


@transaction.atomic
def inscription_creer(*, session: SessionCollective, adherent: Adherent, participants: int = 1, noms: str = "",
                      par=None) -> Inscription:
    """Registers a member to a coming session, within its places."""
    session = SessionCollective.objects.select_for_update().get(pk=session.pk)  # places taken one at a time
    if session.statut != StatutSession.PROGRAMMEE or session.debut <= timezone.now():
        raise ValidationError("Les inscriptions à cette session sont closes.")
    if Inscription.objects.filter(session=session, adherent=adherent).exists():
        raise ValidationError("Cette entreprise est déjà inscrite à cette session.")
    prises = Inscription.objects.filter(session=session).aggregate(n=Sum("participants"))["n"] or 0
    if prises + participants > session.capacite:
        restantes = session.capacite - prises
        raise ValidationError({"participants": f"Il reste {restantes} place(s) sur cette session." if restantes
                               else "Cette session est complète."})
    inscription = Inscription(tenant=session.tenant, session=session, adherent=adherent, participants=participants,
                              noms=noms.strip(), inscrite_par=par)
    inscription.full_clean()
    inscription.save()
    return inscription


def places_restantes(session: SessionCollective) -> int:
    prises = session.inscriptions.aggregate(n=Sum("participants"))["n"] or 0
    return max(session.capacite - prises, 0)


@transaction.atomic
def presences_enregistrer(*, session: SessionCollective, presents: set[int]) -> SessionCollective:
    """Attendance once the session has taken place: the registrations in ``presents`` attended,
    the others did not; the session is held."""
    if session.statut == StatutSession.ANNULEE:
        raise ValidationError("Cette session a été annulée.")
    if session.debut > timezone.now():
        raise ValidationError("La session n'a pas encore eu lieu.")
    for inscription in session.inscriptions.all():
        inscription.present = inscription.pk in presents
        inscription.save()
    session.statut = StatutSession.TENUE
    session.save()
    return session


@transaction.atomic
def duerp_deposer(*, adherent: Adherent, fichier, mis_a_jour_le, par, commentaire: str = "") -> DocumentDUERP:
    """Files a new version of the member's DUERP; the previous ones stay (L4121-3-1)."""
    Adherent.objects.select_for_update().get(pk=adherent.pk)  # one version number at a time
    if Path(fichier.name).suffix.lower() not in FORMATS_DUERP:
        raise ValidationError({"fichier": "Déposez le DUERP en PDF, en traitement de texte ou en tableur "
                                          "(pdf, odt, ods, doc, docx, xls, xlsx, csv)."})
    if fichier.size > TAILLE_MAX_DUERP:
        raise ValidationError({"fichier": "Le fichier dépasse 20 Mo."})
    if mis_a_jour_le > timezone.localdate():
        raise ValidationError({"mis_a_jour_le": "La date de mise à jour ne peut être à venir."})
    version = (DocumentDUERP.objects.filter(adherent=adherent).aggregate(v=Max("version"))["v"] or 0) + 1
    document = DocumentDUERP(tenant=adherent.tenant, adherent=adherent, version=version, fichier=fichier,
                             mis_a_jour_le=mis_a_jour_le, depose_par=par, commentaire=commentaire.strip())
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def relais_signer_contrat(*, relais: RelaisPrevention, par) -> RelaisPrevention:
    """The employer signs the commitment contract (from the portal): four modules within two
    years, its DUERP, its progress points."""
    if relais.contrat_signe_le or relais.abandonnee_le:
        raise ValidationError("Ce contrat est déjà signé ou la démarche a été abandonnée.")
    relais.contrat_signe_le, relais.contrat_signe_par = timezone.localdate(), par
    relais.full_clean()
    relais.save()
    return relais


def etat_relais(relais: RelaisPrevention) -> rules.EtatRelais:
    """The Relais' path as the label rule reads it: modules attended after the contract, a DUERP
    filed after it, its progress points, its visit."""
    modules, duerp_le = {}, None
    if relais.contrat_signe_le:
        suivis = (Inscription.objects.filter(adherent=relais.adherent, present=True,
                                             session__programme__in=list(MODULE_PAR_PROGRAMME),
                                             session__debut__date__gte=relais.contrat_signe_le)
                  .values("session__programme").annotate(premier=Min("session__debut")))
        modules = {MODULE_PAR_PROGRAMME[s["session__programme"]]: timezone.localtime(s["premier"]).date()
                   for s in suivis}
        duerp_le = (DocumentDUERP.objects.filter(adherent=relais.adherent,
                                                 depose_le__date__gte=relais.contrat_signe_le)
                    .aggregate(d=Min("mis_a_jour_le"))["d"])
    points = ActionPlan.objects.filter(plan__relais=relais, prioritaire=True).count()
    return rules.EtatRelais(relais.contrat_signe_le, modules, duerp_le, points, relais.visite_le)


@transaction.atomic
def relais_labelliser(*, relais: RelaisPrevention) -> RelaisPrevention:
    """Awards the label once nothing is missing."""
    if relais.label_le:
        raise ValidationError("Le label a déjà été obtenu.")
    manques = rules.manques_pour_label(etat_relais(relais))
    if manques:
        raise ValidationError("Il manque pour le label : " + " ; ".join(manques) + ".")
    relais.label_le = timezone.localdate()
    relais.save()
    return relais
