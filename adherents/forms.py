from django import forms
from django.utils import timezone

from spsti.forms import FormulaireService, champ_du_service
from spsti.models import Rattachement
from spsti.permissions import Role
from spsti.plausibilite import ajouter_au_formulaire, erreurs_embauche
from spsti.validators import incoherences_nir, normaliser_nir
from spsti.verrou import VerrouOptimiste

from .models import (
    Adherent,
    CodeNAF,
    Contact,
    DemandeAdhesion,
    Emploi,
    Etablissement,
    EtapeAdherent,
    EtapeTrajectoire,
    MessageAdherent,
    MotifCategorie,
    NatureContrat,
    PropositionCategorie,
    Salarie,
    StatutDemande,
    erreur_categorie,
)


class ChampCodeNAF(forms.CharField):
    """A NAF rév. 2 code typed as people write it (4321A, 43.21a); cleans to the ``CodeNAF``."""

    def __init__(self, **kwargs):
        super().__init__(label="code NAF", max_length=8,
                         help_text="Code NAF rév. 2 (APE), avec ou sans point : 43.21A ou 4321A.", **kwargs)

    def prepare_value(self, valeur):
        return valeur.code if isinstance(valeur, CodeNAF) else valeur

    def clean(self, valeur):
        code = CodeNAF.normaliser(super().clean(valeur))
        naf = CodeNAF.objects.filter(code=code).first()
        if naf is None:
            raise forms.ValidationError(f"« {code} » n'est pas un code NAF rév. 2.")
        return naf


