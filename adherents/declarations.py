"""The yearly workforce declaration (déclaration d'effectifs) by file: read a CSV or XLSX,
check every row and column (French messages), show what would change, then apply all rows or
none. Re-importing the same file changes nothing; leavers are marked (leaving date), never
deleted. Export writes the same format."""

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import tablib
from django import forms
from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone

from spsti import televersements
from spsti.plausibilite import ajouter_au_formulaire, erreurs_salarie, erreurs_sortie
from spsti.tenancy import creer_avec_historique, historique_en_masse
from spsti.validators import incoherences_nir, normaliser_nir, valider_nir
from webhooks import evenements as webhooks
from webhooks.models import TypeEvenement

from . import effectifs
from .models import Adherent, CategorieSuivi, DeclarationEffectifs, Emploi, Salarie, erreur_categorie
from .periodes import dater_changements

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
    """The file's rows, read under the upload policy (size, type from the content, shape, time:
    ``spsti.televersements``)."""
    if not nom.lower().endswith((".csv", ".xlsx")):
        raise FichierIllisible("Format non pris en charge : déposez un fichier .csv ou .xlsx.")
    try:
        donnees = televersements.tableau(contenu)
    except televersements.FichierRefuse as exc:
        raise FichierIllisible(str(exc)) from exc
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
        if "nir" in donnees:
            for message in incoherences_nir(donnees["nir"], donnees.get("sexe"), donnees.get("date_naissance")):
                self.add_error("nir", message)
        ajouter_au_formulaire(self, erreurs_salarie(naissance=donnees.get("date_naissance"), embauche=embauche))
        ajouter_au_formulaire(self, erreurs_sortie(embauche, sortie))
        return donnees


class _ChampsPartages(dict):
    """The row form's fields, shared by every row's form rather than deep-copied for each (half
    of a 10,000-row check): checking a value changes nothing in a field."""

    def __deepcopy__(self, memo):
        return dict(self)


LigneForm.base_fields = _ChampsPartages(LigneForm.base_fields)


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


class DeclarationEnCours(ValueError):
    """Another declaration of the same member is being applied: this one is refused, nothing
    changed (it may be sent again once the other is done)."""

    def __init__(self):
        super().__init__("Une autre déclaration de cet adhérent est en cours d'application : rien n'a été "
                         "modifié, réessayez dans quelques instants.")


def valider_ligne(valeurs: dict) -> tuple[dict, dict[str, list[str]]]:
    """One row's values checked, without any query: (cleaned values, errors by column)."""
    formulaire = LigneForm({cle: (v.date() if hasattr(v, "date") and not isinstance(v, date) else v)
                            for cle, v in valeurs.items()})
    if not formulaire.is_valid():
        return valeurs, {colonne: list(messages) for colonne, messages in formulaire.errors.items()}
    return formulaire.cleaned_data, {}


@dataclass
class Connus:
    """The member's workers and their employments there, loaded once for a whole file (two
    queries), plus the service's workers holding a NIR of the file (one query)."""

    par_nir: dict[str, Salarie]
    par_identite: dict[tuple, list[Salarie]]
    emplois: dict[int, Emploi]

    @classmethod
    def charger(cls, adherent, nirs) -> "Connus":
        emplois, par_identite = {}, defaultdict(list)
        for emploi in (Emploi.objects.filter(adherent=adherent).select_related("salarie")
                       .order_by("salarie_id", "-date_embauche", "pk")):
            if emploi.salarie_id not in emplois:  # the latest hire, as ``emplois.first()`` gives
                emplois[emploi.salarie_id] = emploi
                s = emploi.salarie
                par_identite[(s.nom.lower(), s.prenom.lower(), s.date_naissance)].append(s)
        par_nir = {s.nir: s for s in Salarie.objects.filter(nir__in=set(nirs))} if nirs else {}
        for salarie in par_nir.values():  # one instance per worker, whichever way it is found
            emploi = emplois.get(salarie.pk)
            if emploi is not None:
                emploi.salarie = salarie
        return cls(par_nir, par_identite, emplois)

    def retrouver(self, d) -> tuple[Salarie | None, str | None]:
        """The same person, by NIR first (anywhere in the service), else by name and birth date
        among this member's workers; an error when namesakes make the name ambiguous."""
        if d["nir"] and d["nir"] in self.par_nir:
            return self.par_nir[d["nir"]], None
        homonymes = self.par_identite.get((d["nom"].lower(), d["prenom"].lower(), d["date_naissance"]), [])
        if len(homonymes) > 1:
            return None, (f"{len(homonymes)} salariés de l'adhérent portent ce nom, ce prénom et cette date de "
                          "naissance : indiquez le NIR pour désigner le bon.")
        return (homonymes[0] if homonymes else None), None


