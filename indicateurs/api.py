"""The indicators of a year for the active service, as the director's page shows them."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
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


class IndicateursViewSet(viewsets.ViewSet):
    capacite = Capacite.VOIR_INDICATEURS

    @extend_schema(parameters=[OpenApiParameter("annee", int, description="Année (défaut : l'année en cours)."),
                               OpenApiParameter("domaine", str, description="Par exemple « Cellule PDP »."),
                               OpenApiParameter("code", str, description="Préfixe de code (« pdp_ »).")],
                   responses=ValeurSerializer(many=True))
    def list(self, request):
        annee = request.query_params.get("annee", "")
        if annee and not annee.isdigit():
            raise serializers.ValidationError({"annee": "L'année s'écrit en chiffres (2026)."})
        periode = Periode.annee(int(annee) if annee else timezone.localdate().year)
        resultat = [v for v in valeurs(periode)
                    if v.indicateur.domaine == request.query_params.get("domaine", v.indicateur.domaine)
                    and v.indicateur.code.startswith(request.query_params.get("code", ""))]
        return Response(ValeurSerializer(resultat, many=True).data)
