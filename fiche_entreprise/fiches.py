"""The life of a fiche d'entreprise: a draft (the first, or a new version copied from the last
validated one), submitted to the physician, validated and signed by the physician, who freezes
it with its PDF (R4624-46 to R4624-48)."""

from collections import Counter
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from adherents.models import Adherent, CategorieSuivi, MotifCategorie, Salarie
from spsti.pdf import pdf_depuis_gabarit
from spsti.permissions import peut_valider_fiche
from spsti.tasks import alerter_apres_validation

from .models import (
    MOTIFS_SUIVI_PAR_FAMILLE,
    FicheEntreprise,
    Mesurage,
    PhotoFiche,
    RisqueUnite,
    StatutAction,
    StatutFiche,
    UniteTravail,
)

CHAMPS_RECOPIES = ["description_activite", "organisation_prevention", "effectif", "priorite_1", "priorite_2",
                   "priorite_3"]
ANCIENNETE_MESURAGES = timedelta(days=4 * 365)


def fiches_du_perimetre(adherent, etablissement=None):
    return FicheEntreprise.objects.filter(adherent=adherent, etablissement=etablissement)


@transaction.atomic
def fiche_creer(*, adherent: Adherent, par, etablissement=None) -> FicheEntreprise:
    """Opens the FE being drafted for the member (or establishment): version 1, or the next
    version copied from the last validated one. One draft at a time."""
    Adherent.objects.select_for_update().get(pk=adherent.pk)  # one new version at a time
    if etablissement is not None and etablissement.adherent_id != adherent.pk:
        raise ValidationError({"etablissement": "Cet établissement n'est pas celui de l'adhérent."})
    perimetre = fiches_du_perimetre(adherent, etablissement)
    en_cours = perimetre.exclude(statut=StatutFiche.VALIDEE).first()
    if en_cours:
        raise ValidationError(f"La version {en_cours.version} est déjà en cours de rédaction : complétez-la.")
    precedente = perimetre.filter(statut=StatutFiche.VALIDEE).order_by("-version").first()
    fiche = FicheEntreprise(tenant=adherent.tenant, adherent=adherent, etablissement=etablissement,
                            version=(precedente.version + 1) if precedente else 1, precedente=precedente,
                            redigee_par=par, effectif=(etablissement or adherent).effectif)
    for champ in CHAMPS_RECOPIES if precedente else ():
        setattr(fiche, champ, getattr(precedente, champ))
    fiche.full_clean()
    fiche.save()
    if precedente:
        _recopier_contenu(precedente, fiche)
    return fiche


def _recopier_contenu(source: FicheEntreprise, cible: FicheEntreprise) -> None:
    """The new version starts from the last one: its work units, hazards and photos (the photo
    files are shared: nothing of the validated version changes)."""
    nouvelles_unites = {}
    for unite in source.unites.all():
        ancienne = unite.pk
        unite.pk, unite.fiche = None, cible
        unite.save()
        nouvelles_unites[ancienne] = unite
    for risque in RisqueUnite.objects.filter(unite__fiche=source):
        risque.pk, risque.unite = None, nouvelles_unites[risque.unite_id]
        risque.save()
    for photo in source.photos.all():
        photo.pk, photo.fiche = None, cible
        photo.unite = nouvelles_unites.get(photo.unite_id)
        photo.save()


def manques(fiche: FicheEntreprise) -> list[str]:
    """What the FE lacks before the physician can validate it."""
    manquants = []
    if not fiche.description_activite.strip():
        manquants.append("la description de l'activité")
    unites = list(fiche.unites.all())
    if not unites:
        manquants.append("au moins une unité de travail")
    elif not RisqueUnite.objects.filter(unite__fiche=fiche).exists():
        manquants.append("au moins un risque repéré")
    if len(fiche.priorites) < 3:
        manquants.append("les trois recommandations prioritaires du service")
    return manquants


def _verifier_complete(fiche):
    manquants = manques(fiche)
    if manquants:
        raise ValidationError("La fiche n'est pas complète : il manque " + ", ".join(manquants) + ".")


@transaction.atomic
def fiche_soumettre(*, fiche: FicheEntreprise, par) -> FicheEntreprise:
    """The drafter hands the FE to the physician (who gets an alert)."""
    if fiche.statut != StatutFiche.BROUILLON:
        raise ValidationError("Seule une fiche en rédaction se soumet au médecin.")
    _verifier_complete(fiche)
    fiche.statut, fiche.soumise_le = StatutFiche.A_VALIDER, timezone.now()
    fiche.save()
    alerter_apres_validation(fiche.tenant, "fiche_a_valider")
    return fiche