def analyser(adherent, donnees: tablib.Dataset) -> Analyse:
    """Every row checked (``valider_ligne``) and matched against the member's workers loaded
    once: a constant number of queries whatever the file's length."""
    lignes = []
    for numero, brut in enumerate(donnees.dict, start=2):
        valeurs = {colonne: ("" if brut.get(colonne) is None else brut.get(colonne)) for colonne in COLONNES}
        ligne = Ligne(numero, valeurs)
        ligne.donnees, ligne.erreurs = valider_ligne(valeurs)
        lignes.append(ligne)
    return rapprocher(adherent, lignes)


def rapprocher(adherent, lignes: list["Ligne"]) -> "Analyse":
    """The checked rows matched against the member's workers as they are now (what each row
    would do): done again under the member's lock before applying."""
    vus = {}
    # the rows whose values passed ``valider_ligne`` (an earlier matching may have set an action)
    valides = [ligne for ligne in lignes if not ligne.erreurs or ligne.action]
    for ligne in valides:
        ligne.erreurs, ligne.salarie, ligne.emploi, ligne.action = {}, None, None, ""
    connus = Connus.charger(adherent, [ligne.donnees["nir"] for ligne in valides if ligne.donnees["nir"]])
    for ligne in valides:
        d, numero = ligne.donnees, ligne.numero
        identites = [(d["nom"].lower(), d["prenom"].lower(), d["date_naissance"])] + ([d["nir"]] if d["nir"] else [])
        deja = next((vus[identite] for identite in identites if identite in vus), None)
        if deja:
            ligne.erreurs = {"nom": [f"Même salarié qu'à la ligne {deja} : une ligne par salarié."]}
        vus.update({identite: numero for identite in identites if identite not in vus})
        ligne.salarie, ambiguite = connus.retrouver(d)
        if ambiguite:
            ligne.erreurs.setdefault("nir", []).append(ambiguite)
        ligne.emploi = ligne.salarie and connus.emplois.get(ligne.salarie.pk)
        ligne.action = _action(ligne)
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


def appliquer(*, adherent, analyse: Analyse, par, annee: int, fichier=None) -> DeclarationEffectifs:
    """All rows or none, one declaration of a member at a time: under a row lock on the member,
    the file is analysed again (so a declaration applied meanwhile makes this one change nothing:
    re-sending is idempotent), then written in bulk with its history, and the affected workers'
    due lists recomputed once. Raises ``DeclarationEnCours`` when another declaration of the
    member holds the lock for more than a few seconds."""
    if not analyse.valide:
        raise ValueError("Une déclaration contenant des erreurs ne s'applique pas.")
    with transaction.atomic():
        verrouiller(adherent)
        analyse = rapprocher(adherent, analyse.lignes)
        if not analyse.valide:
            raise ValueError("Une déclaration contenant des erreurs ne s'applique pas : " + " ".join(
                f"ligne {numero} : {message}" for numero, _, message in analyse.erreurs[:5]))
        try:
            ecrire(adherent, analyse, par)
        except IntegrityError as exc:  # a NIR just given to another worker by another member's declaration
            raise ValueError("Un NIR du fichier vient d'être enregistré pour un autre salarié du service : "
                             "déposez à nouveau le fichier pour le vérifier.") from exc
        totaux = {**effectifs.par_categorie(adherent), **{a: analyse.compter(a) for a in ACTIONS}}
        declaration = DeclarationEffectifs(tenant=adherent.tenant, adherent=adherent, annee=annee, deposee_par=par,
                                           totaux=totaux)
        if fichier is not None:
            declaration.fichier.save(fichier.name, fichier, save=False)
        declaration.save()
        webhooks.evenement(adherent.tenant, TypeEvenement.DECLARATION_APPLIQUEE, adherent_id=adherent.pk,
                           donnees=webhooks.declaration(declaration))
    return declaration


ATTENTE_VERROU = "5s"


