from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from spsti.api import ServiceViewSet
from spsti.permissions import Capacite

from .filters import EcheanceFiltre
from .models import DossierMedical, Echeance
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


class EcheanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Echeance
        fields = ["id", "salarie", "type", "au_plus_tot", "au_plus_tard", "obligatoire", "base_legale", "motif",
                  "realisable_par"]


class EcheancesViewSet(ServiceViewSet):
    """The due list (administrative data: types and dates, never medical content)."""

    modele, serializer_class, capacite = Echeance, EcheanceSerializer, Capacite.SUIVI_INDIVIDUEL
    filterset_class = EcheanceFiltre

    def queryset_du_service(self):
        return Echeance.objects.order_by("au_plus_tard", "pk")
