"""API of DUERP support: collective sessions and registrations, action plans, DUERP versions
(filed, downloaded, never changed nor deleted: no PUT, PATCH or DELETE), the Relais de prévention
(contract, modules, progress points, label)."""

from datetime import date

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from adherents.models import Adherent
from fiche_entreprise.api import EnregistrementValideMixin
from spsti.api import ServiceViewSet
from spsti.api_ecriture import erreurs_du_service
from spsti.contrat_api import RenduFichier, RenduJSON, SerializerModele
from spsti.permissions import Capacite

from . import rules, services
from .filters import SessionFiltre
from .models import ActionPlan, DocumentDUERP, Inscription, PlanAction, RelaisPrevention, SessionCollective
from .selectors import avec_places, plans_avec_priorites
from .views import reponse_duerp


class SessionSerializer(SerializerModele):
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


class InscriptionSerializer(SerializerModele):
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


class ActionPlanSerializer(SerializerModele):
    class Meta:
        model = ActionPlan
        fields = ["id", "intitule", "famille", "responsable", "echeance", "statut", "prioritaire"]


class PlanSerializer(SerializerModele):
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


class DocumentDUERPSerializer(SerializerModele):
    adherent = serializers.PrimaryKeyRelatedField(queryset=Adherent.objects)
    fichier = serializers.FileField(write_only=True)
    nom_fichier = serializers.CharField(read_only=True)
    conserver_jusqu_au = serializers.DateField(read_only=True, help_text="40 ans après la mise à jour (L4121-3-1).")

    class Meta:
        model = DocumentDUERP
        fields = ["id", "adherent", "version", "fichier", "nom_fichier", "mis_a_jour_le", "depose_le", "depose_par",
                  "commentaire", "conserver_jusqu_au"]
        read_only_fields = ["version", "depose_le", "depose_par"]


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
    @action(detail=True, methods=["get"], renderer_classes=[RenduJSON, RenduFichier])
    def fichier(self, request, pk=None):
        return reponse_duerp(request, get_object_or_404(self.get_queryset(), pk=pk))


class ModuleRelaisSerializer(serializers.Serializer):
    numero = serializers.IntegerField()
    titre = serializers.CharField()
    suivi_le = serializers.DateField(allow_null=True, help_text="Première présence après la signature du contrat.")


class RelaisSerializer(SerializerModele):
    """A member's Relais de prévention: its contract, its modules, its progress points, its label
    (seed 001 § 3.3.1)."""

    fin_modules = serializers.DateField(read_only=True, allow_null=True,
                                        help_text="Les 4 modules se suivent dans les 2 ans du contrat.")
    modules = serializers.SerializerMethodField()
    duerp_le = serializers.SerializerMethodField(help_text="DUERP déposé après la signature du contrat.")
    points_de_progres = serializers.SerializerMethodField(help_text="Actions prioritaires du plan du Relais.")
    manques_pour_label = serializers.SerializerMethodField(help_text="Vide : le label peut être attribué.")

    class Meta:
        model = RelaisPrevention
        fields = ["id", "adherent", "relais_nom", "relais_fonction", "proposee_le", "contrat_signe_le", "fin_modules",
                  "modules", "duerp_le", "points_de_progres", "visite_le", "suivi_un_an_le", "label_le",
                  "abandonnee_le", "manques_pour_label"]
        read_only_fields = fields

    def _etat(self, relais):
        if not hasattr(relais, "_etat"):
            relais._etat = services.etat_relais(relais)
        return relais._etat

    @extend_schema_field(ModuleRelaisSerializer(many=True))
    def get_modules(self, relais):
        suivis = self._etat(relais).modules_suivis
        return [{"numero": numero, "titre": titre, "suivi_le": suivis.get(numero)}
                for numero, titre in rules.MODULES_RELAIS.items()]

    def get_duerp_le(self, relais) -> date | None:
        return self._etat(relais).duerp_le

    def get_points_de_progres(self, relais) -> int:
        return self._etat(relais).points_de_progres

    def get_manques_pour_label(self, relais) -> list[str]:
        return rules.manques_pour_label(self._etat(relais))


class RelaisViewSet(ServiceViewSet):
    """The members' Relais de prévention; the label is awarded (``labelliser``) once nothing is missing."""

    modele, serializer_class, capacite = RelaisPrevention, RelaisSerializer, Capacite.PREVENTION
    filterset_fields = ["adherent"]

    def queryset_du_service(self):
        return RelaisPrevention.objects.order_by("-proposee_le", "-pk")

    @extend_schema(request=None, responses=RelaisSerializer,
                   description="Attribue le label « Relais de prévention » (refusé, avec ce qui manque, sinon).")
    @action(detail=True, methods=["post"])
    def labelliser(self, request, pk=None):
        relais = self.get_object()
        with erreurs_du_service():
            services.relais_labelliser(relais=relais)
        return Response(RelaisSerializer(relais).data)
