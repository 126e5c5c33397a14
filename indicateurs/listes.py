"""Drill-down: exactly the rows an indicator counted for a year and a breakdown cell, and the
columns each kind of row shows (and exports)."""

from django.db.models import Q

from .calcul import _axes, section_naf
from .models import Axe
from .registre import Periode


def _salarie(s):
    return f"{s.nom.upper()} {s.prenom}"


COLONNES = {
    "visites": [("Date", lambda v: v.date), ("Type", lambda v: v.get_type_display()),
                ("Salarié", lambda v: _salarie(v.salarie)), ("Adhérent", lambda v: v.salarie.adherent.raison_sociale),
                ("Professionnel", lambda v: v.professionnel.utilisateur.get_full_name() if v.professionnel else ""),
                ("Mode", lambda v: v.get_mode_display()), ("Statut", lambda v: v.get_statut_display())],
    "echeances": [("Au plus tard", lambda e: e.au_plus_tard), ("Type", lambda e: e.get_type_display()),
                  ("Salarié", lambda e: _salarie(e.salarie)),
                  ("Adhérent", lambda e: e.salarie.adherent.raison_sociale), ("Base légale", lambda e: e.base_legale)],
    "adherents": [("Adhérent", lambda a: a.raison_sociale), ("SIREN", lambda a: a.siren),
                  ("Effectif", lambda a: a.effectif), ("Équipe", lambda a: a.equipe.nom if a.equipe else ""),
                  ("Centre", lambda a: a.centre.nom if a.centre else "")],
    "salaries": [("Salarié", _salarie), ("Adhérent", lambda s: s.adherent.raison_sociale),
                 ("Catégorie de suivi", lambda s: s.get_categorie_display())],
    "personnel": [("Nom", lambda r: r.utilisateur.get_full_name()), ("Rôle", lambda r: r.get_role_display()),
                  ("Équipe", lambda r: r.equipe.nom if r.equipe else ""), ("Quotité", lambda r: r.quotite),
                  ("En poste depuis", lambda r: r.date_debut), ("Jusqu'au", lambda r: r.date_fin)],
}
RELATIONS = {
    "visites": ["salarie__adherent", "professionnel__utilisateur"],
    "echeances": ["salarie__adherent"],
    "adherents": ["equipe", "centre"],
    "salaries": ["adherent"],
    "personnel": ["utilisateur", "equipe"],
}


def lignes_comptees(indicateur, annee: int, axe: str = "", cle: str = ""):
    """The numerator's rows of the year, in the given breakdown cell (all without ``axe``)."""
    comptage = indicateur.comptage
    periode = Periode.annee(annee)
    lignes = comptage.comptees(periode)
    if axe:
        expression = _axes(comptage)[axe]
        if axe == Axe.NAF:
            lignes = lignes.annotate(_cle=expression)
            divisions = [f"{n:02d}" for n in range(100) if section_naf(f"{n:02d}") == cle]
            lignes = lignes.filter(_cle__in=divisions) if cle else lignes.filter(~Q(_cle__in=[
                f"{n:02d}" for n in range(100) if section_naf(f"{n:02d}")]) | Q(_cle__isnull=True))
        else:
            lignes = lignes.annotate(_cle=expression)
            vide = Q(_cle="") if axe == Axe.TRANCHE else Q(_cle__isnull=True)
            lignes = lignes.filter(_cle=cle) if cle else lignes.filter(vide)
    return lignes.select_related(*RELATIONS[comptage.liste]).order_by("pk").distinct()


def tableau(comptage, objets):
    """(headers, rows of values) of these objects."""
    colonnes = COLONNES[comptage.liste]
    return [titre for titre, _ in colonnes], [[f(o) for _, f in colonnes] for o in objets]
