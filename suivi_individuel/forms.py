from datetime import datetime, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from adherents.models import Salarie
from spsti.forms import FormulaireBootstrap, FormulaireService, FormulaireSimple, champ_du_service
from spsti.models import Rattachement
from spsti.permissions import Role

from . import rules
from .demandes import VISITES_A_LA_DEMANDE
from .models import (
    CHAMPS_EXAMEN,
    JOURS,
    ArretTravail,
    Disponibilite,
    ExamenVisite,
    ModeConsentement,
    ModeRealisation,
    NatureDocument,
    PreferencesPlanification,
    ProtocoleDelegation,
    TypeVisite,
    TypeVisiteService,
    questionnaire_du_service,
)
from .thesaurus import types_visite_du_service
from .visites import nature_permise

CATEGORIES = [("SI", "SI — suivi individuel"), ("SIA", "SIA — suivi adapté"), ("SIR", "SIR — suivi renforcé")]
DELEGABLES = [(t.value, t.label) for t in TypeVisite if t.value not in rules.RESERVEES_AU_MEDECIN]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
HEURE = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def professionnels_de_sante(**filtres):
    return (Rattachement.objects.filter(role__in=[Role.MEDECIN, Role.INFIRMIER], actif=True, **filtres)
            .select_related("utilisateur").order_by("utilisateur__last_name"))


class ChoixProfessionnel(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.utilisateur.get_full_name()} — {obj.get_role_display()}"


class TypeVisiteForm(FormulaireService):
    class Meta:
        model = TypeVisiteService
        fields = ["libelle", "type_legal", "duree_minutes", "mode", "actif"]


