from django import forms
from django.utils import timezone

from adherents.models import Adherent
from fiche_entreprise.filters import intervenants_prevention
from fiche_entreprise.forms import DATE, TEXTE, ChoixPersonne, actifs
from fiche_entreprise.models import FamilleRisque
from spsti.forms import FormulaireService, FormulaireSimple, champ_du_service
from spsti.models import Rattachement

from .models import (
    AccompagnementDUERP,
    ActionPlan,
    PlanAction,
    RelaisPrevention,
    SessionCollective,
)

MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
FORMATS_MOMENT = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"]


class SessionForm(FormulaireService):
    animateur = ChoixPersonne(label="animée par", queryset=Rattachement.objects.none(), required=False)
    debut = forms.DateTimeField(label="début", input_formats=FORMATS_MOMENT, widget=MOMENT)
    fin = forms.DateTimeField(label="fin", input_formats=FORMATS_MOMENT, widget=MOMENT)

    class Meta:
        model = SessionCollective
        fields = ["programme", "titre", "debut", "fin", "lieu", "centre", "capacite", "animateur"]
        formfield_callback = champ_du_service

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["animateur"].queryset = intervenants_prevention()


class InscriptionForm(FormulaireSimple):
    """A registration: the member is chosen by the service, fixed in the portal."""

    adherent = forms.ModelChoiceField(label="adhérent", queryset=Adherent.objects.none())
    participants = forms.IntegerField(label="nombre de participants", min_value=1, max_value=10, initial=1)
    noms = forms.CharField(label="noms des participants", max_length=300, required=False,
                           help_text="Le dirigeant, le futur référent santé-sécurité…")

    def __init__(self, *args, portail=False, **kwargs):
        super().__init__(*args, **kwargs)
        if portail:
            del self.fields["adherent"]
        else:
            self.fields["adherent"].queryset = Adherent.objects.filter(statut="actif")


class AccompagnementForm(FormulaireService):
    suivi_par = ChoixPersonne(label="suivi par", queryset=Rattachement.objects.none(), required=False)
    lien_oira = forms.URLField(label="lien OiRA", required=False, assume_scheme="https",
                               help_text=AccompagnementDUERP._meta.get_field("lien_oira").help_text)

    class Meta:
        model = AccompagnementDUERP
        fields = ["suivi_par", "ouvert_le", "outil", "outil_remis_le", "lien_oira", "accompagnement_sur_site_le",
                  "point_suivi_prevu_le", "point_suivi_fait_le", "notes"]
        widgets = dict.fromkeys(("ouvert_le", "outil_remis_le", "accompagnement_sur_site_le", "point_suivi_prevu_le",
                                 "point_suivi_fait_le"), DATE) | {"notes": TEXTE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["suivi_par"].queryset = intervenants_prevention()


class PlanForm(FormulaireService):
    class Meta:
        model = PlanAction
        fields = ["titre", "cree_le", "accompagnement", "relais"]
        formfield_callback = champ_du_service
        widgets = {"cree_le": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        adherent = self.instance.adherent
        self.fields["accompagnement"].queryset = AccompagnementDUERP.objects.filter(adherent=adherent)
        self.fields["relais"].queryset = RelaisPrevention.objects.filter(adherent=adherent)


class ActionPlanForm(FormulaireService):
    class Meta:
        model = ActionPlan
        fields = ["intitule", "famille", "responsable", "echeance", "statut", "prioritaire"]
        formfield_callback = champ_du_service
        widgets = {"echeance": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["famille"].queryset = actifs(FamilleRisque, self.instance.tenant) | FamilleRisque.objects.filter(
            pk=self.instance.famille_id or 0)


class DocumentDUERPForm(FormulaireSimple):
    fichier = forms.FileField(label="fichier du DUERP", help_text="PDF, traitement de texte ou tableur, 20 Mo au plus.")
    mis_a_jour_le = forms.DateField(label="DUERP mis à jour le", widget=DATE, initial=timezone.localdate,
                                    help_text="La date de la mise à jour portée sur le document.")
    commentaire = forms.CharField(label="commentaire", max_length=300, required=False)


class RelaisForm(FormulaireService):
    class Meta:
        model = RelaisPrevention
        fields = ["relais_nom", "relais_fonction", "proposee_le", "contrat_signe_le", "visite_le", "suivi_un_an_le",
                  "abandonnee_le"]
        widgets = dict.fromkeys(("proposee_le", "contrat_signe_le", "visite_le", "suivi_un_an_le", "abandonnee_le"),
                                DATE)
        help_texts = {"contrat_signe_le": "Rempli par l'employeur quand il signe sur le portail, ou ici pour un "
                                          "contrat signé sur papier."}


class SignatureContratForm(FormulaireSimple):
    engagement = forms.BooleanField(
        label="Je m'engage, pour l'entreprise, à ce que le relais suive les 4 modules dans les 2 ans, à réaliser "
              "notre document unique et à mettre en place au moins 3 points de progrès.",
        error_messages={"required": "Cochez l'engagement pour signer le contrat."})
