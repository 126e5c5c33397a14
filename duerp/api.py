"""API of DUERP support: collective sessions and registrations, action plans, DUERP versions
(filed, downloaded, never changed nor deleted: no PUT, PATCH or DELETE)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from adherents.models import Adherent
from fiche_entreprise.api import EnregistrementValideMixin
from spsti.api import ServiceViewSet
from spsti.permissions import Capacite
from suivi_individuel.api import erreurs_du_service

from . import rules, services
from .filters import SessionFiltre
from .models import ActionPlan, DocumentDUERP, Inscription, PlanAction, SessionCollective
from .selectors import avec_places, plans_avec_priorites
from .views import reponse_duerp


class SessionSerializer(serializers.ModelSerializer):
    intitule = serializers.CharField(read_only=True)
    places_prises = serializers.IntegerField(read_only=True)

    class Meta:
        model = SessionCollective
        fields = ["id", "programme", "titre", "intitule", "debut", "fin", "lieu", "centre", "capacite", "animateur",
                  "statut", "places_prises"]
        read_only_fields = ["statut"]


class PresencesSerializer(serializers.Serializer):
    presents = serializers.ListField(child=serializers.IntegerField(), allow_empty=True,
                                     help_text="Les inscriptions présentes ; les autres sont notées absentes.")


class SessionsViewSet(EnregistrementValideMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, ServiceViewSet):
    """Collective sessions (DUERP awareness, Relais de prévention modules, other themes)."""

    modele, serializer_class, capacite = SessionCollective, SessionSerializer, Capacite.PREVENTION
    filterset_class = SessionFiltre

    def queryset_du_service(self):
        return avec_places(SessionCollective.objects.all()).order_by("debut", "pk")

    @extend_schema(request=PresencesSerializer, responses=SessionSerializer,
                   description="Enregistre les présences d'une session passée ; elle devient « tenue ».")
    @action(detail=True, methods=["post"])
    def presences(self, request, pk=None):
        session = self.get_object()
        donnees = PresencesSerializer(data=request.data)
        donnees.is_valid(raise_exception=True)
        with erreurs_du_service():
            services.presences_enregistrer(session=session, presents=set(donnees.validated_data["presents"]))
        return Response(SessionSerializer(self.get_object()).data)


class InscriptionSerializer(serializers.ModelSerializer):
    session = serializers.PrimaryKeyRelatedField(queryset=SessionCollective.objects)
    adherent = serializers.PrimaryKeyRelatedField(queryset=Adherent.objects)

    class Meta:
        model = Inscription
        fields = ["id", "session", "adherent", "participants", "noms", "inscrite_le", "present"]
        read_only_fields = ["inscrite_le", "present"]


class InscriptionsViewSet(mixins.CreateModelMixin, ServiceViewSet):
    """Registrations to sessions (within their places); attendance through the session."""

    modele, serializer_class, capacite = Inscription, InscriptionSerializer, Capacite.PREVENTION
    relations = ("session",)
    filterset_fields = ["session", "adherent", "present"]

    def perform_create(self, serializer):
        with erreurs_du_service():
            serializer.instance = services.inscription_creer(par=self.request.user, **serializer.validated_data)


class ActionPlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActionPlan
        fields = ["id", "intitule", "famille", "responsable", "echeance", "statut", "prioritaire"]


class PlanSerializer(serializers.ModelSerializer):
    actions = ActionPlanSerializer(many=True, read_only=True)
    priorites = serializers.IntegerField(read_only=True, help_text="Nombre d'actions prioritaires.")
    complet = serializers.SerializerMethodField(help_text="Au moins 3 actions prioritaires (projet de service).")

    class Meta:
        model = PlanAction
        fields = ["id", "adherent", "titre", "cree_le", "accompagnement", "relais", "priorites", "complet", "actions"]
        read_only_fields = fields

    def get_complet(self, plan) -> bool:
        return rules.plan_complet(plan.priorites)


class PlansViewSet(ServiceViewSet):
    """The members' action plans and their priority actions."""

    modele, serializer_class, capacite = PlanAction, PlanSerializer, Capacite.PREVENTION
    filterset_fields = ["adherent", "relais", "accompagnement"]

    def queryset_du_service(self):
        return plans_avec_priorites().order_by("-cree_le", "pk")


class DocumentDUERPSerializer(serializers.ModelSerializer):
    adherent = serializers.PrimaryKeyRelatedField(queryset=Adherent.objects)
    fichier = serializers.FileField(write_only=True)
    nom_fichier = serializers.CharField(read_only=True)
    conserver_jusqu_au = serializers.DateField(read_only=True, help_text="40 ans après la mise à jour (L4121-3-1).")

    class Meta:
        model = DocumentDUERP
        fields = ["id", "adherent", "version", "fichier", "nom_fichier", "mis_a_jour_le", "depose_le", "depose_par",
                  "commentaire", "conserver_jusqu_au"]
        read_only_fields = ["version", "depose_le", "depose_par"]


class RenduFichier(BaseRenderer):
    """Lets a client ask for the file itself (``Accept: application/octet-stream``)."""

    media_type, format, charset, render_style = "application/octet-stream", "fichier", None, "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes) else JSONRenderer().render(data)


class DocumentsDUERPViewSet(mixins.CreateModelMixin, ServiceViewSet):
    """The members' DUERP versions: listed, filed (multipart), downloaded; never changed nor
    deleted (kept 40 years, L4121-3-1)."""

    modele, serializer_class, capacite = DocumentDUERP, DocumentDUERPSerializer, Capacite.PREVENTION
    filterset_fields = ["adherent"]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def queryset_du_service(self):
        return DocumentDUERP.objects.order_by("adherent", "-version")

    def create(self, request, *args, **kwargs):
        donnees = DocumentDUERPSerializer(data=request.data)
        donnees.is_valid(raise_exception=True)
        with erreurs_du_service():
            document = services.duerp_deposer(par=request.user, **donnees.validated_data)
        return Response(DocumentDUERPSerializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer, RenduFichier])
    def fichier(self, request, pk=None):
        return reponse_duerp(request, get_object_or_404(self.get_queryset(), pk=pk))
