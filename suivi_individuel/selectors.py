"""Reads of medical content. The only way in: checks the policy and logs every attempt."""

from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.shortcuts import get_object_or_404
from django.utils import timezone

from adherents.models import Salarie
from spsti.models import AccesDossierMedical
from spsti.permissions import peut, peut_lire_dossier_medical

from .echeancier import avec_convocation
from .models import (
    ArretTravail,
    DocumentSuivi,
    DossierMedical,
    Echeance,
    ExamenVisite,
    StatutVisite,
    TransfertDMST,
    TypeVisite,
    Visite,
)


def dossier_medical_lu(*, rattachement, salarie_id: int, origine: str) -> DossierMedical:
    """The worker's medical record for ``rattachement``, read and logged.

    Another service's worker is a 404 (the scoped queryset does not find it); a worker of this
    service whose record the role may not read is a logged refusal (PermissionDenied)."""
    salarie = get_object_or_404(Salarie.objects.select_related("adherent"), pk=salarie_id)
    accorde = peut_lire_dossier_medical(rattachement, salarie)
    AccesDossierMedical.journaliser(rattachement=rattachement, salarie=salarie, origine=origine,
                                    accorde=accorde)
    if not accorde:
        raise PermissionDenied("Le dossier médical est réservé aux médecins et infirmiers de l'équipe du salarié.")
    dossier, _ = DossierMedical.objects.get_or_create(tenant=salarie.tenant, salarie=salarie)
    return dossier


def examen_lu(*, rattachement, visite, origine: str, pour_enregistrer=False) -> ExamenVisite | None:
    """The medical part of a visit for ``rattachement``, read and logged like the record it
    belongs to; PermissionDenied (logged) for anyone else. To record the visit, the reader must
    also be allowed to perform it (a nurse only under a protocol in force, R4623-14)."""
    accorde = (peut(rattachement, "enregistrer_visite", visite) if pour_enregistrer
               else peut_lire_dossier_medical(rattachement, visite.salarie))
    AccesDossierMedical.journaliser(rattachement=rattachement, salarie=visite.salarie, origine=origine,
                                    accorde=accorde)
    if not accorde:
        raise PermissionDenied("Seuls les médecins de l'équipe du salarié, et ses infirmiers sous protocole, "
                               "enregistrent cette visite." if pour_enregistrer else
                               "La partie médicale de la visite est réservée aux médecins et infirmiers de l'équipe.")
    return ExamenVisite.objects.filter(visite=visite).first()


def suivi_du_portail(adherent) -> dict:
    """The portal's follow-up blocks: coming convocations, the employer's requests waiting for
    one (not the team's own orientations), the latest absences declared and documents."""
    return {
        "demandes": Visite.objects.filter(salarie__adherent=adherent, statut=StatutVisite.A_PLANIFIER,
                                          type=TypeVisite.DEMANDE_EMPLOYEUR)
        .select_related("salarie").order_by("pk")[:50],
        "arrets": ArretTravail.objects.filter(salarie__adherent=adherent).select_related("salarie")
        .order_by("-reprise")[:10],
        "convocations": Visite.objects.filter(salarie__adherent=adherent, statut=StatutVisite.PLANIFIEE,
                                              debut__gte=timezone.now() - timezone.timedelta(hours=12))
        .select_related("salarie", "type_service", "disponibilite__centre").order_by("debut")[:50],
        "documents_suivi": DocumentSuivi.objects.filter(visite__salarie__adherent=adherent)
        .select_related("visite__salarie").order_by("-emis_le")[:50]}


def suivi_du_salarie(salarie) -> dict:
    """The worker's follow-up on its administrative record: due visits (with their booking),
    visits (administrative part), absences and outcome documents. Nothing medical."""
    return {
        "echeances": avec_convocation(Echeance.objects.filter(salarie=salarie)).order_by("au_plus_tard"),
        "visites": Visite.objects.filter(salarie=salarie).select_related("professionnel__utilisateur", "type_service")
        .order_by(F("debut").desc(nulls_first=True), F("date").desc(nulls_first=True))[:20],
        "arrets": ArretTravail.objects.filter(salarie=salarie).order_by("-debut"),
        "documents_suivi": DocumentSuivi.objects.filter(visite__salarie=salarie).order_by("-emis_le")[:10],
    }


def sections_du_dossier(dossier: DossierMedical) -> dict:
    """What fills the record's sections, from the data the service holds: employments and
    follow-up reasons (exposures), absences, visits with their outcome and conclusions,
    documents issued, visits due. Call only after ``dossier_medical_lu`` (the logged read)."""
    salarie = dossier.salarie
    visites = list(Visite.objects.filter(salarie=salarie).exclude(statut__in=[StatutVisite.A_PLANIFIER,
                                                                              StatutVisite.PLANIFIEE])
                   .select_related("professionnel__utilisateur", "type_service")
                   .order_by(F("date").desc(nulls_last=True), "-pk"))
    examens = {e.visite_id: e for e in ExamenVisite.objects.filter(visite__in=visites)}
    documents = list(DocumentSuivi.objects.filter(visite__salarie=salarie).select_related("emis_par__utilisateur")
                     .order_by("-emis_le"))
    issues = {}
    for document in documents:
        issues.setdefault(document.visite_id, document)
    for visite in visites:
        visite.examen, visite.issue = examens.get(visite.pk), issues.get(visite.pk)
    return {
        "emplois": salarie.emplois.select_related("adherent").order_by("-date_embauche"),
        "motifs": salarie.get_motifs_categorie_display(),
        "arrets": ArretTravail.objects.filter(salarie=salarie).order_by("-debut"),
        "visites": visites,
        "documents": documents,
        "a_venir": Visite.objects.filter(salarie=salarie, statut__in=[StatutVisite.A_PLANIFIER, StatutVisite.PLANIFIEE])
        .order_by(F("debut").asc(nulls_last=True)),
        "echeances": Echeance.objects.filter(salarie=salarie).order_by("au_plus_tard"),
        "transferts": TransfertDMST.objects.filter(salarie=salarie).select_related("par__utilisateur"),
        "aujourd_hui": timezone.localdate(),
    }
