import django_filters
from django.utils import timezone

from spsti.filtres import Filtre, OuiNon
from spsti.models import Equipe

from .models import Echeance, TypeVisite


class EcheanceFiltre(Filtre):
    equipe = django_filters.ModelChoiceFilter(field_name="salarie__adherent__equipe", label="Équipe",
                                              queryset=lambda request: Equipe.objects.all())
    type = django_filters.ChoiceFilter(choices=TypeVisite.choices, label="Type de visite")
    en_retard = django_filters.BooleanFilter(method="filtrer_retard", label="En retard", widget=OuiNon)
    adherent = django_filters.CharFilter(method="filtrer_adherent", label="Adhérent", help_text="Nom ou SIREN")

    class Meta:
        model = Echeance
        fields = ["obligatoire"]

    def filtrer_retard(self, queryset, name, valeur):
        aujourd_hui = timezone.localdate()
        return queryset.filter(au_plus_tard__lt=aujourd_hui) if valeur else queryset.filter(
            au_plus_tard__gte=aujourd_hui)

    def filtrer_adherent(self, queryset, name, valeur):
        chiffres = "".join(c for c in valeur if c.isdigit())
        if len(chiffres) >= 9:
            return queryset.filter(salarie__adherent__siren=chiffres[:9])
        return queryset.filter(salarie__adherent__raison_sociale__icontains=valeur)
