"""Reads of the PDP cell. Files are read through ``dossiers_visibles`` (the policy's scope) and
``dossier_lu`` (one file, the read logged like a medical record's)."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, Max, OuterRef
from django.http import Http404
from django.utils import timezone

from adherents.models import Emploi, Salarie
from spsti.models import AccesDossierMedical
from spsti.permissions import ROLES_MEDICAUX, est_membre_cellule_pdp, peut_voir_dossier_pdp
from suivi_individuel.models import ArretTravail, DocumentSuivi, ExamenVisite, StatutVisite, Visite

from . import rules
from .models import Consentement, DossierPDP, Ecart, EntreeJournal, Reunion

DELAI_SANS_ACTION_JOURS = 60  # seed 001: the cell meets monthly; two meetings without action flag a file


def dossiers_visibles(rattachement):
    """The files ``rattachement`` may see: all for the cell's members, those of the team's workers
    for its physicians and nurses, none for anyone else."""
    if est_membre_cellule_pdp(rattachement):
        return DossierPDP.objects.all()
    if rattachement.role in ROLES_MEDICAUX and rattachement.equipe_id:
        return DossierPDP.objects.filter(salarie__adherent__equipe_id=rattachement.equipe_id)
    return DossierPDP.objects.none()


def dossier_lu(*, rattachement, pk: int, origine: str) -> DossierPDP:
    """One file, its read logged (granted or refused); another service's file, or one the
    policy hides, is a 404."""
    dossier = DossierPDP.objects.select_related(
        "salarie__adherent__code_naf", "adherent", "medecin__utilisateur", "avancement", "issue").filter(pk=pk).first()
    if dossier is None:
        raise Http404("Dossier introuvable.")
    accorde = peut_voir_dossier_pdp(rattachement, dossier)
    AccesDossierMedical.journaliser(rattachement=rattachement, salarie=dossier.salarie, origine=origine,
                                    accorde=accorde)
    if not accorde:
        raise Http404("Dossier introuvable.")
    return dossier


def consentement_en_vigueur(dossier: DossierPDP) -> Consentement | None:
    """The latest consent, unless withdrawn: a new consent replaces the previous one."""
    dernier = max(dossier.consentements.all(), key=lambda c: (c.recueilli_le, c.pk), default=None)
    return dernier if dernier and not dernier.retire_le else None


def reglages_reperage(service) -> rules.ReglagesReperage:
    return rules.ReglagesReperage(**(service.parametres or {}).get("reperage_pdp", {}))


def delai_sans_action(service) -> int:
    return int((service.parametres or {}).get("delai_sans_action_pdp_jours") or DELAI_SANS_ACTION_JOURS)


# --- The meeting's agenda --------------------------------------------------------------------------------------------


@dataclass
class PointOrdreDuJour:
    dossier: DossierPDP
    nouveautes: list[EntreeJournal] = field(default_factory=list)
    derniere_action: date | None = None
    sans_action: bool = False


def ordre_du_jour(service, aujourd_hui: date | None = None) -> tuple[Reunion | None, list[PointOrdreDuJour]]:
    """The open files for the next meeting: what changed since the last one, and those without
    any action for the service's delay (stale ones first)."""
    aujourd_hui = aujourd_hui or timezone.localdate()
    precedente = Reunion.objects.filter(date__lt=aujourd_hui).order_by("-date").first()
    depuis = precedente.date if precedente else date.min
    dossiers = list(DossierPDP.objects.filter(clos_le__isnull=True)
                    .select_related("salarie__adherent", "medecin__utilisateur", "avancement")
                    .annotate(derniere=Max("journal__date")).order_by("numero"))
    nouveautes = {}
    for entree in (EntreeJournal.objects.filter(dossier__in=dossiers, date__date__gte=depuis)
                   .select_related("auteur__utilisateur").order_by("date")):
        nouveautes.setdefault(entree.dossier_id, []).append(entree)
    delai = delai_sans_action(service)
    points = []
    for dossier in dossiers:
        derniere = timezone.localdate(dossier.derniere) if dossier.derniere else dossier.ouvert_le
        points.append(PointOrdreDuJour(dossier, nouveautes.get(dossier.pk, []), derniere,
                                       rules.sans_action(derniere, aujourd_hui, delai)))
    points.sort(key=lambda p: (not p.sans_action, p.dossier.numero))
    return precedente, points


# --- Early detection -------------------------------------------------------------------------------------------------


@dataclass
class Repere:
    salarie: Salarie
    criteres: list[str]