def verrouiller(adherent):
    """The member's row locked until the end of the transaction (waiting a few seconds at most
    for another declaration to finish)."""
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as curseur:
                    curseur.execute(f"SET LOCAL lock_timeout = '{ATTENTE_VERROU}'")
            Adherent.objects.select_for_update().filter(pk=adherent.pk).exists()
            if connection.vendor == "postgresql":
                with connection.cursor() as curseur:
                    curseur.execute("SET LOCAL lock_timeout = 0")
    except OperationalError as exc:
        raise DeclarationEnCours() from exc


def ecrire(adherent, analyse: Analyse, par):
    """The analysed rows written in bulk (new workers, then their and the others' employments),
    each change with its history row, then one recomputation of the affected workers."""
    from suivi_individuel.echeancier import recalculer

    nouveaux, modifies, emplois_nouveaux, emplois_modifies = [], [], [], []
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
        (modifies if salarie.pk else nouveaux).append(salarie)
        emploi = ligne.emploi or Emploi(tenant=adherent.tenant, salarie=salarie, adherent=adherent)
        ligne.salarie, ligne.emploi = salarie, emploi
        emploi.poste, emploi.code_pcs = d["poste"], d["code_pcs"]
        emploi.date_embauche, emploi.date_sortie = d["date_embauche"], d["date_sortie"]
        (emplois_modifies if emploi.pk else emplois_nouveaux).append(emploi)
    creer_avec_historique(nouveaux, Salarie, par)
    Salarie.objects.bulk_update(modifies, ["categorie", "motifs_categorie", "nir"], batch_size=500)
    historique_en_masse(Salarie, [s.pk for s in modifies], "~", par)
    for emploi in emplois_nouveaux:
        emploi.salarie_id = emploi.salarie.pk
    creer_avec_historique(emplois_nouveaux, Emploi, par)
    Emploi.objects.bulk_update(emplois_modifies, ["poste", "code_pcs", "date_embauche", "date_sortie", "motif_sortie"],
                               batch_size=500)
    historique_en_masse(Emploi, [e.pk for e in emplois_modifies], "~", par)
    effectifs.actualiser([adherent.pk])
    # the category changes dated today on the follow-up employments (R4624-24, L4624-2-1)
    dater_changements([(s, *s._charge) for s in modifies if hasattr(s, "_charge")], timezone.localdate(), par)
    concernes = {s.pk: s for s in [*nouveaux, *modifies, *(e.salarie for e in emplois_modifies)]}
    if concernes:
        recalculer(adherent.tenant, list(concernes.values()))


def exporter(adherent) -> tablib.Dataset:
    """The member's workforce in the declaration format (re-importable as it is)."""
    donnees = tablib.Dataset(headers=COLONNES)
    for emploi in Emploi.objects.filter(adherent=adherent).select_related("salarie").order_by("salarie__nom"):
        donnees.append(ligne_de(emploi))
    return donnees


def ligne_de(emploi, *, sortie: str | None = None) -> list[str]:
    """An employment as a declaration row (``sortie``: the leaving date typed, if any)."""
    s = emploi.salarie
    if sortie is None:
        sortie = f"{emploi.date_sortie:%d/%m/%Y}" if emploi.date_sortie else ""
    return [s.nom, s.prenom, f"{s.date_naissance:%d/%m/%Y}", s.sexe, s.nir, emploi.poste, emploi.code_pcs,
            f"{emploi.date_embauche:%d/%m/%Y}", sortie, s.categorie, ",".join(s.motifs_categorie)]


def lignes_du_formulaire(presents: list[Emploi], saisie, nouvelles: int) -> tuple[tablib.Dataset, dict[int, str]]:
    """The small members' form as declaration rows: each current worker as it is (with the leaving
    date typed, if any), then the new workers filled in. Returns the rows and a label per row
    number, for the error messages."""
    donnees, libelles = tablib.Dataset(headers=COLONNES), {}
    for emploi in presents:
        donnees.append(ligne_de(emploi, sortie=saisie.get(f"sortie-{emploi.pk}", "").strip()))
        libelles[len(donnees) + 1] = str(emploi.salarie)
    for rang in range(1, nouvelles + 1):
        ligne = [saisie.get(f"nouveau-{rang}-{colonne}", "").strip() for colonne in COLONNES]
        if any(ligne):
            donnees.append(ligne)
            libelles[len(donnees) + 1] = f"Nouveau salarié n° {rang}"
    return donnees, libelles
