"""Forms on tenant models: choices limited to the active service, uniqueness checked within it,
French messages, Bootstrap classes."""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse

from .models import Centre, Equipe, Rattachement, Service, Utilisateur
from .permissions import CAPACITES, ROLES_MEDICAUX, Capacite, Role
from .tenancy import ModeleService


def champ_du_service(champ_modele, **kwargs):
    """Form fields of relations to tenant models start empty: the form fills their choices
    from the active scope when it is instantiated (a class built at import time has none)."""
    if champ_modele.is_relation and issubclass(champ_modele.related_model, ModeleService):
        kwargs["queryset"] = champ_modele.related_model.objects.none()
    return champ_modele.formfield(**kwargs)


class ClassesBootstrap:
    """Bootstrap's classes on every widget (inputs, selects, check boxes)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for champ in self.fields.values():
            classe = {forms.CheckboxInput: "form-check-input", forms.CheckboxSelectMultiple: "choix",
                      forms.RadioSelect: "choix", forms.Select: "form-select"}.get(type(champ.widget), "form-control")
            champ.widget.attrs.setdefault("class", classe)


class FormulaireBootstrap(ClassesBootstrap, forms.ModelForm):
    pass


class FormulaireSimple(ClassesBootstrap, forms.Form):
    pass


class FormulaireService(FormulaireBootstrap):
    """ModelForm of a tenant model; the tenant comes from the request, never from the form."""

    def __init__(self, *args, service, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.tenant = service
        for champ in self.fields.values():
            if isinstance(champ, forms.ModelChoiceField):
                champ.queryset = champ.queryset.model.objects.all()

    champs_fixes: tuple[str, ...] = ()  # set on the instance by the view (e.g. the parent row)

    def _get_validation_exclusions(self):
        # Composite unique constraints start with the tenant (and the parent): validate them here.
        return super()._get_validation_exclusions() - {"tenant", *self.champs_fixes}

    def _post_clean(self):
        super()._post_clean()
        try:
            self.instance.verifier_references_du_service()
        except ValidationError as erreur:
            self._update_errors(erreur)


class ServiceForm(FormulaireBootstrap):
    class Meta:
        model = Service
        fields = ["nom", "adresse", "code_postal", "ville", "logo"]


class CentreForm(FormulaireService):
    class Meta:
        model = Centre
        fields = ["nom", "adresse", "code_postal", "ville", "telephone"]
        formfield_callback = champ_du_service


class EquipeForm(FormulaireService):
    class Meta:
        model = Equipe
        fields = ["nom", "centre"]
        formfield_callback = champ_du_service


ROLES_PERSONNEL = [(role.value, role.label) for role in Role if role != Role.ADHERENT]


class RattachementForm(FormulaireService):
    """A staff member's role and place in the service (portal accounts come with members)."""

    role = forms.ChoiceField(label="rôle", choices=ROLES_PERSONNEL)
    quotite = forms.DecimalField(
        label="quotité de travail", required=False, min_value=Decimal("0.01"), max_value=1, decimal_places=2,
        localize=True, help_text="Part d'un temps plein : 1 pour un temps plein, 0,5 pour un mi-temps (1 si vide).",
        error_messages={"min_value": "La quotité est une part d'un temps plein, supérieure à 0.",
                        "max_value": "La quotité ne dépasse pas 1 (un temps plein).",
                        "invalid": "Saisissez une quotité comme 1, 0,8 ou 0,5."})

    class Meta:
        model = Rattachement
        fields = ["role", "specialite", "centre", "equipe", "membre_cellule_pdp", "actif",
                  "quotite", "date_debut", "date_fin"]
        formfield_callback = champ_du_service
        help_texts = {"equipe": "Obligatoire pour les médecins et infirmiers : ils ne lisent que les "
                                "dossiers médicaux des salariés suivis par leur équipe."}

    def clean_quotite(self):
        return self.cleaned_data.get("quotite") or Decimal(1)

    def clean(self):
        donnees = super().clean()
        role, specialite = donnees.get("role"), donnees.get("specialite")
        if role == Role.IPRP and not specialite:
            self.add_error("specialite", "Indiquez la spécialité de l'IPRP.")
        if role != Role.IPRP and specialite:
            self.add_error("specialite", "Seuls les IPRP ont une spécialité.")
        if role in ROLES_MEDICAUX and not donnees.get("equipe"):
            self.add_error("equipe", "Un médecin ou un infirmier doit appartenir à une équipe.")
        if donnees.get("membre_cellule_pdp") and role and Capacite.CELLULE_PDP not in CAPACITES[role]:
            self.add_error("membre_cellule_pdp", f"Le rôle « {Role(role).label} » ne siège pas dans la cellule PDP.")
        equipe, centre = donnees.get("equipe"), donnees.get("centre")
        if equipe and centre and equipe.centre_id != centre.pk:
            self.add_error("equipe", f"L'équipe {equipe} dépend du centre {equipe.centre}, pas de {centre}.")
        debut, fin = donnees.get("date_debut"), donnees.get("date_fin")
        if debut and fin and fin < debut:
            self.add_error("date_fin", "La date de fin précède la date de début.")
        return donnees


