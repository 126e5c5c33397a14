"""Filters of the DUERP support lists (pages and API)."""

import django_filters

from fiche_entreprise.filters import JOUR, FiltreAdherent
from spsti.filtres import Filtre, OuiNon
from spsti.models import Equipe

from .models import AccompagnementDUERP, OutilDUERP, Programme, RelaisPrevention, SessionCollective, StatutSession


class SessionFiltre(Filtre):
    programme = django_filters.ChoiceFilter(choices=Programme.choices, label="Programme")
    statut = django_filters.ChoiceFilter(choices=StatutSession.choices, label="Statut")
    du = django_filters.DateFilter(field_name="debut__date", lookup_expr="gte", label="Du", widget=JOUR)
    au = django_filters.DateFilter(field_name="debut__date", lookup_expr="lte", label="Au", widget=JOUR)

    class Meta:
        model = SessionCollective
        fields = []


class AccompagnementFiltre(FiltreAdherent):
    equipe = django_filters.ModelChoiceFilter(field_name="adherent__equipe", label="Équipe",
                                              queryset=lambda request: Equipe.objects.all())
    outil = django_filters.ChoiceFilter(choices=OutilDUERP.choices, label="Outil remis")
    suivi_a_faire = django_filters.BooleanFilter(method="filtrer_suivi", label="Point de suivi à faire", widget=OuiNon)

    class Meta:
        model = AccompagnementDUERP
        fields = []

    def filtrer_suivi(self, queryset, name, valeur):
        a_faire = queryset.filter(point_suivi_prevu_le__isnull=False, point_suivi_fait_le__isnull=True)
        return a_faire if valeur else queryset.exclude(pk__in=a_faire.values("pk"))


class RelaisFiltre(FiltreAdherent):
    equipe = django_filters.ModelChoiceFilter(field_name="adherent__equipe", label="Équipe",
                                              queryset=lambda request: Equipe.objects.all())
    contrat_signe = django_filters.BooleanFilter(field_name="contrat_signe_le", lookup_expr="isnull", exclude=True,
                                                 label="Contrat signé", widget=OuiNon)
    labellise = django_filters.BooleanFilter(field_name="label_le", lookup_expr="isnull", exclude=True,
                                             label="Labellisé", widget=OuiNon)

    class Meta:
        model = RelaisPrevention
        fields = []
