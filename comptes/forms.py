from django import forms

from spsti.forms import FormulaireSimple

from .models import PorteeJeton

DUREES = [(30, "30 jours"), (90, "90 jours"), (180, "180 jours"), (365, "1 an")]


class JetonForm(FormulaireSimple):
    nom = forms.CharField(label="Nom du jeton", max_length=100,
                          help_text="Pour vous souvenir de son usage (ex. « tableur RH »).")
    portee = forms.ChoiceField(label="Portée", choices=PorteeJeton.choices, initial=PorteeJeton.LECTURE)
    jours = forms.TypedChoiceField(label="Durée de validité", choices=DUREES, coerce=int, initial=90)
    adherent = forms.ModelChoiceField(label="Entreprise", queryset=None, required=False,
                                      help_text="Un jeton du portail ne vaut que pour une entreprise.")

    def __init__(self, *args, adherents=None, **kwargs):
        super().__init__(*args, **kwargs)
        if adherents is None:
            del self.fields["adherent"]
        else:
            self.fields["adherent"].queryset = adherents
            self.fields["adherent"].required = True


class CodeForm(forms.Form):
    code = forms.CharField(label="Code à usage unique", max_length=16,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                         "class": "form-control", "autofocus": True}))
    memoriser = forms.BooleanField(label="Se souvenir de cet appareil", required=False,
                                   widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))