class InvitationForm(RattachementForm):
    """Adds a person to the service: an existing account (same e-mail) or a new one."""

    email = forms.EmailField(label="adresse e-mail")
    prenom = forms.CharField(label="prénom", max_length=150)
    nom = forms.CharField(label="nom", max_length=150)

    field_order = ["email", "prenom", "nom", "role", "specialite", "centre", "equipe"]

    class Meta(RattachementForm.Meta):
        fields = ["role", "specialite", "centre", "equipe", "membre_cellule_pdp"]

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        deja = Rattachement.objects.filter(utilisateur__email__iexact=email).exists()
        if deja:
            raise ValidationError("Cette personne fait déjà partie de votre service.")
        return email

    def save(self, commit=True):
        donnees = self.cleaned_data
        utilisateur = Utilisateur.objects.filter(email__iexact=donnees["email"]).first()
        if utilisateur is None:
            utilisateur = Utilisateur(email=donnees["email"], username=donnees["email"],
                                      first_name=donnees["prenom"], last_name=donnees["nom"])
            utilisateur.set_unusable_password()
            utilisateur.save()
        self.instance.utilisateur = utilisateur
        return super().save(commit)


def traiter_formulaire(request, form, titre: str, message: str, *, retour: tuple[str, str],
                       gabarit: str = "spsti/formulaire.html"):
    """GET or invalid POST: the form page (French errors, nothing saved). Valid POST: saved, a
    success message. Returns (saved object or None, page to show or None). ``retour`` is the
    (label, URL) of the page the form belongs to, for the breadcrumb and the cancel button."""
    if request.method == "POST" and form.is_valid():
        try:
            objet = form.save()
        except ValidationError as erreur:  # e.g. a concurrent save (spsti.verrou)
            erreurs_dans_le_formulaire(form, erreur)
        else:
            messages.success(request, message.format(objet=objet))
            return objet, None
    return None, page_formulaire(request, form, titre, retour=retour, gabarit=gabarit)


def page_formulaire(request, form, titre: str, *, retour: tuple[str, str], gabarit: str = "spsti/formulaire.html"):
    """The page of a form (blank, or with its French errors)."""
    libelle, url = retour
    return render(request, gabarit, {
        "form": form, "titre": titre, "retour_libelle": libelle,
        "retour_url": url if url.startswith("/") else reverse(url)})


def erreurs_dans_le_formulaire(form, erreur: ValidationError) -> None:
    """A service's refusal shown on the form: on its field when it names one of the form's."""
    if hasattr(erreur, "error_dict"):
        for champ, liste in erreur.error_dict.items():
            form.add_error(champ if champ in form.fields else None, liste)
    else:
        form.add_error(None, erreur)


def appliquer(request, form, action):
    """A valid POSTed form handed to a service (``action(cleaned_data)``): its result, or None
    when the form is not posted, not valid, or refused by the service (the refusal is then on
    the form, and the service's transaction changed nothing)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return action(form.cleaned_data)
    except ValidationError as erreur:
        erreurs_dans_le_formulaire(form, erreur)
        return None


def traiter_par_service(request, form, action, *, titre: str, message: str, retour: tuple[str, str],
                        gabarit: str = "spsti/formulaire.html"):
    """Like ``traiter_formulaire``, for a form whose save is a service (``appliquer``).
    Returns (the service's result or None, page to show or None)."""
    objet = appliquer(request, form, action)
    if objet is not None:
        messages.success(request, message.format(objet=objet))
        return objet, None
    return None, page_formulaire(request, form, titre, retour=retour, gabarit=gabarit)


def executer(request, action, succes) -> None:
    """A one-click action (a POST button): ``succes`` (a text, or a function of the result) or
    the service's refusal, as a message."""
    try:
        resultat = action()
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
    else:
        messages.success(request, succes(resultat) if callable(succes) else succes)


class ReportAlerteForm(FormulaireSimple):
    """Snoozing an alert: until when (at most three months) and why."""

    jusqu_au = forms.DateField(label="reporter jusqu'au", widget=forms.DateInput(attrs={"type": "date"}))
    motif = forms.CharField(label="motif du report", max_length=255)

    def clean_jusqu_au(self):
        from datetime import timedelta

        from django.utils import timezone

        jour, date = timezone.localdate(), self.cleaned_data["jusqu_au"]
        if date <= jour:
            raise forms.ValidationError("Choisissez une date après aujourd'hui.")
        if date > jour + timedelta(days=92):
            raise forms.ValidationError("Une alerte se reporte de trois mois au plus.")
        return date
