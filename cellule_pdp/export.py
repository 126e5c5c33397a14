"""The cell's follow-up table as services still keep it in spreadsheets: the 17 columns A to Q
of the AST Beaucaire table (seed 001 § 2.1.2), one row per file, exported with
django-import-export."""

import io

from import_export import fields, resources, widgets

from spsti.exports import neutraliser
from spsti.models import AccesDossierMedical
from spsti.permissions import ROLES_MEDICAUX

from .models import DossierPDP

COLONNES = "ABCDEFGHIJKLMNOPQ"
NOMBRE, DATE = widgets.IntegerWidget(coerce_to_string=False), widgets.DateWidget(coerce_to_string=False)


def _liste(objets, rendu=str) -> str:
    return " ; ".join(rendu(o) for o in objets)


class TableauPDPResource(resources.ModelResource):
    numero = fields.Field(attribute="numero", column_name="N° salarié file active", widget=NOMBRE)
    medecin = fields.Field(column_name="Médecin du travail")
    numero_adherent = fields.Field(attribute="adherent_id", column_name="Numéro adhérent (l'entreprise)",
                                   widget=NOMBRE)
    entreprise = fields.Field(attribute="adherent__raison_sociale", column_name="Nom de l'entreprise")
    naf = fields.Field(attribute="adherent__code_naf_id", column_name="Code NAF")
    dossier_salarie = fields.Field(attribute="salarie_id", column_name="Numéro de dossier salarié", widget=NOMBRE)
    situation = fields.Field(column_name="Situation au moment de la demande / signalement")
    pathologies = fields.Field(column_name="Type(s) de pathologie / situation(s) de handicap")
    origine = fields.Field(attribute="get_origine_display", column_name="Origine AT/MP ou patho non pro")
    metier = fields.Field(attribute="metier", column_name="Métier au moment du signalement / demande")
    orientations = fields.Field(column_name="Orientations Service Social")
    rqth = fields.Field(attribute="get_rqth_display", column_name="MDPH/RQTH")
    interventions = fields.Field(column_name="Type d'intervention en entreprise (nature, proposition, résultat)")
    mesures = fields.Field(column_name="Mesures mises en œuvre")
    ouvert_le = fields.Field(attribute="ouvert_le", column_name="Date de signalement / demande", widget=DATE)
    clos_le = fields.Field(attribute="clos_le", column_name="Date de clôture du dossier de suivi", widget=DATE)
    conclusion = fields.Field(column_name="Conclusion situation à la date de clôture du dossier")

    class Meta:
        model = DossierPDP
        fields = ("numero", "medecin", "numero_adherent", "entreprise", "naf", "dossier_salarie", "situation",
                  "pathologies", "origine", "metier", "orientations", "rqth", "interventions", "mesures",
                  "ouvert_le", "clos_le", "conclusion")
        export_order = fields

    def __init__(self, *, medical: bool):
        super().__init__()
        self.medical = medical

    def dehydrate_medecin(self, d):
        return d.medecin.utilisateur.get_full_name() if d.medecin else ""

    def dehydrate_situation(self, d):
        return " — ".join(filter(None, [d.get_situation_display(), d.situation_precision]))

    def dehydrate_pathologies(self, d):
        """Column H is medical: filled for physicians and nurses only."""
        if not self.medical:
            return ""
        return " — ".join(filter(None, [_liste(d.pathologies.all()), d.pathologie_precisions]))

    def dehydrate_orientations(self, d):
        return _liste(d.orientations.all(), lambda o: f"{o.orientation} ({o.proposee_le:%d/%m/%Y})")

    def dehydrate_interventions(self, d):
        return _liste(d.interventions.all(),
                      lambda i: " → ".join(filter(None, [f"{i.nature} ({i.date:%d/%m/%Y})", i.proposition,
                                                          i.resultat])))

    def dehydrate_mesures(self, d):
        return _liste(d.mesures.all(), lambda m: f"{m.accompagnement} : {m.get_statut_display().lower()}")

    def dehydrate_conclusion(self, d):
        return " — ".join(filter(None, [str(d.issue or ""), d.conclusion]))


def classeur_17_colonnes(dossiers, *, rattachement, origine: str) -> io.BytesIO:
    """The XLSX of the files ``rattachement`` may see (``dossiers``): a row of column letters, the
    17 titles, then one row per file; each file's read is logged like a medical record's."""
    dossiers = list(dossiers.select_related("medecin__utilisateur", "adherent", "issue").prefetch_related(
        "pathologies", "orientations__orientation", "interventions", "mesures__accompagnement"))
    AccesDossierMedical.journaliser(rattachement=rattachement, salaries=[d.salarie_id for d in dossiers],
                                    origine=origine, accorde=True)
    donnees = TableauPDPResource(medical=rattachement.role in ROLES_MEDICAUX).export(dossiers)
    titres = list(donnees.headers)
    donnees.insert(0, titres)
    donnees.headers = list(COLONNES)
    donnees.title = "Cellule PDP"
    return io.BytesIO(neutraliser(donnees).export("xlsx"))
