"""Base of the list filters: Bootstrap classes, help texts as placeholders, French yes/no."""

import django_filters
from django import forms


class OuiNon(forms.Select):
    def __init__(self, attrs=None):
        super().__init__(attrs, choices=[("", "Tous"), ("true", "Oui"), ("false", "Non")])


class Filtre(django_filters.FilterSet):
    @property
    def form(self):
        formulaire = super().form
        for champ in formulaire.fields.values():
            champ.widget.attrs.setdefault("class", "form-control form-control-sm"
                                          if champ.widget.input_type == "text" else "form-select form-select-sm")
            if champ.help_text:
                champ.widget.attrs.setdefault("placeholder", champ.help_text)
        return formulaire