@transaction.atomic
def fiche_valider(*, fiche: FicheEntreprise, par) -> FicheEntreprise:
    """The physician validates and signs the FE: it is frozen with its PDF, the member sees it in
    the portal, its deadlines move on (signal)."""
    fiche = FicheEntreprise.objects.select_for_update(of=("self",)).select_related(
        "adherent", "etablissement").get(pk=fiche.pk)
    if not peut_valider_fiche(par, fiche):
        raise PermissionDenied("Seul le médecin du travail de l'adhérent (ou de son équipe) valide la fiche.")
    if fiche.validee:
        raise ValidationError("Cette fiche est déjà validée.")
    _verifier_complete(fiche)
    fiche.statut, fiche.validee_le, fiche.validee_par = StatutFiche.VALIDEE, timezone.now(), par
    fiche.categories_suivi = categories_suivi(fiche.adherent)
    contenu = pdf_depuis_gabarit("fiche_entreprise/pdf/fiche.html", contexte_fiche(fiche))
    fiche.pdf.save(f"{fiche.reference}.pdf", ContentFile(contenu), save=False)
    fiche.save()
    alerter_apres_validation(fiche.tenant, "fiche_a_valider", "fiche_entreprise_a_faire")
    return fiche


EXPOSITIONS = {motif for motifs in MOTIFS_SUIVI_PAR_FAMILLE.values() for motif in motifs}


def categories_suivi(adherent) -> dict:
    """The member's current workers by follow-up category, and by the exposure reasons of their
    SIR / SIA (never a reason about the person, never anything medical)."""
    salaries = list(Salarie.objects.filter(emplois__adherent=adherent, emplois__date_sortie__isnull=True)
                    .distinct().values_list("categorie", "motifs_categorie"))
    motifs = Counter(m for _, liste in salaries for m in liste if m in EXPOSITIONS)
    return {"categories": dict(Counter(c for c, _ in salaries)),
            "motifs": dict(sorted(motifs.items()))}


def categories_lisibles(releve: dict) -> dict:
    """The snapshot with labels, for the page and the PDF."""
    return {"categories": [(CategorieSuivi(c).label, releve.get("categories", {}).get(c, 0)) for c in CategorieSuivi],
            "motifs": [(MotifCategorie(m).label.split(" — ", 1)[-1], n) for m, n in releve.get("motifs", {}).items()]}


def mesurages_de_la_fiche(fiche: FicheEntreprise):
    """The measurements shown in the FE: the member's (or establishment's) workplace actions done
    within four years before the FE's validation (or today, for a draft)."""
    jour = timezone.localtime(fiche.validee_le).date() if fiche.validee_le else timezone.localdate()
    lignes = Mesurage.objects.filter(action__adherent=fiche.adherent, action__statut=StatutAction.REALISEE,
                                     action__date__range=(jour - ANCIENNETE_MESURAGES, jour))
    if fiche.etablissement_id:
        lignes = lignes.filter(action__etablissement__in=[fiche.etablissement_id, None])
    return lignes.select_related("type", "action").order_by("-action__date", "type__ordre", "pk")


def cartographie(unites: list[UniteTravail]) -> list[tuple]:
    """The map of hazards by work unit (seed 004: « cartographie par unité de travail reprenant la
    liste des dangers »): each hazard family found, with its exposure level in each unit."""
    familles = {}
    for position, unite in enumerate(unites):
        for risque in unite.risques.all():
            niveaux = familles.setdefault(risque.famille, [None] * len(unites))
            niveaux[position] = max(niveaux[position] or 0, risque.niveau)
    return sorted(familles.items(), key=lambda item: (-max(n or 0 for n in item[1]), item[0].ordre, item[0].libelle))


def contexte_fiche(fiche: FicheEntreprise) -> dict:
    """What the FE page and its PDF show: a validated FE its snapshot, a draft the current
    workforce."""
    releve = fiche.categories_suivi if fiche.validee else categories_suivi(fiche.adherent)
    unites = list(UniteTravail.objects.filter(fiche=fiche).prefetch_related("risques__famille"))
    for risque in (r for unite in unites for r in unite.risques.all()):
        risque.suivi = [f"{releve['motifs'][motif]} salarié(s) en {MotifCategorie(motif).label}"
                        for motif in MOTIFS_SUIVI_PAR_FAMILLE.get(risque.famille.code, [])
                        if releve.get("motifs", {}).get(motif)]
    photos = list(PhotoFiche.objects.filter(fiche=fiche).select_related("unite"))
    for photo in photos:  # the PDF reads the files directly
        photo.uri = Path(photo.image.path).as_uri()
    return {"fiche": fiche, "service": fiche.tenant, "unites": unites, "cartographie": cartographie(unites),
            "photos": photos, "mesurages": mesurages_de_la_fiche(fiche), "suivi": categories_lisibles(releve),
            "validee_le": timezone.localtime(fiche.validee_le) if fiche.validee_le else None}
