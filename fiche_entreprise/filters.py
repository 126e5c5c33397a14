"""Filters of the prevention lists (pages and API). Choice querysets are callables, evaluated per
request inside the service's scope."""

import django_filters
from django import forms
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from spsti.filtres import Filtre, OuiNon
from spsti.models import Equipe, Rattachement
from spsti.permissions import Role

from . import rules
from .echeances import reglages_du_service
from .models import (
    ActionMilieuTravail,
    DossierPrevention,
    EcheancePrevention,
    FicheEntreprise,
    StatutAction,
    StatutFiche,
    TypeAction,
    TypeEcheancePrevention,
)

JOUR = forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"}, format="%Y-%m-%d")
ETATS = [("a_echeance", "À faire (échéance proche ou dépassée)"), ("en_retard", "En retard"), ("a_jour", "À jour")]


def intervenants_prevention(request=None):
    return (Rattachement.objects.filter(role__in=[Role.IPRP, Role.ASSISTANT_PREVENTION, Role.MEDECIN], actif=True)
            .select_related("utilisateur").order_by("utilisateur__last_name"))


def referents(request=None):
    return intervenants_prevention().filter(role__in=[Role.IPRP, Role.ASSISTANT_PREVENTION])


class FiltreAdherent(Filtre):
    adherent = django_filters.CharFilter(method="filtrer_adherent", label="Adhérent", help_text="Nom ou SIREN")

    def filtrer_adherent(self, queryset, name, valeur):
        chiffres = "".join(c for c in valeur if c.isdigit())
        if len(chiffres) >= 9:
            return queryset.filter(adherent__siren=chiffres[:9])
        return queryset.filter(adherent__raison_sociale__icontains=valeur)


@extend_schema_field(OpenApiTypes.INT)
class FiltreReferent(django_filters.ModelChoiceFilter):
    """The prevention referent's id (IPRP or ASST): the members they follow."""


class EcheancePreventionFiltre(FiltreAdherent):
    equipe = django_filters.ModelChoiceFilter(field_name="adherent__equipe", label="Équipe",
                                              queryset=lambda request: Equipe.objects.all())
    referent = FiltreReferent(method="filtrer_referent", label="Référent prévention", queryset=referents)
    type = django_filters.ChoiceFilter(choices=TypeEcheancePrevention.choices, label="Échéance")
    etat = django_filters.ChoiceFilter(choices=ETATS, method="filtrer_etat", label="État", empty_label="Toutes")

    class Meta:
        model = EcheancePrevention
        fields = []

    def filtrer_referent(self, queryset, name, referent):
        return queryset.filter(adherent_id__in=DossierPrevention.objects.filter(referent=referent)
                               .values("adherent_id"))

    def filtrer_etat(self, queryset, name, etat):
        aujourd_hui = timezone.localdate()
        if etat == "en_retard":
            return queryset.filter(au_plus_tard__lt=aujourd_hui)
        horizon = rules.horizon_alerte(aujourd_hui, reglages_du_service(self.request.service))
        if etat == "a_echeance":
            return queryset.filter(au_plus_tard__lte=horizon)
        return queryset.filter(au_plus_tard__gt=horizon)


class FicheFiltre(FiltreAdherent):
    statut = django_filters.ChoiceFilter(choices=StatutFiche.choices, label="Statut")
    equipe = django_filters.ModelChoiceFilter(field_name="adherent__equipe", label="Équipe",
                                              queryset=lambda request: Equipe.objects.all())

    class Meta:
        model = FicheEntreprise
        fields = []


class ActionFiltre(FiltreAdherent):
    type = django_filters.ModelChoiceFilter(label="Type", queryset=lambda request: TypeAction.objects.all())
    primaire = django_filters.BooleanFilter(field_name="type__prevention_primaire", label="Prévention primaire",
                                            widget=OuiNon)
    statut = django_filters.ChoiceFilter(choices=StatutAction.choices, label="Statut")
    intervenant = django_filters.ModelChoiceFilter(label="Intervenant", queryset=intervenants_prevention)
    equipe = django_filters.ModelChoiceFilter(field_name="adherent__equipe", label="Équipe",
                                              queryset=lambda request: Equipe.objects.all())
    du = django_filters.DateFilter(field_name="date", lookup_expr="gte", label="Du", widget=JOUR)
    au = django_filters.DateFilter(field_name="date", lookup_expr="lte", label="Au", widget=JOUR)

    class Meta:
        model = ActionMilieuTravail
        fields = []