class AdherentForm(VerrouOptimiste, FormulaireService):
    code_naf = ChampCodeNAF()

    class Meta:
        model = Adherent
        fields = ["siren", "raison_sociale", "enseigne", "code_naf", "adresse", "code_postal", "ville",
                  "statut", "date_adhesion", "date_radiation", "centre", "equipe", "medecin",
                  "injoignable", "note_injoignable", "idcc"]
        formfield_callback = champ_du_service
        widgets = {"date_adhesion": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "date_radiation": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["medecin"].queryset = (Rattachement.objects.filter(role=Role.MEDECIN, actif=True)
                                           .select_related("utilisateur"))

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


class SalarieForm(VerrouOptimiste, FormulaireService):
    """A worker's identity and follow-up category, with identity vigilance: a NIR consistent with
    sex and birth date, unique in the service; a namesake born the same day must be confirmed."""

    motifs_categorie = forms.MultipleChoiceField(
        label="motifs de la catégorie", choices=MotifCategorie.choices, required=False,
        widget=forms.CheckboxSelectMultiple, help_text="SIR : R4624-23 ; SIA : R4624-17, R4624-18, R4624-20.")
    nir = forms.CharField(label="NIR", max_length=25, required=False,
                          help_text="15 caractères, espaces acceptés (ex. 2 81 06 84 007 042 06).")
    ins = forms.CharField(label="INS", max_length=25, required=False,
                          help_text="Identifiant national de santé qualifié (L4624-8), quand il est connu.")
    date_changement = forms.DateField(
        label="date du changement de catégorie ou de motifs", required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Début des nouveaux motifs, fin de ceux retirés, sur l'emploi suivi : le suivi de la catégorie "
                  "court de cette date (R4624-24, R4624-18), la visite post-exposition de la fin du SIR "
                  "(L4624-2-1). Vide : aujourd'hui.")
    homonyme_confirme = forms.BooleanField(
        label="Je confirme qu'il s'agit d'une autre personne que le salarié de même nom né le même jour",
        required=False)

    class Meta:
        model = Salarie
        fields = ["nom", "nom_naissance", "prenom", "date_naissance", "sexe", "nir", "ins", "email", "categorie",
                  "motifs_categorie"]
        formfield_callback = champ_du_service
        widgets = {"date_naissance": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, adherent=None, **kwargs):
        super().__init__(*args, **kwargs)
        if adherent is not None:
            self.instance.adherent = adherent
        self.fields["motifs_categorie"].widget.attrs = {}

    def clean_nir(self):
        return normaliser_nir(self.cleaned_data["nir"])

    def clean_date_changement(self):
        self.instance.date_changement = self.cleaned_data["date_changement"]
        return self.instance.date_changement

    def clean_ins(self):
        return normaliser_nir(self.cleaned_data["ins"])

    def clean(self):
        donnees = super().clean()
        nir, sexe, naissance = donnees.get("nir"), donnees.get("sexe"), donnees.get("date_naissance")
        if not self.errors.get("nir"):
            for message in incoherences_nir(nir, sexe, naissance):
                self.add_error("nir", message)
        nom, prenom = donnees.get("nom"), donnees.get("prenom")
        if nom and prenom and naissance and not donnees.get("homonyme_confirme"):
            homonymes = Salarie.objects.filter(nom__iexact=nom, prenom__iexact=prenom, date_naissance=naissance)
            if homonymes.exclude(pk=self.instance.pk).exists():
                self.add_error("homonyme_confirme", "Un salarié de même nom et prénom, né le même jour, existe déjà "
                                                    "(doublon possible) : vérifiez, puis confirmez s'il s'agit "
                                                    "d'une autre personne.")
        return donnees


class SalarieCreationForm(SalarieForm):
    """A new worker with its first employment at the member it is created from (its category runs
    from the hiring)."""

    date_changement = None

    poste = forms.CharField(label="poste", max_length=150, required=False)
    code_pcs = forms.CharField(label="code PCS", max_length=6, required=False)
    date_embauche = forms.DateField(label="date d'embauche", widget=forms.DateInput(attrs={"type": "date"}))
    nature_contrat = forms.ChoiceField(label="nature du contrat", choices=NatureContrat.choices,
                                       initial=NatureContrat.CDI, required=False,
                                       help_text="Apprenti : VIP dans les deux mois de l'embauche (R6222-40-1).")

    def clean_nature_contrat(self):
        return self.cleaned_data["nature_contrat"] or NatureContrat.CDI

    def clean(self):
        donnees = super().clean()
        ajouter_au_formulaire(self, erreurs_embauche(donnees.get("date_naissance"), donnees.get("date_embauche")))
        return donnees

    def save(self, commit=True):
        salarie = super().save(commit)
        Emploi.objects.create(tenant=salarie.tenant, salarie=salarie, adherent=salarie.adherent,
                              poste=self.cleaned_data["poste"], code_pcs=self.cleaned_data["code_pcs"],
                              date_embauche=self.cleaned_data["date_embauche"],
                              nature_contrat=self.cleaned_data["nature_contrat"])
        return salarie


class EmploiForm(FormulaireService):
    """An employment; the employer is given by its SIREN (a service has thousands of members)."""

    siren_employeur = forms.CharField(label="SIREN de l'employeur", max_length=11)
    champs_fixes = ("salarie",)

    class Meta:
        model = Emploi
        fields = ["poste", "code_pcs", "nature_contrat", "date_embauche", "date_sortie", "motif_sortie",
                  "dispense_emploi_identique", "dispense_document_au_medecin", "dispense_sans_mesure_ni_inaptitude"]
        widgets = {"date_embauche": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "date_sortie": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {"dispense_emploi_identique": "Les trois conditions réunies dispensent de la visite d'embauche "
                                                   "si une visite a eu lieu dans les 5 ans (3 en SIA ; examen "
                                                   "d'aptitude dans les 2 ans en SIR) : R4624-15, R4624-27."}

    field_order = ["siren_employeur", "poste", "code_pcs", "nature_contrat", "date_embauche", "date_sortie",
                   "motif_sortie"]

    def clean(self):
        donnees = super().clean()
        if donnees.get("motif_sortie") and not donnees.get("date_sortie"):
            self.add_error("date_sortie", "Indiquez la date de sortie qui va avec ce motif.")
        return donnees

    def __init__(self, *args, salarie, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.salarie = salarie
        if self.instance.pk:
            self.initial["siren_employeur"] = self.instance.adherent.siren
        self.fields["nature_contrat"].required = False  # CDI when not given

    def clean_nature_contrat(self):
        return self.cleaned_data["nature_contrat"] or NatureContrat.CDI

    def clean_siren_employeur(self):
        siren = "".join(c for c in self.cleaned_data["siren_employeur"] if c.isdigit())
        adherent = Adherent.objects.filter(siren=siren).first()
        if adherent is None:
            raise forms.ValidationError("Aucun adhérent du service n'a ce SIREN.")
        self.instance.adherent = adherent
        return siren


class DemandeAdhesionForm(FormulaireService):
    """The public application form, and member services' corrections of it."""

    code_naf = ChampCodeNAF()
    siret = forms.CharField(label="SIRET du siège", max_length=20,
                            help_text="14 chiffres, sur l'avis de situation INSEE ou un extrait Kbis.")

    class Meta:
        model = DemandeAdhesion
        fields = ["siret", "raison_sociale", "enseigne", "code_naf", "adresse", "code_postal", "ville", "effectif",
                  "contact_prenom", "contact_nom", "contact_email", "contact_telephone"]

    def clean_siret(self):
        siret = "".join(c for c in self.cleaned_data["siret"] if c.isdigit())
        if Adherent.objects.filter(siren=siret[:9]).exists():
            raise forms.ValidationError("Cette entreprise est déjà adhérente du service : contactez-nous plutôt.")
        en_cours = DemandeAdhesion.objects.filter(siret__startswith=siret[:9], statut=StatutDemande.EN_ATTENTE)
        if en_cours.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("Une demande d'adhésion de cette entreprise est déjà en cours d'examen.")
        return siret


class MessageForm(FormulaireService):
    champs_fixes = ("adherent",)

    class Meta:
        model = MessageAdherent
        fields = ["objet", "texte"]
        widgets = {"texte": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, adherent, auteur, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.adherent, self.instance.auteur = adherent, auteur


class PropositionCategorieForm(FormulaireService):
    motifs_categorie = forms.MultipleChoiceField(label="motifs", choices=MotifCategorie.choices, required=False,
                                                 widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = PropositionCategorie
        fields = ["categorie", "motifs_categorie", "justification"]
        widgets = {"justification": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"justification": "Poste, exposition, date de début : ce qui aide l'équipe à décider."}

    def __init__(self, *args, salarie, adherent, auteur, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.salarie, self.instance.adherent, self.instance.proposee_par = salarie, adherent, auteur
        self.fields["motifs_categorie"].widget.attrs = {}

    def clean(self):
        donnees = super().clean()
        erreur = erreur_categorie(donnees.get("categorie", ""), donnees.get("motifs_categorie", []))
        if erreur:
            self.add_error("motifs_categorie", erreur)
        elif (donnees.get("categorie"), donnees.get("motifs_categorie")) == (
                self.instance.salarie.categorie, self.instance.salarie.motifs_categorie):
            raise forms.ValidationError("C'est déjà la catégorie et les motifs de ce salarié.")
        return donnees
