from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from spsti.forms import FormulaireService

from .models import Abonnement, TypeEvenement
from .reseau import REFUS, destination_permise


class AbonnementForm(FormulaireService):
    url = forms.URLField(label="adresse de réception", max_length=500, assume_scheme="https")
    evenements = forms.MultipleChoiceField(label="événements", choices=TypeEvenement.choices,
                                           widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Abonnement
        fields = ["nom", "url", "evenements", "actif"]

    def __init__(self, *args, adherent=None, auteur=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.instance.adherent, self.instance.cree_par = adherent, auteur

    def clean_url(self):
        url = self.cleaned_data["url"]
        if getattr(settings, "WEBHOOKS_HTTPS_SEUL", False) and urlsplit(url).scheme != "https":
            raise ValidationError("L'adresse de réception doit être en https:// (les envois sont chiffrés).")
        if not destination_permise(url):
            raise ValidationError(REFUS)
        return url
