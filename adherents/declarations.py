"""The yearly workforce declaration (déclaration d'effectifs) by file: read a CSV or XLSX,
check every row and column (French messages), show what would change, then apply all rows or
none. Re-importing the same file changes nothing; leavers are marked (leaving date), never
deleted. Export writes the same format."""

import unicodedata
from dataclasses import dataclass, field
from datetime import date

import tablib
from django import forms
from django.db import transaction

from spsti.plausibilite import ajouter_au_formulaire, erreurs_salarie
from spsti.validators import normaliser_nir, valider_nir

from .models import CategorieSuivi, DeclarationEffectifs, Emploi, Salarie, erreur_categorie

COLONNES = ["nom", "prenom", "date_naissance", "sexe", "nir", "poste", "code_pcs", "date_embauche",
            "date_sortie", "categorie", "motifs"]
OBLIGATOIRES = {"nom", "prenom", "date_naissance", "sexe", "date_embauche", "categorie"}
FORMATS_DATE = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"]


class FichierIllisible(Exception):
    """The file cannot be read as a declaration (format, encoding, columns): nothing is done."""


def _cle(entete) -> str:
    texte = unicodedata.normalize("NFKD", str(entete or "")).encode("ascii", "ignore").decode()
    return texte.strip().lower().replace(" ", "_").replace("'", "_").replace("-", "_")


def lire(nom: str, contenu: bytes) -> tablib.Dataset:
    if nom.lower().endswith(".xlsx"):
        try:
            donnees = tablib.Dataset().load(contenu, format="xlsx")
        except Exception as exc:
            raise FichierIllisible("Le fichier XLSX ne peut pas être lu : est-ce bien un classeur Excel ?") from exc
    elif nom.lower().endswith(".csv"):
        try:
            texte = contenu.decode("utf-8-sig")
        except UnicodeDecodeError:
            texte = contenu.decode("cp1252", errors="replace")  # Excel's "CSV (séparateur : point-virgule)"
        premiere = texte.splitlines()[0] if texte.strip() else ""
        separateur = ";" if premiere.count(";") > premiere.count(",") else ","  # French Excel writes ';'
        donnees = tablib.Dataset().load(texte, format="csv", delimiter=separateur)
    else:
        raise FichierIllisible("Format non pris en charge : déposez un fichier .csv ou .xlsx.")
    donnees.headers = [_cle(entete) for entete in donnees.headers or []]
    manquantes = sorted(OBLIGATOIRES - set(donnees.headers))
    if manquantes:
        raise FichierIllisible(f"Colonnes manquantes : {', '.join(manquantes)}. Colonnes attendues : "
                               f"{', '.join(COLONNES)}.")
    return donnees


class LigneForm(forms.Form):
    nom = forms.CharField(max_length=100)
    prenom = forms.CharField(max_length=100)
    date_naissance = forms.DateField(input_formats=FORMATS_DATE)
    sexe = forms.ChoiceField(choices=[("F", "F"), ("M", "M")])
    nir = forms.CharField(required=False, max_length=25)
    poste = forms.CharField(required=False, max_length=150)
    code_pcs = forms.CharField(required=False, max_length=6)
    date_embauche = forms.DateField(input_formats=FORMATS_DATE)
    date_sortie = forms.DateField(required=False, input_formats=FORMATS_DATE)
    categorie = forms.ChoiceField(choices=CategorieSuivi.choices)
    motifs = forms.CharField(required=False)

    def clean_sexe(self):
        return self.cleaned_data["sexe"].upper()

    def clean_nir(self):
        nir = normaliser_nir(self.cleaned_data["nir"])
        if nir:
            valider_nir(nir)
        return nir

    def clean_motifs(self):
        return [m.strip() for m in self.cleaned_data["motifs"].replace(";", ",").split(",") if m.strip()]

    def clean(self):
        donnees = super().clean()
        if "categorie" in donnees and "motifs" in donnees:
            erreur = erreur_categorie(donnees["categorie"], donnees["motifs"])
            if erreur:
                self.add_error("motifs", erreur)
        embauche, sortie = donnees.get("date_embauche"), donnees.get("date_sortie")
        ajouter_au_formulaire(self, erreurs_salarie(naissance=donnees.get("date_naissance"), embauche=embauche))
        if embauche and sortie and sortie < embauche:
            self.add_error("date_sortie", "La sortie ne peut précéder l'embauche.")
        return donnees