class ProtocoleForm(FormulaireService):
    types_visite = forms.MultipleChoiceField(label="types de visite délégués", choices=DELEGABLES,
                                             widget=forms.CheckboxSelectMultiple,
                                             help_text="L'examen d'aptitude, son renouvellement et la visite "
                                                       "post-exposition restent au médecin (R4623-14).")
    categories = forms.MultipleChoiceField(label="catégories de suivi", choices=CATEGORIES,
                                           widget=forms.CheckboxSelectMultiple)
    medecin = ChoixProfessionnel(label="médecin du travail délégant", queryset=Rattachement.objects.none())
    infirmier = ChoixProfessionnel(label="infirmier·e délégataire", queryset=Rattachement.objects.none())

    class Meta:
        model = ProtocoleDelegation
        fields = ["medecin", "infirmier", "types_visite", "categories", "pratique_avancee", "contenu", "valide_du",
                  "valide_au"]
        widgets = {"valide_du": DATE, "valide_au": DATE, "contenu": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["medecin"].queryset = professionnels_de_sante(role=Role.MEDECIN)
        self.fields["infirmier"].queryset = professionnels_de_sante(role=Role.INFIRMIER)

    def clean(self):
        donnees = super().clean()
        if self.instance.signe_le:
            raise ValidationError("Un protocole signé ne se modifie pas : rédigez-en un nouveau.")
        medecin, infirmier = donnees.get("medecin"), donnees.get("infirmier")
        if medecin and infirmier and medecin.equipe_id != infirmier.equipe_id:
            self.add_error("infirmier", "L'infirmier·e doit appartenir à l'équipe du médecin délégant.")
        return donnees


class DisponibiliteForm(FormulaireService):
    """One range, repeated weekly if asked; each occurrence must not overlap another range of
    the same professional."""

    jour = forms.DateField(label="date", widget=DATE)
    heure_debut = forms.TimeField(label="de", widget=HEURE)
    heure_fin = forms.TimeField(label="à", widget=HEURE)
    semaines = forms.IntegerField(label="répéter pendant (semaines)", min_value=1, max_value=26, initial=1)
    professionnel = ChoixProfessionnel(label="professionnel de santé", queryset=Rattachement.objects.none())

    class Meta:
        model = Disponibilite
        fields = ["professionnel", "centre", "mode", "adherent"]
        formfield_callback = champ_du_service

    field_order = ["professionnel", "centre", "mode", "adherent", "jour", "heure_debut", "heure_fin", "semaines"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["professionnel"].queryset = professionnels_de_sante()
        self.fields["adherent"].required = False
        self.fields["adherent"].help_text = "Pour une session de visites dans l'entreprise."

    def plages(self) -> list[tuple[datetime, datetime]]:
        d = self.cleaned_data
        return [(timezone.make_aware(datetime.combine(d["jour"] + timedelta(weeks=n), d["heure_debut"])),
                 timezone.make_aware(datetime.combine(d["jour"] + timedelta(weeks=n), d["heure_fin"])))
                for n in range(d["semaines"])]

    def clean(self):
        donnees = super().clean()
        if self.errors:
            return donnees
        if donnees["heure_fin"] <= donnees["heure_debut"]:
            self.add_error("heure_fin", "L'heure de fin doit suivre l'heure de début.")
            return donnees
        if donnees.get("adherent") and donnees.get("mode") == ModeRealisation.TELECONSULTATION:
            self.add_error("adherent", "Une session dans l'entreprise se tient sur site.")
        for debut, fin in self.plages():
            autre = Disponibilite.objects.filter(professionnel=donnees["professionnel"], debut__lt=fin,
                                                 fin__gt=debut).first()
            if autre:
                self.add_error(None, f"Chevauchement avec une plage existante : {autre}.")
                break
        return donnees

    def save(self, commit=True):
        return Disponibilite.objects.bulk_create([
            Disponibilite(tenant=self.instance.tenant, professionnel=self.cleaned_data["professionnel"],
                          centre=self.cleaned_data["centre"], adherent=self.cleaned_data.get("adherent"),
                          mode=self.cleaned_data["mode"], debut=debut, fin=fin)
            for debut, fin in self.plages()])


class ConvocationForm(FormulaireSimple):
    """A booking: a free time picked among those proposed (``creneaux``), or a professional and a
    time typed."""

    type_service = forms.ModelChoiceField(label="type de visite", queryset=TypeVisiteService.objects.none())
    creneau = forms.ChoiceField(label="créneau libre", required=False, widget=forms.RadioSelect)
    professionnel = ChoixProfessionnel(label="professionnel de santé", queryset=Rattachement.objects.none(),
                                       required=False)
    debut = forms.DateTimeField(label="date et heure", input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
                                required=False,
                                widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    mode = forms.ChoiceField(label="mode", choices=ModeRealisation.choices, required=False)
    motif = forms.CharField(label="motif du report", max_length=255, required=False)
    avec_mi_carriere = forms.BooleanField(
        label="combiner avec la visite de mi-carrière (L4624-2-2)", required=False,
        help_text="Réalisée, cette visite tiendra lieu aussi de visite de mi-carrière (au plus tôt deux ans "
                  "avant l'année où elle est due).")

    def __init__(self, *args, salarie, report=False, creneaux=(), mi_carriere=None, **kwargs):
        super().__init__(*args, **kwargs)
        types_visite_du_service(salarie.tenant)
        self.fields["type_service"].queryset = TypeVisiteService.objects.filter(actif=True)
        self.fields["professionnel"].queryset = professionnels_de_sante(equipe_id=salarie.equipe_id)
        self.creneaux = {c.valeur: c for c in creneaux}
        self.fields["creneau"].choices = [(c.valeur, c.valeur) for c in creneaux]
        if report:
            self.fields["motif"].required = True
        else:
            del self.fields["motif"]
        # L4624-2-2: offered when the worker's mid-career visit falls within two years (checked
        # again on booking, ``agenda.visite_planifier``).
        if mi_carriere is None or not rules.mi_carriere_combinable(mi_carriere.au_plus_tot, timezone.localdate()):
            del self.fields["avec_mi_carriere"]

    def clean(self):
        donnees = super().clean()
        creneau = self.creneaux.get(donnees.get("creneau") or "")
        if creneau is not None:
            donnees.update(professionnel=creneau.professionnel, debut=creneau.debut, mode=creneau.mode)
        elif not (donnees.get("professionnel") and donnees.get("debut")) and not self.has_error("debut"):
            raise ValidationError("Choisissez un créneau libre proposé, ou un professionnel et une date et heure.")
        donnees["mode"] = donnees.get("mode") or ModeRealisation.SUR_SITE
        donnees.pop("creneau", None)
        return donnees


class MotifForm(forms.Form):
    motif = forms.CharField(label="motif", max_length=255, widget=forms.TextInput(attrs={"class": "form-control"}))


class PlanificationAdherentForm(forms.Form):
    du = forms.DateField(label="du", widget=forms.DateInput(attrs={"type": "date", "class": "form-control"},
                                                            format="%Y-%m-%d"))
    au = forms.DateField(label="au", widget=forms.DateInput(attrs={"type": "date", "class": "form-control"},
                                                            format="%Y-%m-%d"))

    def clean(self):
        donnees = super().clean()
        du, au = donnees.get("du"), donnees.get("au")
        if du and au and not du <= au <= du + timedelta(days=92):
            raise ValidationError("La période va de 1 jour à 3 mois, la fin après le début.")
        return donnees


class PreferencesForm(FormulaireService):
    jours = forms.TypedMultipleChoiceField(label="jours possibles", choices=JOURS, coerce=int, required=False,
                                           widget=forms.CheckboxSelectMultiple, help_text="Aucun : tous les jours.")

    class Meta:
        model = PreferencesPlanification
        fields = ["jours", "heure_min", "heure_max", "sessions_sur_site", "commentaire"]
        widgets = {"heure_min": HEURE, "heure_max": HEURE}


class ExamenForm(FormulaireBootstrap):
    """The medical part, and the outcome document it ends with."""

    nature = forms.ChoiceField(label="document remis", choices=NatureDocument.choices, help_text=(
        "Seuls les documents permis pour cette visite sont proposés : avis d'aptitude ou d'inaptitude du médecin "
        "après un examen d'aptitude (R4624-25), attestation de suivi après une VIP (R4624-14) ou une visite "
        "réalisée par l'infirmier·e (R4623-14)."))
    propositions = forms.CharField(label="propositions et restrictions pour l'employeur", required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}),
                                   help_text="Visible de l'employeur : aucune donnée médicale.")
    consentement_teleconsultation = forms.BooleanField(
        label="le salarié consent à la téléconsultation (R4624-41-1)", required=False)

    class Meta:
        model = ExamenVisite
        fields = [champ for champ in CHAMPS_EXAMEN if champ != "questionnaire"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 5}), "conclusions": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, visite, par=None, **kwargs):
        super().__init__(*args, **kwargs)
        if par is not None:  # only the documents this professional may issue for this visit
            self.fields["nature"].choices = [(valeur, libelle) for valeur, libelle in NatureDocument.choices
                                             if nature_permise(par, visite, valeur)]
        if visite.mode != ModeRealisation.TELECONSULTATION:
            del self.fields["consentement_teleconsultation"]
        self.questions = questionnaire_du_service(visite.tenant)
        for rang, question in enumerate(self.questions):
            self.fields[f"question_{rang}"] = forms.CharField(label=question, required=False, max_length=1000,
                                                              widget=forms.TextInput(attrs={"class": "form-control"}))
        self.order_fields(["notes", *(f"question_{rang}" for rang in range(len(self.questions)))])

    def examen(self) -> dict:
        """The medical part as ``visites.visite_realiser`` takes it (answered questions only)."""
        donnees = self.cleaned_data
        examen = {champ: donnees[champ] for champ in self._meta.fields}
        examen["questionnaire"] = {question: donnees[f"question_{rang}"].strip()
                                   for rang, question in enumerate(self.questions)
                                   if donnees[f"question_{rang}"].strip()}
        return examen