def reperage(rattachement, aujourd_hui: date | None = None) -> list[Repere]:
    """The workers the service's criteria propose to the physician's review: currently employed,
    without an open file, not set aside. Medical roles see their team's workers, the cell all."""
    aujourd_hui = aujourd_hui or timezone.localdate()
    r = reglages_reperage(rattachement.tenant)
    il_y_a_12_mois, il_y_a_24_mois = rules.fenetre(aujourd_hui, 12), rules.fenetre(aujourd_hui, 24)
    restriction = DocumentSuivi.objects.filter(visite__salarie=OuterRef("pk"), emis_le__date__gte=il_y_a_24_mois
                                               ).exclude(propositions="")
    risque = ExamenVisite.objects.filter(visite__salarie=OuterRef("pk"), risque_desinsertion=True,
                                         visite__date__gte=il_y_a_12_mois)
    # the few workers with a recent stop, return visit, noted risk or restriction, found from those
    # rows (indexed, growing with them), not by testing every worker of the service
    candidats = [ArretTravail.objects.filter(reprise__gt=il_y_a_12_mois).order_by().values("salarie_id"),
                 Visite.objects.filter(type="reprise", statut=StatutVisite.REALISEE, date__gte=il_y_a_24_mois)
                 .order_by().values("salarie_id"),
                 ExamenVisite.objects.filter(risque_desinsertion=True, visite__date__gte=il_y_a_12_mois)
                 .order_by().values("visite__salarie_id")]
    if r.age_avec_restriction is not None:
        ne_avant = rules.fenetre(aujourd_hui, 12 * r.age_avec_restriction)
        candidats.append(DocumentSuivi.objects.filter(emis_le__date__gte=il_y_a_24_mois,
                                                      visite__salarie__date_naissance__lte=ne_avant)
                         .exclude(propositions="").order_by().values("visite__salarie_id"))
    salaries = (Salarie.objects.filter(pk__in=candidats[0].union(*candidats[1:]))
                .filter(Exists(Emploi.objects.filter(salarie=OuterRef("pk"), adherent=OuterRef("adherent"),
                                                     date_sortie__isnull=True)))
                .exclude(Exists(DossierPDP.objects.filter(salarie=OuterRef("pk"), clos_le__isnull=True)))
                .exclude(Exists(Ecart.objects.filter(salarie=OuterRef("pk"), jusqu_au__gte=aujourd_hui)))
                .annotate(restriction=Exists(restriction), risque=Exists(risque))
                .select_related("adherent").order_by("nom", "prenom"))
    if not est_membre_cellule_pdp(rattachement):
        salaries = salaries.filter(adherent__equipe_id=rattachement.equipe_id) if rattachement.equipe_id else []
    salaries = list(salaries)
    arrets, reprises = {}, {}
    for salarie_id, debut, fin in (ArretTravail.objects.filter(salarie__in=salaries, reprise__gt=il_y_a_12_mois)
                                   .values_list("salarie_id", "debut", "reprise")):
        arrets.setdefault(salarie_id, []).append((debut, fin))
    for salarie_id in (Visite.objects.filter(salarie__in=salaries, type="reprise", statut=StatutVisite.REALISEE,
                                             date__gte=il_y_a_24_mois).values_list("salarie_id", flat=True)):
        reprises[salarie_id] = reprises.get(salarie_id, 0) + 1
    reperes = []
    for salarie in salaries:
        situation = rules.Situation(salarie.date_naissance, salarie.restriction, tuple(arrets.get(salarie.pk, ())),
                                    reprises.get(salarie.pk, 0), salarie.risque)
        criteres = rules.criteres_reperage(situation, r, aujourd_hui)
        if criteres:
            reperes.append(Repere(salarie, criteres))
    return reperes



@dataclass
class SuiviEmployeur:
    """What an employer may see of one file: only what the worker's consent in force lets it."""

    dossier: DossierPDP
    informations: set[str]
    mesures: list = field(default_factory=list)


def suivi_pour_employeur(adherent) -> list[SuiviEmployeur]:
    """The member's workers' open files whose consent in force includes the employer."""
    suivis = []
    for dossier in (DossierPDP.objects.filter(adherent=adherent, clos_le__isnull=True)
                    .select_related("salarie", "avancement")
                    .prefetch_related("consentements", "mesures__accompagnement").order_by("numero")):
        consentement = consentement_en_vigueur(dossier)
        if consentement and consentement.employeur:
            informations = set(consentement.informations) - {rules.SANTE}
            mesures = list(dossier.mesures.all()) if "mesures" in informations else []
            suivis.append(SuiviEmployeur(dossier, informations, mesures))
    return suivis
