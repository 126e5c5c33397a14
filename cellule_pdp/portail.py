"""The employer and the PDP cell: it signals a worker in difficulty; it sees of its workers'
files only what each worker consented to share with it (never health elements)."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect

from adherents.models import Salarie
from adherents.portail import adherent_du_portail, retour_entreprise
from adherents.selectors import salaries_presents
from spsti.acces import capacite_requise
from spsti.forms import FormulaireSimple, page_formulaire
from spsti.permissions import Capacite

from . import services
from .models import SourceSignalement


class SignalementEmployeurForm(FormulaireSimple):
    salarie = forms.ModelChoiceField(label="salarié", queryset=Salarie.objects.none())
    description = forms.CharField(
        label="ce qui vous inquiète", widget=forms.Textarea(attrs={"rows": 4}), max_length=2000,
        help_text="Difficultés au poste, absences, demande d'aménagement… Pas de diagnostic ni d'information "
                  "médicale : le salarié en parlera lui-même avec le médecin du travail.")

    def __init__(self, *args, salaries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["salarie"].queryset = salaries


@capacite_requise(Capacite.PORTAIL, connexion="portail:connexion")
def signaler(request, pk: int):
    adherent = adherent_du_portail(request, pk)
    form = SignalementEmployeurForm(request.POST or None, salaries=salaries_presents(adherent))
    if request.method == "POST" and form.is_valid():
        services.signalement_creer(salarie=form.cleaned_data["salarie"], par=request.rattachement,
                                   source=SourceSignalement.par_code(request.service, "employeur"),
                                   description=form.cleaned_data["description"])
        messages.success(request, "Votre signalement est transmis à la cellule de prévention de la désinsertion "
                                  "professionnelle : elle vous recontactera.")
        return redirect("portail:entreprise", pk=adherent.pk)
    return page_formulaire(request, form, "Signaler un salarié en difficulté dans son emploi",
                           retour=retour_entreprise(adherent), gabarit="portail/formulaire.html")