class ArretTravailForm(FormulaireService):
    """An absence: for one worker (back office), or one of the member's workers (portal)."""

    class Meta:
        model = ArretTravail
        fields = ["salarie", "nature", "debut", "reprise"]
        formfield_callback = champ_du_service
        widgets = {"debut": DATE, "reprise": DATE}
        labels = {"reprise": "date de reprise du travail"}
        help_texts = {"reprise": "Premier jour de retour au poste, même prévisionnel."}

    def __init__(self, *args, salaries=None, **kwargs):
        super().__init__(*args, **kwargs)
        if salaries is None:
            del self.fields["salarie"]
            self.champs_fixes = ("salarie",)
        else:
            self.fields["salarie"].queryset = salaries
            self.fields["salarie"].label = "salarié"


class DemandeVisiteForm(FormulaireSimple):
    """A visit on request (R4624-34): the employer's, from the portal; the worker's or the
    physician's, recorded by the team."""

    salarie = forms.ModelChoiceField(label="salarié", queryset=Salarie.objects.none())
    type_visite = forms.ChoiceField(label="visite", choices=[(t.value, t.label) for t in VISITES_A_LA_DEMANDE])
    motif = forms.CharField(label="motif de la demande", max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
                            help_text="Ce qui motive la demande, sans donnée de santé.")

    def __init__(self, *args, salaries, types=VISITES_A_LA_DEMANDE, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["salarie"].queryset = salaries
        self.fields["type_visite"].choices = [(t.value, t.label) for t in types]
        self.fields["type_visite"].initial = types[0]


def _champ_borne(libelle, minimum, maximum, article):
    message = f"Entre {minimum} et {maximum} : au-delà, le plafond légal est dépassé ({article})."
    return forms.IntegerField(label=libelle, min_value=minimum, max_value=maximum,
                              help_text=f"De {minimum} à {maximum} ({article}).",
                              error_messages={"min_value": message, "max_value": message,
                                              "invalid": "Indiquez un nombre entier."})


class ReglagesSuiviForm(FormulaireSimple):
    """The service's settings of the legal schedule (``Service.parametres``), each bounded by
    the law (``rules.BORNES_REGLAGES``, ``fiche_entreprise.rules``): the director edits them here,
    never as raw JSON."""

    ages_mi_carriere_branches = forms.CharField(
        label="âges de mi-carrière par accord de branche", required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"Une ligne par branche : « IDCC = âge », ex. « 1596 = 50 » ; âge de "
                  f"{rules.AGE_MI_CARRIERE_MIN} à {rules.AGE_MI_CARRIERE_MAX} ans (L4624-2-2).")

    fe_par_etablissement = forms.BooleanField(
        label="fiche d'entreprise par établissement quand un établissement a la sienne (R4624-46)", required=False,
        initial=True)

    def __init__(self, *args, **kwargs):
        from fiche_entreprise import rules as prevention

        super().__init__(*args, **kwargs)
        champs = {nom: _champ_borne(libelle, minimum, maximum, article)
                  for nom, (minimum, maximum, article, libelle) in rules.BORNES_REGLAGES.items()}
        champs.update({
            "delai_premiere_fiche_mois": _champ_borne("délai de la première fiche d'entreprise (mois)", 1,
                                                      prevention.MAX_DELAI_PREMIERE_FICHE, "R4624-47"),
            "periodicite_fiche_mois": _champ_borne("mise à jour de la fiche d'entreprise (mois)", 1,
                                                   prevention.MAX_PERIODICITE_FICHE, "décret 2022-653"),
            "periodicite_action_primaire_mois": _champ_borne("action de prévention primaire (mois)", 1,
                                                             prevention.MAX_PERIODICITE_ACTION_PRIMAIRE,
                                                             "décret 2022-653"),
            "alerte_jours": _champ_borne("alerter avant l'échéance de prévention (jours)", 0, 365,
                                         "objectif du service"),
        })
        branches = self.fields.pop("ages_mi_carriere_branches")
        par_etablissement = self.fields.pop("fe_par_etablissement")
        self.fields = {**champs, "ages_mi_carriere_branches": branches, "fe_par_etablissement": par_etablissement}
        for champ in champs.values():
            champ.widget.attrs.setdefault("class", "form-control")

    @classmethod
    def pour(cls, service, donnees=None):
        """The form with the stored values, a legacy value beyond its ceiling shown as the one
        applied (the legal maximum); ``erreurs_stockees`` lists them."""
        from fiche_entreprise.echeances import reglages_du_service as reglages_prevention

        reglages, erreurs = rules.Reglages.depuis(service.parametres or {})
        table = (service.parametres or {}).get("ages_mi_carriere_branches") or {}
        initial = {**reglages.__dict__, **reglages_prevention(service).__dict__,
                   "fe_par_etablissement": (service.parametres or {}).get("fe_par_etablissement", True) is not False,
                   "ages_mi_carriere_branches": "\n".join(f"{idcc} = {age}" for idcc, age in
                                                          (table.items() if isinstance(table, dict) else []))}
        form = cls(donnees, initial=initial)
        form.erreurs_stockees = erreurs
        return form

    def clean_ages_mi_carriere_branches(self):
        table = {}
        for numero, ligne in enumerate(self.cleaned_data["ages_mi_carriere_branches"].splitlines(), start=1):
            if not ligne.strip():
                continue
            idcc, _, age = (morceau.strip() for morceau in ligne.partition("="))
            if not (idcc.isdigit() and len(idcc) <= 4 and age.isdigit()):
                raise ValidationError(f"Ligne {numero} : écrivez « IDCC = âge », par exemple « 1596 = 50 ».")
            if rules.age_de_branche(int(age)) is None:
                raise ValidationError(f"Ligne {numero} : l'âge doit être compris entre {rules.AGE_MI_CARRIERE_MIN} "
                                      f"et {rules.AGE_MI_CARRIERE_MAX} ans (L4624-2-2).")
            table[idcc] = int(age)
        return table

    def enregistrer(self, service):
        service.parametres = {**(service.parametres or {}), **self.cleaned_data}
        service.save(update_fields=["parametres"])


class ConsentementDMSTForm(FormulaireSimple):
    """The worker, informed, does not object to the transmission of the DMST (R4624-45-7)."""

    # required by the service (its French message, one place for the rule), not by the form
    consentement_le = forms.DateField(label="non-opposition du salarié recueillie le", widget=DATE, required=False,
                                      help_text="Le salarié a été informé de la transmission et ne s'y oppose pas "
                                                "(R4624-45-7).")
    consentement_mode = forms.ChoiceField(label="recueillie", choices=[("", "—"), *ModeConsentement.choices],
                                          required=False)


class TransmissionDMSTForm(ConsentementDMSTForm):
    destinataire = forms.CharField(label="service destinataire", max_length=200,
                                   help_text="Le service de prévention et de santé au travail qui suit désormais le "
                                             "salarié et demande son dossier.")
    field_order = ["destinataire", "consentement_le", "consentement_mode"]


class ReceptionDMSTForm(ConsentementDMSTForm):
    fichier = forms.FileField(label="fichier JSON transmis",
                              help_text="Le fichier reçu du service précédent par messagerie sécurisée de santé.")
    field_order = ["fichier", "consentement_le", "consentement_mode"]
