"""Recording a visit: its medical part, its outcome document (PDF, without medical detail), and
the nurse's referral to the physician. Only the physicians and nurses of the worker's team
record, a nurse only under a protocol in force (``delegation.habilitation``)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from spsti.pdf import pdf_depuis_gabarit
from spsti.permissions import Role, peut_lire_dossier_medical
from spsti.tasks import alerter_apres_validation
from webhooks import evenements as webhooks
from webhooks.models import TypeEvenement

from . import rules
from .delegation import habilitation
from .models import (
    STATUTS_A_VENIR,
    DocumentSuivi,
    Echeance,
    ExamenVisite,
    ModeRealisation,
    NatureDocument,
    StatutVisite,
    Visite,
)

VISITES_SANS_APTITUDE = {rules.TypeVisite.VIP_INITIALE, rules.TypeVisite.VIP_PERIODIQUE, rules.TypeVisite.VIP_TNS}


def verifier_nature(par, visite: Visite, nature: str) -> None:
    """R4623-14: only the physician gives an opinion (avis); R4624-25: the SIR aptitude
    examination ends with one; R4624-14: a VIP ends with an attestation, never an aptitude."""
    if par.role == Role.INFIRMIER and nature != NatureDocument.ATTESTATION_SUIVI:
        raise ValidationError({"nature": "Seul le médecin du travail émet un avis d'aptitude ou d'inaptitude "
                                         "(R4623-14) : l'infirmier·e remet une attestation de suivi."})
    if visite.type in rules.VISITES_APTITUDE and nature == NatureDocument.ATTESTATION_SUIVI:
        raise ValidationError({"nature": "L'examen médical d'aptitude conclut par un avis d'aptitude ou "
                                         "d'inaptitude (R4624-25)."})
    if visite.type in VISITES_SANS_APTITUDE and nature == NatureDocument.AVIS_APTITUDE:
        raise ValidationError({"nature": "Une VIP donne lieu à une attestation de suivi, pas à un avis d'aptitude "
                                         "(R4624-14)."})


def nature_permise(par, visite: Visite, nature: str) -> bool:
    """Whether ``par`` may end this visit with this document (forms offer only those)."""
    try:
        verifier_nature(par, visite, nature)
    except ValidationError:
        return False
    return True


def _verifier_auteur(par, visite: Visite):
    if not peut_lire_dossier_medical(par, visite.salarie):
        raise PermissionDenied("Seuls les médecins et infirmiers de l'équipe du salarié enregistrent une visite.")
    if visite.statut not in STATUTS_A_VENIR:
        raise ValidationError(f"Cette visite est déjà {visite.get_statut_display().lower()}.")
    if visite.debut and timezone.localtime(visite.debut).date() > timezone.localdate():
        raise ValidationError("La visite n'a pas encore eu lieu : elle s'enregistre le jour même ou après.")
    return habilitation(par, visite.salarie, visite.type, timezone.localdate())


@transaction.atomic
def visite_realiser(*, visite: Visite, par, examen: dict, nature: str, propositions: str = "",
                    consentement_teleconsultation: bool = False) -> DocumentSuivi:
    """Records the visit as done by ``par``: the medical part, then the outcome document."""
    protocole = _verifier_auteur(par, visite)
    verifier_nature(par, visite, nature)
    if visite.mode == ModeRealisation.TELECONSULTATION and not consentement_teleconsultation:
        raise ValidationError({"consentement_teleconsultation": "Sans le consentement du salarié, consigné au "
                                                                "dossier médical, la visite se fait en présentiel "
                                                                "(R4624-41-1)."})
    visite.statut, visite.professionnel, visite.protocole = StatutVisite.REALISEE, par, protocole
    visite.date = timezone.localtime(visite.debut).date() if visite.debut else timezone.localdate()
    visite.consentement_teleconsultation = consentement_teleconsultation
    visite.save()  # recomputes the worker's due list (signal)
    examen = ExamenVisite.objects.create(tenant=visite.tenant, visite=visite, **examen)
    if rules.orientation_sans_delai(visite.type, par.role, tuple(visite.salarie.motifs_categorie),
                                    examen.enceinte_ou_allaitante):
        visite_orienter_vers_medecin(visite=visite, par=par)
    return document_emettre(visite=visite, par=par, nature=nature, propositions=propositions)


def document_emettre(*, visite: Visite, par, nature: str, propositions: str) -> DocumentSuivi:
    document = DocumentSuivi(tenant=visite.tenant, visite=visite, nature=nature, propositions=propositions.strip(),
                             emis_par=par, emis_le=timezone.now())
    numero = f"{visite.pk}-{DocumentSuivi.objects.filter(visite=visite).count() + 1}"
    emploi = next((e for e in visite.salarie.emplois.all() if e.adherent_id == visite.salarie.adherent_id), None)
    contenu = pdf_depuis_gabarit("suivi_individuel/pdf/document_suivi.html", {
        "document": document, "visite": visite, "service": visite.tenant, "numero": numero,
        "emis_le": timezone.localtime(document.emis_le), "poste": emploi.poste if emploi else "",
        "prochaine": Echeance.objects.filter(salarie=visite.salarie, obligatoire=True)
        .order_by("au_plus_tard").first()})
    document.pdf.save(f"{nature}-{numero}.pdf", ContentFile(contenu), save=False)
    document.save()
    webhooks.evenement(visite.tenant, TypeEvenement.DOCUMENT_DISPONIBLE, adherent_id=visite.salarie.adherent_id,
                       donnees=webhooks.document(document))
    return document


@transaction.atomic
def visite_orienter_vers_medecin(*, visite: Visite, par) -> Visite:
    """A nurse refers the worker to the physician (R4623-14): the physician's visit, to schedule."""
    if par.role != Role.INFIRMIER or not peut_lire_dossier_medical(par, visite.salarie):
        raise PermissionDenied("Seul·e un·e infirmier·e de l'équipe du salarié oriente vers le médecin.")
    medecin = visite.protocole.medecin if visite.protocole_id else None
    if medecin is None:
        medecin = (visite.salarie.adherent.medecin
                   or par.equipe.rattachements.filter(role=Role.MEDECIN, actif=True).first())
    orientation = Visite.objects.create(
        tenant=visite.tenant, salarie=visite.salarie, type=rules.TypeVisite.DEMANDE_MEDECIN,
        statut=StatutVisite.A_PLANIFIER, professionnel=medecin, orientee_depuis=visite, demandee_par=par,
        demandee_le=timezone.now())
    alerter_apres_validation(visite.tenant, "visite_a_planifier")
    return orientation


def visite_orienter_vers_pdp(*, visite: Visite, par, description: str = ""):
    """The physician or nurse signals the worker to the PDP cell from the visit (one click)."""
    from cellule_pdp.services import signalement_depuis_visite

    if not peut_lire_dossier_medical(par, visite.salarie):
        raise PermissionDenied("Seuls les médecins et infirmiers de l'équipe du salarié orientent vers la cellule PDP.")
    if visite.statut != StatutVisite.REALISEE:
        raise ValidationError("Seule une visite réalisée permet d'orienter le salarié vers la cellule PDP.")
    if visite.signalements_pdp.exists():
        raise ValidationError("Le salarié a déjà été signalé à la cellule PDP depuis cette visite.")
    return signalement_depuis_visite(visite=visite, par=par, description=description)