@dataclass
class Ligne:
    numero: int  # as in the spreadsheet: row 1 holds the headers
    donnees: dict
    erreurs: dict[str, list[str]] = field(default_factory=dict)
    action: str = ""
    salarie: Salarie | None = None
    emploi: Emploi | None = None


@dataclass
class Analyse:
    lignes: list[Ligne]

    @property
    def erreurs(self) -> list[tuple[int, str, str]]:
        return [(ligne.numero, colonne, message) for ligne in self.lignes
                for colonne, messages in ligne.erreurs.items() for message in messages]

    @property
    def valide(self) -> bool:
        return bool(self.lignes) and not self.erreurs

    def compter(self, action: str) -> int:
        return sum(1 for ligne in self.lignes if ligne.action == action)


ACTIONS = {"creation": "nouveau salarié", "emploi": "nouvel emploi d'un salarié connu", "mise_a_jour": "mis à jour",
           "sortie": "sortie enregistrée", "inchange": "inchangé"}


def _retrouver(adherent, donnees):
    """The same person, by NIR first (anywhere in the service), else by name and birth date
    among this member's workers."""
    if donnees["nir"]:
        salarie = Salarie.objects.filter(nir=donnees["nir"]).first()
        if salarie:
            return salarie
    return Salarie.objects.filter(emplois__adherent=adherent, nom__iexact=donnees["nom"],
                                  prenom__iexact=donnees["prenom"], date_naissance=donnees["date_naissance"]).first()


def analyser(adherent, donnees: tablib.Dataset) -> Analyse:
    lignes, vus = [], {}
    for numero, brut in enumerate(donnees.dict, start=2):
        valeurs = {colonne: ("" if brut.get(colonne) is None else brut.get(colonne)) for colonne in COLONNES}
        formulaire = LigneForm({cle: (v.date() if hasattr(v, "date") and not isinstance(v, date) else v)
                                for cle, v in valeurs.items()})
        ligne = Ligne(numero, valeurs)
        if not formulaire.is_valid():
            ligne.erreurs = {colonne: list(messages) for colonne, messages in formulaire.errors.items()}
            lignes.append(ligne)
            continue
        d = ligne.donnees = formulaire.cleaned_data
        identites = [(d["nom"].lower(), d["prenom"].lower(), d["date_naissance"])] + ([d["nir"]] if d["nir"] else [])
        deja = next((vus[identite] for identite in identites if identite in vus), None)
        if deja:
            ligne.erreurs = {"nom": [f"Même salarié qu'à la ligne {deja} : une ligne par salarié."]}
        vus.update({identite: numero for identite in identites if identite not in vus})
        ligne.salarie = _retrouver(adherent, d)
        ligne.emploi = ligne.salarie and ligne.salarie.emplois.filter(adherent=adherent).first()
        ligne.action = _action(ligne)
        lignes.append(ligne)
    return Analyse(lignes)


def _action(ligne: Ligne) -> str:
    d, salarie, emploi = ligne.donnees, ligne.salarie, ligne.emploi
    if salarie is None:
        return "creation"
    if emploi is None:
        return "emploi"
    identiques = (salarie.categorie == d["categorie"] and salarie.motifs_categorie == d["motifs"]
                  and emploi.poste == d["poste"] and emploi.code_pcs == d["code_pcs"]
                  and emploi.date_embauche == d["date_embauche"] and emploi.date_sortie == d["date_sortie"])
    if identiques:
        return "inchange"
    return "sortie" if d["date_sortie"] and emploi.date_sortie != d["date_sortie"] else "mise_a_jour"


