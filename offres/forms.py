"""Forms of the offers and billing pages (French labels, the shared Bootstrap base)."""

from decimal import Decimal

from django import forms

from adherents.forms import ChampCodeNAF
from adherents.models import Salarie
from spsti.forms import FormulaireService, FormulaireSimple, champ_du_service
from spsti.plausibilite import ajouter_au_formulaire, erreurs_naissance
from spsti.validators import valider_code_postal, valider_siret, valider_telephone

from . import rules
from .models import (
    Accompagnement,
    DemandeOffre,
    DiagnosticEpuisement,
    GrilleTarifaire,
    ModePaiement,
    ModeTarif,
    Offre,
    StatutDemande,
    TypeOffre,
)


class OffreForm(FormulaireService):
    class Meta:
        model = Offre
        fields = ["type", "code", "nom", "description", "role_responsable", "equipe", "publique", "active", "ordre"]
        formfield_callback = champ_du_service


CATEGORIES_PRIX = ("SI", "SIA", "SIR")


class TrancheForm(forms.Form):
    """One row of a grid by size class: up to how many workers, for what amount."""

    jusqu_a = forms.IntegerField(label="Jusqu'à (salariés)", min_value=1, required=False,
                                 widget=forms.NumberInput(attrs={"class": "form-control form-control-sm",
                                                                 "aria-label": "Jusqu'à (salariés)"}))
    montant = forms.DecimalField(label="Montant (€ HT)", min_value=0, decimal_places=2, required=False,
                                 widget=forms.NumberInput(attrs={"class": "form-control form-control-sm",
                                                                 "step": "0.01", "aria-label": "Montant (€ HT)"}))


class BaseTranchesFormSet(forms.BaseFormSet):
    def clean(self):
        """Rows in ascending order of size; only the last one may have no upper bound."""
        if any(self.errors):
            return
        lignes = [f.cleaned_data for f in self.forms
                  if f.cleaned_data.get("jusqu_a") is not None or f.cleaned_data.get("montant") is not None]
        for rang, ligne in enumerate(lignes, start=1):
            if ligne.get("montant") is None:
                raise forms.ValidationError(f"Ligne {rang} : indiquez le montant de la tranche.")
            if ligne.get("jusqu_a") is None and rang != len(lignes):
                raise forms.ValidationError(f"Ligne {rang} : seule la dernière tranche peut rester sans effectif "
                                            "maximal.")
        bornes = [ligne["jusqu_a"] for ligne in lignes if ligne.get("jusqu_a") is not None]
        if bornes != sorted(set(bornes)):
            raise forms.ValidationError("Les effectifs maximaux doivent croître d'une tranche à la suivante.")
        self.tranches = [[ligne["jusqu_a"], f"{ligne['montant']:.2f}"] for ligne in lignes]


TranchesFormSet = forms.formset_factory(TrancheForm, formset=BaseTranchesFormSet, extra=3)


