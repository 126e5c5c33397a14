"""The indicators of a year for the active service, as the director's page shows them."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from spsti.permissions import Capacite

from .registre import Periode, valeurs


class ValeurSerializer(serializers.Serializer):
    code = serializers.CharField(source="indicateur.code")
    libelle = serializers.CharField(source="indicateur.libelle")
    domaine = serializers.CharField(source="indicateur.domaine")
    source = serializers.CharField(source="indicateur.source")
    numerateur = serializers.IntegerField()
    denominateur = serializers.IntegerField(allow_null=True)
    pourcentage = serializers.FloatField(allow_null=True)
    cible = serializers.FloatField(allow_null=True)


class ParametresIndicateurs(serializers.Serializer):
    annee = serializers.IntegerField(min_value=2000, max_value=2100, required=False,
                                     help_text="Année (défaut : l'année en cours).",
                                     error_messages={"invalid": "L'année s'écrit en chiffres (2026).",
                                                     "min_value": "L'année doit être comprise entre 2000 et 2100.",
                                                     "max_value": "L'année doit être comprise entre 2000 et 2100."})
    domaine = serializers.CharField(required=False, help_text="Par exemple « Cellule PDP ».")
    code = serializers.CharField(required=False, allow_blank=True, help_text="Préfixe de code (« pdp_ »).")


class IndicateursViewSet(viewsets.ViewSet):
    capacite = Capacite.VOIR_INDICATEURS

    @extend_schema(parameters=[ParametresIndicateurs], responses=ValeurSerializer(many=True))
    def list(self, request):
        parametres = ParametresIndicateurs(data=request.query_params)
        parametres.is_valid(raise_exception=True)
        p = parametres.validated_data
        periode = Periode.annee(p.get("annee") or timezone.localdate().year)
        resultat = [v for v in valeurs(periode)
                    if v.indicateur.domaine == p.get("domaine", v.indicateur.domaine)
                    and v.indicateur.code.startswith(p.get("code", ""))]
        return Response(ValeurSerializer(resultat, many=True).data)
