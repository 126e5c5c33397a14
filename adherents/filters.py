"""Filters of the member list (back office and API). Choice querysets are callables: they are
evaluated per request, inside the service's scope."""

import re

import django_filters
from django.db.models import Q
from django.utils import timezone

from spsti.filtres import Filtre, OuiNon
from spsti.models import Centre, Equipe

from .models import Adherent, CodeNAF, EtapeAdherent, StatutAdherent, TrancheEffectif

BORNES_TRANCHES = {TrancheEffectif.MOINS_11: (0, 10), TrancheEffectif.DE_11_A_49: (11, 49),
                   TrancheEffectif.DE_50_A_249: (50, 249), TrancheEffectif.PLUS_250: (250, None)}


class AdherentFiltre(Filtre):
    q = django_filters.CharFilter(method="rechercher", label="Recherche",
                                  help_text="Raison sociale, enseigne, SIREN ou SIRET")
    statut = django_filters.ChoiceFilter(choices=StatutAdherent.choices, label="Statut")
    centre = django_filters.ModelChoiceFilter(queryset=lambda request: Centre.objects.all(), label="Centre")
    equipe = django_filters.ModelChoiceFilter(queryset=lambda request: Equipe.objects.all(), label="Équipe")
    sans_equipe = django_filters.BooleanFilter(field_name="equipe", lookup_expr="isnull", label="Sans équipe",
                                               widget=OuiNon)
    tranche = django_filters.ChoiceFilter(choices=TrancheEffectif.choices, method="filtrer_tranche",
                                          label="Taille")
    naf = django_filters.CharFilter(method="filtrer_naf", label="Activité (NAF)",
                                    help_text="Code (43.21A), début de code (43) ou libellé (boulangerie)")
    injoignable = django_filters.BooleanFilter(label="Injoignable", widget=OuiNon)
    etape_en_retard = django_filters.BooleanFilter(method="filtrer_etape_en_retard", label="Étape en retard",
                                                   widget=OuiNon)
    tri = django_filters.OrderingFilter(
        fields=(("raison_sociale", "raison_sociale"), ("effectif", "effectif"), ("date_adhesion", "date_adhesion")),
        field_labels={"raison_sociale": "Raison sociale", "effectif": "Effectif", "date_adhesion": "Adhésion"},
        label="Tri")

    class Meta:
        model = Adherent
        fields = []

    def rechercher(self, queryset, name, valeur):
        chiffres = "".join(c for c in valeur if c.isdigit())
        condition = Q(raison_sociale__icontains=valeur) | Q(enseigne__icontains=valeur)
        if len(chiffres) >= 9:
            condition |= Q(siren=chiffres[:9])
        return queryset.filter(condition)

    def filtrer_tranche(self, queryset, name, valeur):
        minimum, maximum = BORNES_TRANCHES[valeur]
        queryset = queryset.filter(effectif__gte=minimum)
        return queryset if maximum is None else queryset.filter(effectif__lte=maximum)

    def filtrer_etape_en_retard(self, queryset, name, valeur):
        en_retard = EtapeAdherent.objects.filter(faite_le__isnull=True, echeance__lt=timezone.localdate())
        condition = Q(pk__in=en_retard.values("adherent_id"))
        return queryset.filter(condition if valeur else ~condition)

    def filtrer_naf(self, queryset, name, valeur):
        valeur = valeur.strip()
        if re.fullmatch(r"[0-9.]+[A-Za-z]?", valeur):
            return queryset.filter(code_naf__code__startswith=CodeNAF.normaliser(valeur))
        return queryset.filter(code_naf__libelle__icontains=valeur)
