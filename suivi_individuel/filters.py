import django_filters
from django import forms
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from spsti.filtres import Filtre, OuiNon
from spsti.models import Equipe, Rattachement
from spsti.permissions import Role

from .delegation import delegable_a
from .forms import ChoixProfessionnel
from .models import Echeance, StatutVisite, TypeVisite, Visite


class FiltreProfessionnel(django_filters.ModelChoiceFilter):
    """A physician or nurse, shown by name and role."""

    field_class = ChoixProfessionnel


@extend_schema_field(OpenApiTypes.INT)
class FiltreDelegable(FiltreProfessionnel):
    """A nurse's id: the due visits her protocols in force let her take today."""


class EcheanceFiltre(Filtre):
    equipe = django_filters.ModelChoiceFilter(field_name="salarie__adherent__equipe", label="Équipe",
                                              queryset=lambda request: Equipe.objects.all())
    type = django_filters.ChoiceFilter(choices=TypeVisite.choices, label="Type de visite")
    en_retard = django_filters.BooleanFilter(method="filtrer_retard", label="En retard", widget=OuiNon)
    a_planifier = django_filters.BooleanFilter(label="À convoquer", widget=OuiNon)
    medecin = FiltreProfessionnel(
        field_name="salarie__adherent__medecin", label="Médecin",
        queryset=lambda request: Rattachement.objects.filter(role=Role.MEDECIN).select_related("utilisateur"))
    infirmier = FiltreDelegable(
        method="filtrer_delegable", label="Délégable à",
        queryset=lambda request: Rattachement.objects.filter(role=Role.INFIRMIER).select_related("utilisateur"))
    adherent = django_filters.CharFilter(method="filtrer_adherent", label="Adhérent", help_text="Nom ou SIREN")

    class Meta:
        model = Echeance
        fields = ["obligatoire"]

    def filtrer_retard(self, queryset, name, valeur):
        aujourd_hui = timezone.localdate()
        return queryset.filter(au_plus_tard__lt=aujourd_hui) if valeur else queryset.filter(
            au_plus_tard__gte=aujourd_hui)

    def filtrer_delegable(self, queryset, name, infirmier):
        """What the nurse may take today under her protocols in force (R4623-14)."""
        return queryset.filter(delegable_a(infirmier, timezone.localdate()))

    def filtrer_adherent(self, queryset, name, valeur):
        chiffres = "".join(c for c in valeur if c.isdigit())
        if len(chiffres) >= 9:
            return queryset.filter(salarie__adherent__siren=chiffres[:9])
        return queryset.filter(salarie__adherent__raison_sociale__icontains=valeur)


JOUR = forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"})


class VisiteFiltre(Filtre):
    equipe = django_filters.ModelChoiceFilter(field_name="salarie__adherent__equipe", label="Équipe",
                                              queryset=lambda request: Equipe.objects.all())
    statut = django_filters.ChoiceFilter(choices=StatutVisite.choices, label="Statut")
    professionnel = FiltreProfessionnel(
        label="Professionnel", queryset=lambda request: Rattachement.objects.filter(
            role__in=[Role.MEDECIN, Role.INFIRMIER]).select_related("utilisateur"))
    du = django_filters.DateFilter(field_name="date", lookup_expr="gte", label="Du",
                                   widget=JOUR)
    au = django_filters.DateFilter(field_name="date", lookup_expr="lte", label="Au",
                                   widget=JOUR)
    adherent = django_filters.CharFilter(method="filtrer_adherent", label="Adhérent", help_text="Nom ou SIREN")

    class Meta:
        model = Visite
        fields = ["type", "mode"]

    filtrer_adherent = EcheanceFiltre.filtrer_adherent
