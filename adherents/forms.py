from django import forms
from django.utils import timezone

from spsti.forms import FormulaireService, champ_du_service
from spsti.models import Rattachement
from spsti.permissions import Role

from .models import Adherent, CodeNAF, Contact, Etablissement, EtapeAdherent, EtapeTrajectoire


class AdherentForm(FormulaireService):
    code_naf = forms.CharField(label="code NAF", max_length=8,
                               help_text="Code NAF rév. 2, avec ou sans point (43.21A ou 4321A).")

    class Meta:
        model = Adherent
        fields = ["siren", "raison_sociale", "enseigne", "code_naf", "adresse", "code_postal", "ville",
                  "statut", "date_adhesion", "date_radiation", "centre", "equipe", "medecin",
                  "injoignable", "note_injoignable"]
        formfield_callback = champ_du_service
        widgets = {"date_adhesion": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "date_radiation": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["medecin"].queryset = (Rattachement.objects.filter(role=Role.MEDECIN, actif=True)
                                           .select_related("utilisateur"))
        if self.instance.pk:
            self.initial["code_naf"] = self.instance.code_naf_id

    def clean_code_naf(self):
        code = CodeNAF.normaliser(self.cleaned_data["code_naf"])
        naf = CodeNAF.objects.filter(code=code).first()
        if naf is None:
            raise forms.ValidationError(f"« {code} » n'est pas un code NAF rév. 2.")
        return naf

    def clean(self):
        donnees = super().clean()
        equipe, medecin = donnees.get("equipe"), donnees.get("medecin")
        if medecin and equipe and medecin.equipe_id != equipe.pk:
            self.add_error("medecin", f"Ce médecin n'appartient pas à l'équipe {equipe}.")
        return donnees


class EtablissementForm(FormulaireService):
    champs_fixes = ("adherent",)

    class Meta:
        model = Etablissement
        fields = ["siret", "siege", "nom", "adresse", "code_postal", "ville", "effectif", "centre"]
        formfield_callback = champ_du_service

    def __init__(self, *args, adherent, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.adherent = adherent


class ContactForm(FormulaireService):
    champs_fixes = ("adherent",)

    class Meta:
        model = Contact
        fields = ["role", "prenom", "nom", "email", "telephone"]
        formfield_callback = champ_du_service

    def __init__(self, *args, adherent, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.adherent = adherent


class EtapeAdherentForm(FormulaireService):
    """Records that a journey step was done (date and note)."""

    class Meta:
        model = EtapeAdherent
        fields = ["faite_le", "note"]
        widgets = {"faite_le": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "note": forms.Textarea(attrs={"rows": 2})}

    def clean_faite_le(self):
        faite_le = self.cleaned_data["faite_le"]
        if faite_le is None:
            raise forms.ValidationError("Indiquez la date à laquelle l'étape a été réalisée.")
        if faite_le < self.instance.adherent.date_adhesion:
            raise forms.ValidationError("L'étape ne peut pas précéder l'adhésion.")
        if faite_le > timezone.localdate():
            raise forms.ValidationError("La date ne peut pas être dans le futur.")
        return faite_le


class EtapeTrajectoireForm(FormulaireService):
    class Meta:
        model = EtapeTrajectoire
        fields = ["libelle", "code", "ordre", "role", "delai_jours", "active"]
