from datetime import timedelta

from django import forms
from django.utils import timezone

from spsti.forms import FormulaireService, FormulaireSimple, champ_du_service
from spsti.models import Rattachement
from spsti.verrou import VerrouOptimiste
from suivi_individuel.forms import DATE, ChoixProfessionnel

from .models import (
    AccompagnementPDP,
    AvancementPDP,
    Consentement,
    DocumentPDP,
    DossierPDP,
    EntreeJournal,
    Etape,
    Information,
    InterventionEntreprise,
    IssuePDP,
    Mesure,
    Orientation,
    OrientationPDP,
    Partenaire,
    PathologiePDP,
    Reunion,
    SourceSignalement,
)
from .selectors import delai_sans_action, reglages_reperage


def _actifs(modele, service, actuelle=None):
    """A thesaurus' active entries, plus the one a row already holds."""
    entrees = modele.entrees(service).filter(actif=True)
    return entrees | modele.objects.filter(pk=actuelle) if actuelle else entrees


class SignalementForm(FormulaireSimple):
    source = forms.ModelChoiceField(label="source", queryset=SourceSignalement.objects.none())
    partenaire = forms.ModelChoiceField(label="partenaire à l'origine", queryset=Partenaire.objects.none(),
                                        required=False)
    recu_le = forms.DateField(label="reçu le", widget=DATE, initial=timezone.localdate)
    description = forms.CharField(label="situation au moment du signalement", widget=forms.Textarea(attrs={"rows": 4}),
                                  required=False)

    def __init__(self, *args, service, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = _actifs(SourceSignalement, service)
        self.fields["partenaire"].queryset = Partenaire.objects.filter(actif=True)

    def clean(self):
        donnees = super().clean()
        source = donnees.get("source")
        if source and source.code == "partenaire" and not donnees.get("partenaire"):
            self.add_error("partenaire", "Indiquez le partenaire qui signale le salarié.")
        return donnees


class DossierForm(VerrouOptimiste, FormulaireService):
    """The file's columns the cell keeps up to date; its medical details only for physicians and
    nurses (the fields are absent otherwise)."""

    intervenants = forms.ModelMultipleChoiceField(label="membres de la cellule impliqués", required=False,
                                                  queryset=Rattachement.objects.none(),
                                                  widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = DossierPDP
        fields = ["avancement", "medecin", "situation", "situation_precision", "pathologies", "pathologie_precisions",
                  "origine", "metier", "rqth", "independant", "intervenants", "prochaine_revue"]
        formfield_callback = champ_du_service
        widgets = {"prochaine_revue": DATE, "pathologies": forms.CheckboxSelectMultiple,
                   "pathologie_precisions": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, medical: bool, **kwargs):
        super().__init__(*args, **kwargs)
        service = self.instance.tenant
        self.fields["avancement"].queryset = _actifs(AvancementPDP, service, self.instance.avancement_id).exclude(
            etape=Etape.TERMINE)
        self.fields["avancement"].help_text = "La clôture se fait avec son issue (bouton « Clore le dossier »)."
        self.fields["medecin"] = ChoixProfessionnel(
            label="médecin du travail", required=False, widget=forms.Select(attrs={"class": "form-select"}),
            queryset=Rattachement.objects.filter(role="medecin", actif=True).select_related("utilisateur"))
        self.fields["intervenants"].queryset = Rattachement.objects.filter(
            membre_cellule_pdp=True, actif=True).select_related("utilisateur")
        self.fields["intervenants"].label_from_instance = lambda r: f"{r.utilisateur.get_full_name()} " \
                                                                   f"({r.get_role_display().lower()})"
        if medical:
            self.fields["pathologies"].queryset = _actifs(PathologiePDP, service)
        else:
            del self.fields["pathologies"], self.fields["pathologie_precisions"]


class OrientationForm(FormulaireService):
    class Meta:
        model = Orientation
        fields = ["orientation", "partenaire", "proposee_le", "commentaire"]
        formfield_callback = champ_du_service
        widgets = {"proposee_le": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["orientation"].queryset = _actifs(OrientationPDP, self.instance.tenant)
        self.fields["partenaire"].queryset = Partenaire.objects.filter(actif=True)


class MesureForm(FormulaireService):
    class Meta:
        model = Mesure
        fields = ["accompagnement", "statut", "proposee_le", "commentaire"]
        formfield_callback = champ_du_service
        widgets = {"proposee_le": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accompagnement"].queryset = _actifs(AccompagnementPDP, self.instance.tenant,
                                                         self.instance.accompagnement_id)


class InterventionForm(FormulaireService):
    class Meta:
        model = InterventionEntreprise
        fields = ["date", "nature", "proposition", "resultat"]
        widgets = {"date": DATE, "proposition": forms.Textarea(attrs={"rows": 3}),
                   "resultat": forms.Textarea(attrs={"rows": 3})}


class JournalForm(FormulaireService):
    class Meta:
        model = EntreeJournal
        fields = ["nature", "texte"]
        widgets = {"texte": forms.Textarea(attrs={"rows": 3})}


class DocumentForm(FormulaireService):
    class Meta:
        model = DocumentPDP
        fields = ["libelle", "fichier"]

    def clean_fichier(self):
        fichier = self.cleaned_data["fichier"]
        if fichier.size > 10 * 1024 * 1024:
            raise forms.ValidationError("Le fichier dépasse 10 Mo.")
        return fichier


class ConsentementForm(FormulaireService):
    informations = forms.MultipleChoiceField(label="informations partageables", choices=Information.choices,
                                             widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Consentement
        fields = ["recueilli_le", "partenaires", "employeur", "informations"]
        formfield_callback = champ_du_service
        widgets = {"recueilli_le": DATE, "partenaires": forms.CheckboxSelectMultiple}
        labels = {"employeur": "l'employeur peut être informé"}
        help_texts = {"employeur": "Jamais d'élément de santé : seulement la situation et les mesures envisagées."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partenaires"].queryset = Partenaire.objects.filter(actif=True)

    def clean(self):
        donnees = super().clean()
        if not donnees.get("partenaires") and not donnees.get("employeur"):
            raise forms.ValidationError("Indiquez au moins un destinataire : un partenaire ou l'employeur.")
        if donnees.get("recueilli_le") and donnees["recueilli_le"] > timezone.localdate():
            self.add_error("recueilli_le", "Le consentement ne peut pas être daté de demain.")
        return donnees


class PartageForm(FormulaireSimple):
    partenaire = forms.ModelChoiceField(label="destinataire", queryset=Partenaire.objects.none(), required=False,
                                        empty_label="L'employeur")
    informations = forms.MultipleChoiceField(label="informations transmises", choices=Information.choices,
                                             widget=forms.CheckboxSelectMultiple)
    objet = forms.CharField(label="objet", max_length=255, help_text="Ce qui est transmis et pourquoi.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partenaire"].queryset = Partenaire.objects.filter(actif=True)


class ClotureForm(FormulaireSimple):
    issue = forms.ModelChoiceField(label="issue", queryset=IssuePDP.objects.none())
    clos_le = forms.DateField(label="date de clôture", widget=DATE, initial=timezone.localdate)
    conclusion = forms.CharField(label="conclusion (situation à la clôture)", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, service, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issue"].queryset = _actifs(IssuePDP, service)


class PartenaireForm(FormulaireService):
    class Meta:
        model = Partenaire
        fields = ["nom", "type", "contact", "email", "telephone", "convention_le", "actif"]
        widgets = {"convention_le": DATE}


class ReunionForm(FormulaireService):
    participants = forms.ModelMultipleChoiceField(label="participants", queryset=Rattachement.objects.none(),
                                                  widget=forms.CheckboxSelectMultiple, required=False)

    class Meta:
        model = Reunion
        fields = ["date", "nature", "participants"]
        widgets = {"date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = Rattachement.objects.filter(
            membre_cellule_pdp=True, actif=True).select_related("utilisateur")
        self.fields["participants"].label_from_instance = lambda r: r.utilisateur.get_full_name()


class EcartForm(FormulaireSimple):
    motif = forms.CharField(label="motif", max_length=255,
                            help_text="Pourquoi ce salarié n'a pas besoin de la cellule.")
    mois = forms.IntegerField(label="ne plus le proposer pendant (mois)", min_value=1, max_value=24, initial=6)

    def jusqu_au(self):
        return timezone.localdate() + timedelta(days=30 * self.cleaned_data["mois"])


class ReglagesForm(FormulaireSimple):
    """The cell's settings in ``Service.parametres``: the delay that flags a file without action,
    and the early detection criteria (empty: criterion off)."""

    delai_sans_action_pdp_jours = forms.IntegerField(label="dossier sans action signalé après (jours)", min_value=7,
                                                     max_value=365)
    age_avec_restriction = forms.IntegerField(label="âge à partir duquel une restriction fait repérer", required=False,
                                              min_value=18, max_value=70)
    jours_arret_12_mois = forms.IntegerField(label="jours d'arrêt sur 12 mois", required=False, min_value=1,
                                             max_value=365)
    arrets_12_mois = forms.IntegerField(label="nombre d'arrêts sur 12 mois", required=False, min_value=2,
                                        max_value=50)
    reprises_24_mois = forms.IntegerField(label="visites de reprise sur 24 mois", required=False, min_value=1,
                                          max_value=20)
    risque_note_par_le_medecin = forms.BooleanField(label="risque de désinsertion noté par le médecin", required=False)

    @classmethod
    def pour(cls, service, donnees=None):
        r = reglages_reperage(service)
        initial = {"delai_sans_action_pdp_jours": delai_sans_action(service), **r.__dict__}
        return cls(donnees, initial=initial)

    def enregistrer(self, service):
        d = self.cleaned_data
        criteres = {nom: d[nom] for nom in ("age_avec_restriction", "jours_arret_12_mois", "arrets_12_mois",
                                            "reprises_24_mois", "risque_note_par_le_medecin")}
        service.parametres = {**(service.parametres or {}), "reperage_pdp": criteres,
                              "delai_sans_action_pdp_jours": d["delai_sans_action_pdp_jours"]}
        service.save(update_fields=["parametres"])

