from django import forms

from adherents.models import Etablissement
from spsti.forms import FormulaireService, FormulaireSimple, champ_du_service
from spsti.models import Rattachement
from spsti.verrou import VerrouOptimiste

from .filters import intervenants_prevention, referents
from .models import (
    ActionMilieuTravail,
    DocumentAction,
    DossierPrevention,
    FamilleRisque,
    FicheEntreprise,
    Mesurage,
    NiveauExposition,
    PhotoFiche,
    RisqueUnite,
    TypeAction,
    TypeMesurage,
    UniteTravail,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXTE = forms.Textarea(attrs={"rows": 3})


class ChoixPersonne(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.utilisateur.get_full_name()} — {obj.get_role_display()}"


def actifs(thesaurus, service):
    """The active entries of a thesaurus (its missing seeds added first)."""
    return thesaurus.entrees(service).filter(actif=True)


class DuAdherent:
    """A form about one member: establishments limited to the member's."""

    def __init__(self, *args, adherent, **kwargs):
        super().__init__(*args, **kwargs)
        self.adherent = adherent
        if "etablissement" in self.fields:
            self.fields["etablissement"].queryset = Etablissement.objects.filter(adherent=adherent)
            self.fields["etablissement"].required = False
            self.fields["etablissement"].empty_label = "Toute l'entreprise"


class DossierPreventionForm(FormulaireService):
    referent = ChoixPersonne(label="référent prévention", queryset=Rattachement.objects.none(), required=False,
                             help_text="L'IPRP ou l'ASST qui suit l'adhérent.")

    class Meta:
        model = DossierPrevention
        fields = ["referent", "instances"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referent"].queryset = referents()


class NouvelleFicheForm(DuAdherent, FormulaireSimple):
    etablissement = forms.ModelChoiceField(label="établissement", queryset=Etablissement.objects.none(),
                                           help_text="Une fiche par établissement, ou une pour toute l'entreprise.")


class FicheForm(VerrouOptimiste, FormulaireService):
    class Meta:
        model = FicheEntreprise
        fields = ["description_activite", "organisation_prevention", "effectif", "priorite_1", "priorite_2",
                  "priorite_3"]
        widgets = {"description_activite": forms.Textarea(attrs={"rows": 5}),
                   "organisation_prevention": forms.Textarea(attrs={"rows": 4}),
                   "priorite_1": TEXTE, "priorite_2": TEXTE, "priorite_3": TEXTE}
        help_texts = {"priorite_1": "Les trois priorités d'action proposées par le service : "
                                    "ce qui réduira le plus les risques de l'entreprise."}


class UniteForm(FormulaireService):
    """A work unit; when created, the hazards spotted there are ticked in one go (tablet)."""

    familles = forms.ModelMultipleChoiceField(
        label="dangers repérés", queryset=FamilleRisque.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Cochez les dangers observés : chacun devient un risque de l'unité, à préciser ensuite.")

    class Meta:
        model = UniteTravail
        fields = ["nom", "description", "effectif", "ordre"]
        widgets = {"description": TEXTE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["familles"]
        else:
            self.fields["familles"].queryset = actifs(FamilleRisque, self.instance.tenant)


class RisqueForm(FormulaireService):
    champs_fixes = ("unite",)

    class Meta:
        model = RisqueUnite
        fields = ["famille", "situation", "niveau", "effectif_expose", "mesures_existantes"]
        formfield_callback = champ_du_service
        widgets = {"niveau": forms.RadioSelect,
                   "mesures_existantes": TEXTE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["famille"].queryset = actifs(FamilleRisque, self.instance.tenant) | FamilleRisque.objects.filter(
            pk=self.instance.famille_id or 0)
        self.fields["niveau"].choices = NiveauExposition.choices


class PhotoForm(FormulaireService):
    class Meta:
        model = PhotoFiche
        fields = ["image", "legende", "unite"]
        formfield_callback = champ_du_service

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unite"].queryset = UniteTravail.objects.filter(fiche=self.instance.fiche)
        self.fields["image"].widget.attrs.update({"accept": "image/*", "capture": "environment"})


class ActionForm(DuAdherent, FormulaireService):
    """A workplace action recorded once done."""

    intervenant = ChoixPersonne(label="intervenant du service", queryset=Rattachement.objects.none())

    class Meta:
        model = ActionMilieuTravail
        fields = ["type", "etablissement", "objet", "intervenant", "date", "temps_passe_heures", "participants",
                  "resultat"]
        formfield_callback = champ_du_service
        widgets = {"date": DATE, "participants": TEXTE, "resultat": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.adherent = self.adherent
        self.fields["type"].queryset = actifs(TypeAction, self.instance.tenant) | TypeAction.objects.filter(
            pk=self.instance.type_id or 0)
        self.fields["intervenant"].queryset = intervenants_prevention()


class CompteRenduForm(FormulaireService):
    """The record of a visit that was scheduled (its date is the appointment's)."""

    class Meta:
        model = ActionMilieuTravail
        fields = ["objet", "temps_passe_heures", "participants", "resultat"]
        widgets = {"participants": TEXTE, "resultat": forms.Textarea(attrs={"rows": 6})}


class PropositionForm(DuAdherent, FormulaireSimple):
    type = forms.ModelChoiceField(label="type d'action", queryset=TypeAction.objects.none())
    intervenant = ChoixPersonne(label="intervenant du service", queryset=Rattachement.objects.none())
    debut = forms.DateTimeField(label="date et heure proposées", input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
                                widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    duree_minutes = forms.IntegerField(label="durée prévue (minutes)", min_value=15, max_value=600, initial=120)
    etablissement = forms.ModelChoiceField(label="établissement", queryset=Etablissement.objects.none())
    objet = forms.CharField(label="objet", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].queryset = actifs(TypeAction, self.adherent.tenant)
        self.fields["intervenant"].queryset = intervenants_prevention()


class MesurageForm(FormulaireService):
    champs_fixes = ("action",)

    class Meta:
        model = Mesurage
        fields = ["type", "lieu", "appareil", "valeur", "unite", "valeur_limite", "reference", "commentaire"]
        formfield_callback = champ_du_service
        help_texts = {"unite": "Laissez vide pour l'unité du type de mesurage.",
                      "valeur_limite": "Valeur limite ou recommandée ; un dépassement est signalé."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].queryset = actifs(TypeMesurage, self.instance.tenant) | TypeMesurage.objects.filter(
            pk=self.instance.type_id or 0)
        self.fields["unite"].required = False

    def clean(self):
        donnees = super().clean()
        if not donnees.get("unite") and donnees.get("type"):
            donnees["unite"] = donnees["type"].unite
            self.instance.unite = donnees["unite"]
        return donnees


class DocumentActionForm(FormulaireService):
    class Meta:
        model = DocumentAction
        fields = ["titre", "fichier"]


class MotifForm(FormulaireSimple):
    motif = forms.CharField(label="motif", max_length=255)
