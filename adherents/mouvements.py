"""Hires and leavers one at a time (the portal API: HR software declaring as it goes), by the
rules of the workforce declaration: each movement is one declaration row, checked by
``declarations.valider_ligne``, matched by ``declarations.rapprocher`` (NIR, then name and birth
date, namesakes refused) and written by the declaration's own writer under the member's lock
(history with its author, the due list recomputed at once: the initial visit is due as soon
as the hire is recorded). What the service decides stays its own: a known worker's category
that differs from the declared one becomes a proposal to the worker's team."""

from django.core.exceptions import ValidationError
from django.db import transaction

from . import declarations
from .models import Emploi, MotifSortie, PropositionCategorie, Salarie

# The declaration's column for the reasons is ``motifs``; the API's, like the worker's, ``motifs_categorie``.
NOMS_API = {"motifs": "motifs_categorie"}
JUSTIFICATION_EMBAUCHE = "Catégorie déclarée à l'embauche par le logiciel de l'employeur (API du portail)."


def _refus(erreurs: dict[str, list[str]]) -> ValidationError:
    return ValidationError({NOMS_API.get(champ, champ): messages for champ, messages in erreurs.items()})


def _ligne_verifiee(valeurs: dict) -> declarations.Ligne:
    """The row's values by the declaration's rules (``valider_ligne``), or their refusal."""
    donnees, erreurs = declarations.valider_ligne(valeurs)
    if erreurs:
        raise _refus(erreurs)
    return declarations.Ligne(1, donnees)


@transaction.atomic
def embaucher(*, adherent, valeurs: dict, par) -> tuple[Emploi, PropositionCategorie | None]:
    """A hire (``valeurs``: the declaration's columns but ``date_sortie``). Refused when the
    worker is already present at this member; a worker known to the service keeps its category
    until its team decides on the declared one."""
    declarations.verrouiller(adherent)
    ligne = declarations.rapprocher(adherent, [_ligne_verifiee({**valeurs, "date_sortie": ""})]).lignes[0]
    if ligne.erreurs:
        raise _refus(ligne.erreurs)
    precedent, d, salarie = ligne.emploi, ligne.donnees, ligne.salarie
    if precedent is not None and precedent.date_sortie is None:
        raise ValidationError(f"{salarie} est déjà présent·e chez cet adhérent (embauche du "
                              f"{precedent.date_embauche:%d/%m/%Y}) : déclarez d'abord sa sortie.")
    if precedent is not None and d["date_embauche"] <= precedent.date_sortie:
        raise ValidationError({"date_embauche": f"La nouvelle embauche doit suivre la dernière sortie de {salarie} "
                                                f"({precedent.date_sortie:%d/%m/%Y})."})
    ligne.emploi, ligne.action = None, "creation" if salarie is None else "emploi"
    proposition = None
    if salarie is not None and (salarie.categorie, salarie.motifs_categorie) != (d["categorie"], d["motifs"]):
        proposition = PropositionCategorie.objects.create(
            tenant=adherent.tenant, salarie=salarie, adherent=adherent, proposee_par=par, categorie=d["categorie"],
            motifs_categorie=d["motifs"], justification=JUSTIFICATION_EMBAUCHE)
        d["categorie"], d["motifs"] = salarie.categorie, salarie.motifs_categorie
    declarations.ecrire(adherent, declarations.Analyse([ligne]), par)
    return ligne.emploi, proposition


@transaction.atomic
def sortir(*, adherent, salarie: Salarie, date_sortie, motif_sortie: str, par) -> Emploi:
    """A leaver: the worker's current employment at this member ends (never deleted). The
    declaration's row of the worker as it is, with its leaving date, goes through its rules."""
    declarations.verrouiller(adherent)
    emploi = (Emploi.objects.filter(adherent=adherent, salarie=salarie, date_sortie__isnull=True)
              .select_related("salarie").first())
    if emploi is None:
        raise ValidationError({"salarie": f"{salarie} n'est pas présent·e chez cet adhérent."})
    if motif_sortie not in ("", *MotifSortie.values):
        raise ValidationError({"motif_sortie": f"« {motif_sortie} » n'est pas un motif de sortie "
                                               f"({', '.join(MotifSortie.values)})."})
    if not date_sortie:
        raise ValidationError({"date_sortie": "Ce champ est obligatoire."})
    ligne = _ligne_verifiee(dict(zip(declarations.COLONNES, declarations.ligne_de(emploi, sortie=date_sortie),
                                     strict=True)))
    ligne.salarie, ligne.emploi, ligne.action = salarie, emploi, "sortie"
    emploi.motif_sortie = motif_sortie or emploi.motif_sortie
    declarations.ecrire(adherent, declarations.Analyse([ligne]), par)
    return emploi
