"""Forms of the offers and billing pages (French labels, the shared Bootstrap base)."""

from decimal import Decimal

from django import forms

from spsti.forms import FormulaireService, FormulaireSimple, champ_du_service

from .models import DemandeOffre, GrilleTarifaire, ModePaiement, Offre, StatutDemande, TypeOffre


class OffreForm(FormulaireService):
    class Meta:
        model = Offre
        fields = ["type", "code", "nom", "description", "role_responsable", "equipe", "publique", "active", "ordre"]
        formfield_callback = champ_du_service


class GrilleForm(FormulaireService):
    class Meta:
        model = GrilleTarifaire
        fields = ["offre", "annee", "mode", "prix", "prix_categories", "tranches", "minimum", "droit_entree",
                  "taux_tva", "date_approbation_ag", "decision_ag_hors_bande"]
        widgets = {"date_approbation_ag": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "decision_ag_hors_bande": forms.Textarea(attrs={"rows": 3})}
        formfield_callback = champ_du_service


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