class GrilleForm(FormulaireService):
    """A yearly grid; the prices by follow-up category as three fields and the size classes as
    rows of a formset (``self.tranches``), instead of raw JSON."""

    class Meta:
        model = GrilleTarifaire
        fields = ["offre", "annee", "mode", "prix", "prix_categories", "tranches", "minimum", "droit_entree",
                  "taux_tva", "date_approbation_ag", "decision_ag_hors_bande"]
        widgets = {"date_approbation_ag": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "decision_ag_hors_bande": forms.Textarea(attrs={"rows": 3})}
        formfield_callback = champ_du_service

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for champ in ("prix_categories", "tranches"):  # filled from the fields and rows below
            self.fields[champ].disabled, self.fields[champ].widget = True, forms.HiddenInput()
        for categorie in CATEGORIES_PRIX:
            self.fields[f"prix_{categorie}"] = forms.DecimalField(
                label=f"Prix par salarié en {categorie} (€ HT)", min_value=0, decimal_places=2, required=False,
                initial=(self.instance.prix_categories or {}).get(categorie),
                help_text="Tarification selon la catégorie de suivi seulement." if categorie == "SI" else "",
                widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.01"}))
        self.order_fields(["offre", "annee", "mode", "prix", *[f"prix_{c}" for c in CATEGORIES_PRIX]])
        self.lignes_tranches = TranchesFormSet(
            self.data or None, prefix="tranche",
            initial=[{"jusqu_a": borne, "montant": montant} for borne, montant in self.instance.tranches or []])

    def clean(self):
        donnees = super().clean()
        mode = donnees.get("mode")
        prix = {}
        if mode == ModeTarif.PAR_CATEGORIE:
            for categorie in CATEGORIES_PRIX:
                if donnees.get(f"prix_{categorie}") is None:
                    self.add_error(f"prix_{categorie}", "Indiquez le prix de cette catégorie.")
                else:
                    prix[categorie] = f"{donnees[f'prix_{categorie}']:.2f}"
        tranches = []
        if mode == ModeTarif.TRANCHE:
            if self.lignes_tranches.is_valid():
                tranches = self.lignes_tranches.tranches
            else:
                self.add_error(None, "Corrigez les tranches d'effectif signalées.")
                tranches = self.instance.tranches
        donnees["prix_categories"] = self.instance.prix_categories = prix
        donnees["tranches"] = self.instance.tranches = tranches
        return donnees


class PaiementForm(FormulaireSimple):
    montant = forms.DecimalField(label="Montant reçu (€)", min_value=Decimal("0.01"), decimal_places=2)
    mode = forms.ChoiceField(label="Mode", choices=ModePaiement.choices)
    date = forms.DateField(label="Reçu le", widget=forms.DateInput(attrs={"type": "date"}))
    reference = forms.CharField(label="Référence (n° de chèque, de virement…)", required=False, max_length=100)


class AvoirForm(FormulaireSimple):
    motif = forms.CharField(label="Motif de l'avoir", widget=forms.Textarea(attrs={"rows": 2}))


class DecisionFraisForm(FormulaireSimple):
    decision = forms.ChoiceField(label="Décision", choices=[("confirmer", "Facturer les frais"),
                                                            ("abandonner", "Abandonner les frais")])
    motif = forms.CharField(label="Motif de l'abandon", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DemandePortailForm(FormulaireSimple):
    """From the portal: a complementary service asked in the member's own words."""

    offre = forms.ModelChoiceField(label="Prestation", queryset=Offre.objects.none())
    besoin = forms.CharField(label="Votre besoin, avec vos mots", widget=forms.Textarea(attrs={"rows": 5}),
                             max_length=4000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offre"].queryset = Offre.objects.filter(
            active=True, type__in=[TypeOffre.COMPLEMENTAIRE, TypeOffre.SPECIFIQUE])


class DemandeSuiviForm(FormulaireService):
    """The team's and accounting's follow-up of a request."""

    class Meta:
        model = DemandeOffre
        fields = ["statut", "quantite", "montant_devis", "devis_le", "acceptee_le", "realisee_le", "action",
                  "session", "visite", "mediateur", "seances", "issue"]
        widgets = {champ: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
                   for champ in ["devis_le", "acceptee_le", "realisee_le"]}
        formfield_callback = champ_du_service

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["statut"].choices = [c for c in StatutDemande.choices if c[0] != StatutDemande.FACTUREE]
        demande = self.instance
        self.fields["action"].queryset = self.fields["action"].queryset.filter(adherent=demande.adherent)
        self.fields["visite"].queryset = self.fields["visite"].queryset.filter(salarie__adherent=demande.adherent)

    def clean(self):
        donnees = super().clean()
        if donnees.get("statut") == StatutDemande.REALISEE and not donnees.get("realisee_le"):
            self.add_error("realisee_le", "Indiquez la date de réalisation.")
        return donnees


class AdhesionIndependantForm(FormulaireSimple):
    """The public form of the self-employed offer: one person joins for themselves."""

    prenom = forms.CharField(label="Prénom", max_length=100)
    nom = forms.CharField(label="Nom", max_length=100)
    date_naissance = forms.DateField(label="Date de naissance", widget=forms.DateInput(attrs={"type": "date"}))
    sexe = forms.ChoiceField(label="Sexe", choices=Salarie._meta.get_field("sexe").choices)
    siret = forms.CharField(label="SIRET de votre activité", max_length=20,
                            help_text="14 chiffres, sur l'avis de situation INSEE ou votre extrait d'immatriculation.")
    enseigne = forms.CharField(label="Nom commercial (facultatif)", max_length=200, required=False)
    code_naf = ChampCodeNAF()
    adresse = forms.CharField(label="Adresse", max_length=255)
    code_postal = forms.CharField(label="Code postal", max_length=5, validators=[valider_code_postal])
    ville = forms.CharField(label="Ville", max_length=120)
    email = forms.EmailField(label="Adresse e-mail", help_text="Votre identifiant pour votre espace.")
    telephone = forms.CharField(label="Téléphone", max_length=20, validators=[valider_telephone])
    engagement = forms.BooleanField(
        label="Je m'affilie pour un an ; l'affiliation ne se renouvelle pas d'elle-même (art. D4622-27-1 à "
              "D4622-27-3 du Code du travail) et sa facture suit le tarif publié ci-dessus.")

    def clean_siret(self):
        siret = "".join(c for c in self.cleaned_data["siret"] if c.isdigit())
        valider_siret(siret)
        return siret

    def clean(self):
        donnees = super().clean()
        ajouter_au_formulaire(self, erreurs_naissance(donnees.get("date_naissance")))  # the one plausibility rule
        return donnees


class QuestionnaireEpuisementForm(FormulaireSimple):
    """The burnout questionnaire, one 1-to-5 answer per statement (seeds 000 and 003)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, texte in rules.QUESTIONS_RESSOURCES + rules.QUESTIONS_CONTRAINTES:
            self.fields[code] = forms.TypedChoiceField(label=texte, choices=rules.ECHELLE, coerce=int,
                                                       widget=forms.RadioSelect)


class ExamenQuestionnaireForm(FormulaireSimple):
    diagnostic = forms.ChoiceField(label="Diagnostic", choices=DiagnosticEpuisement.choices)
    accompagnement = forms.ChoiceField(label="Accompagnement proposé", choices=Accompagnement.choices)
    note = forms.CharField(label="Note de l'équipe médicale", required=False, widget=forms.Textarea(attrs={"rows": 3}))
