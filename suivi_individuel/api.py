from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from spsti.permissions import Capacite

from .models import DossierMedical
from .selectors import dossier_medical_lu


class DossierMedicalSerializer(serializers.ModelSerializer):
    class Meta:
        model = DossierMedical
        fields = ["id", "salarie", "ins", "expositions", "informations_sante", "notes"]


class DossierMedicalViewSet(viewsets.ViewSet):
    """A worker's medical record: physicians and nurses of the worker's team; every read logged.
    Any staff member gets through to the selector, so that a refused attempt is logged too."""

    capacite = Capacite.BACK_OFFICE
    lookup_value_regex = r"\d+"

    @extend_schema(responses=DossierMedicalSerializer)
    def retrieve(self, request, pk=None):
        dossier = dossier_medical_lu(rattachement=request._request.rattachement, salarie_id=pk,
                                     origine=request.path)
        return Response(DossierMedicalSerializer(dossier).data)