def totaux(adherent) -> dict:
    presents = Salarie.objects.filter(emplois__adherent=adherent, emplois__date_sortie__isnull=True).distinct()
    compte = {categorie: presents.filter(categorie=categorie).count() for categorie in CategorieSuivi.values}
    return {**compte, "total": sum(compte.values())}


@transaction.atomic
def appliquer(*, adherent, analyse: Analyse, par, annee: int, fichier=None) -> DeclarationEffectifs:
    """All rows or none: called only on a valid analysis, inside one transaction."""
    if not analyse.valide:
        raise ValueError("Une déclaration contenant des erreurs ne s'applique pas.")
    for ligne in analyse.lignes:
        d = ligne.donnees
        if ligne.action == "inchange":
            continue
        salarie = ligne.salarie or Salarie(tenant=adherent.tenant, adherent=adherent, nom=d["nom"],
                                           prenom=d["prenom"], date_naissance=d["date_naissance"], sexe=d["sexe"],
                                           nir=d["nir"])
        salarie.categorie, salarie.motifs_categorie = d["categorie"], d["motifs"]
        if d["nir"] and not salarie.nir:
            salarie.nir = d["nir"]
        salarie.full_clean()
        salarie.save()
        emploi = ligne.emploi or Emploi(tenant=adherent.tenant, salarie=salarie, adherent=adherent)
        emploi.poste, emploi.code_pcs = d["poste"], d["code_pcs"]
        emploi.date_embauche, emploi.date_sortie = d["date_embauche"], d["date_sortie"]
        emploi.save()
    declaration = DeclarationEffectifs(tenant=adherent.tenant, adherent=adherent, annee=annee, deposee_par=par,
                                       totaux={**totaux(adherent), **{a: analyse.compter(a) for a in ACTIONS}})
    if fichier is not None:
        declaration.fichier.save(fichier.name, fichier, save=False)
    declaration.save()
    return declaration


def exporter(adherent) -> tablib.Dataset:
    """The member's workforce in the declaration format (re-importable as it is)."""
    donnees = tablib.Dataset(headers=COLONNES)
    for emploi in Emploi.objects.filter(adherent=adherent).select_related("salarie").order_by("salarie__nom"):
        s = emploi.salarie
        donnees.append([s.nom, s.prenom, f"{s.date_naissance:%d/%m/%Y}", s.sexe, s.nir, emploi.poste,
                        emploi.code_pcs, f"{emploi.date_embauche:%d/%m/%Y}",
                        f"{emploi.date_sortie:%d/%m/%Y}" if emploi.date_sortie else "", s.categorie,
                        ",".join(s.motifs_categorie)])
    return donnees


def lignes_du_formulaire(presents: list[Emploi], saisie, nouvelles: int) -> tuple[tablib.Dataset, dict[int, str]]:
    """The small members' form as declaration rows: each current worker as it is (with the leaving
    date typed, if any), then the new workers filled in. Returns the rows and a label per row
    number, for the error messages."""
    donnees, libelles = tablib.Dataset(headers=COLONNES), {}
    for emploi in presents:
        s = emploi.salarie
        donnees.append([s.nom, s.prenom, f"{s.date_naissance:%d/%m/%Y}", s.sexe, s.nir, emploi.poste,
                        emploi.code_pcs, f"{emploi.date_embauche:%d/%m/%Y}",
                        saisie.get(f"sortie-{emploi.pk}", "").strip(), s.categorie, ",".join(s.motifs_categorie)])
        libelles[len(donnees) + 1] = str(s)
    for rang in range(1, nouvelles + 1):
        ligne = [saisie.get(f"nouveau-{rang}-{colonne}", "").strip() for colonne in COLONNES]
        if any(ligne):
            donnees.append(ligne)
            libelles[len(donnees) + 1] = f"Nouveau salarié n° {rang}"
    return donnees, libelles
