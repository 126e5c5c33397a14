"""API of prevention in companies: FE versions and their PDF (read only: an FE is drafted and
validated in the pages), workplace actions and measurements (recorded by other tools too), the
due list, the action types."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action

from adherents.models import Adherent, Etablissement
from spsti.api import ServiceViewSet
from spsti.api_ecriture import erreurs_du_service
from spsti.contrat_api import RenduJSON, RenduPDF, SerializerModele
from spsti.models import Rattachement
from spsti.permissions import Capacite

from .filters import ActionFiltre, EcheancePreventionFiltre
from .models import (
    ActionMilieuTravail,
    EcheancePrevention,
    FicheEntreprise,
    Mesurage,
    RisqueUnite,
    StatutAction,
    TypeAction,
    TypeEcheancePrevention,
    TypeMesurage,
    UniteTravail,
)
from .views import reponse_pdf


class RisqueSerializer(SerializerModele):
    famille_libelle = serializers.CharField(source="famille.libelle", read_only=True)

    class Meta:
        model = RisqueUnite
        fields = ["id", "famille", "famille_libelle", "situation", "niveau", "effectif_expose", "mesures_existantes"]


class UniteSerializer(SerializerModele):
    risques = RisqueSerializer(many=True, read_only=True)

    class Meta:
        model = UniteTravail
        fields = ["id", "nom", "description", "effectif", "risques"]


class FicheEntrepriseSerializer(SerializerModele):
    unites = UniteSerializer(many=True, read_only=True)
    reference = serializers.CharField(read_only=True)
    priorites = serializers.ListField(child=serializers.CharField(), read_only=True,
                                      help_text="Les trois recommandations prioritaires du service.")

    class Meta:
        model = FicheEntreprise
        fields = ["id", "reference", "adherent", "etablissement", "version", "precedente", "statut", "redigee_par",
                  "creee_le", "description_activite", "organisation_prevention", "effectif", "priorites",
                  "soumise_le", "validee_le", "validee_par", "categories_suivi", "unites"]
        read_only_fields = fields


class FichesEntrepriseViewSet(ServiceViewSet):
    """Every version of the members' FE (drafts included); ``pdf`` for a validated one."""

    modele, serializer_class, capacite = FicheEntreprise, FicheEntrepriseSerializer, Capacite.PREVENTION
    relations = ("adherent", "etablissement")
    filterset_fields = ["adherent", "etablissement", "statut"]

    def queryset_du_service(self):
        return super().queryset_du_service().prefetch_related("unites__risques__famille")

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY},
                   description="Le PDF figé d'une version validée (404 pour une fiche en rédaction).")
    @action(detail=True, methods=["get"], renderer_classes=[RenduJSON, RenduPDF])
    def pdf(self, request, pk=None):
        return reponse_pdf(request, get_object_or_404(self.get_queryset().exclude(pdf=""), pk=pk))


class ActionSerializer(SerializerModele):
    """A workplace action recorded once done (its appointments are managed in the pages)."""

    adherent = serializers.PrimaryKeyRelatedField(queryset=Adherent.objects)
    etablissement = serializers.PrimaryKeyRelatedField(queryset=Etablissement.objects, required=False,
                                                       allow_null=True)
    type = serializers.PrimaryKeyRelatedField(queryset=TypeAction.objects,
                                              help_text="Un type du thésaurus (`/api/v1/types-action/`).")
    intervenant = serializers.PrimaryKeyRelatedField(queryset=Rattachement.objects)
    prevention_primaire = serializers.BooleanField(source="type.prevention_primaire", read_only=True)

    class Meta:
        model = ActionMilieuTravail
        fields = ["id", "adherent", "etablissement", "type", "prevention_primaire", "objet", "intervenant",
                  "participants", "statut", "date", "debut", "duree_minutes", "temps_passe_heures", "resultat",
                  "proposee_le", "reponse_adherent", "repondue_le"]
        read_only_fields = ["statut", "debut", "proposee_le", "reponse_adherent", "repondue_le"]

    def validate(self, donnees):
        etablissement, adherent = donnees.get("etablissement"), donnees.get("adherent")
        if etablissement and adherent and etablissement.adherent_id != adherent.pk:
            raise serializers.ValidationError({"etablissement": "Cet établissement n'est pas celui de l'adhérent."})
        return donnees


class EnregistrementValideMixin:
    """Create / update through the model's ``full_clean`` (its French errors as 400s)."""

    def perform_create(self, serializer):
        self._enregistrer(serializer, self.modele(tenant=self.request._request.service))

    def perform_update(self, serializer):
        self._enregistrer(serializer, serializer.instance)

    def _enregistrer(self, serializer, objet):
        for champ, valeur in serializer.validated_data.items():
            setattr(objet, champ, valeur)
        with erreurs_du_service():
            objet.full_clean()
            objet.save()
        serializer.instance = self.get_queryset().get(pk=objet.pk)  # as the list shows it (annotations)


class ActionsViewSet(EnregistrementValideMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, ServiceViewSet):
    """Workplace actions (AMT). POST records an action done; PUT/PATCH corrects one; never
    deleted."""

    modele, serializer_class, capacite = ActionMilieuTravail, ActionSerializer, Capacite.PREVENTION
    relations = ("type",)
    filterset_class = ActionFiltre

    def perform_update(self, serializer):
        if serializer.instance.statut != StatutAction.REALISEE:
            raise serializers.ValidationError("Un rendez-vous à venir se modifie dans les pages du service.")
        super().perform_update(serializer)


class MesurageSerializer(SerializerModele):
    action = serializers.PrimaryKeyRelatedField(queryset=ActionMilieuTravail.objects)
    type = serializers.PrimaryKeyRelatedField(queryset=TypeMesurage.objects)

    class Meta:
        model = Mesurage
        fields = ["id", "action", "type", "lieu", "appareil", "valeur", "unite", "valeur_limite", "reference",
                  "hors_limite", "commentaire"]
        read_only_fields = ["hors_limite"]


class MesuragesViewSet(EnregistrementValideMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, ServiceViewSet):
    """Measurements (métrologie), each with whether it is outside its reference value."""

    modele, serializer_class, capacite = Mesurage, MesurageSerializer, Capacite.PREVENTION
    relations = ("type",)
    filterset_fields = ["action", "type", "hors_limite", "action__adherent"]


class EcheancePreventionSerializer(SerializerModele):
    echeance = serializers.ChoiceField(source="type", choices=TypeEcheancePrevention.choices, read_only=True)

    class Meta:
        model = EcheancePrevention
        fields = ["id", "adherent", "etablissement", "echeance", "au_plus_tard", "derniere", "base_legale", "motif"]


class EcheancesPreventionViewSet(ServiceViewSet):
    """Each member's FE and primary-action deadlines (R4624-47, décret 2022-653)."""

    modele, serializer_class, capacite = EcheancePrevention, EcheancePreventionSerializer, Capacite.PREVENTION
    filterset_class = EcheancePreventionFiltre

    def queryset_du_service(self):
        return EcheancePrevention.objects.filter(adherent__statut="actif").order_by("au_plus_tard", "pk")


class TypeActionSerializer(SerializerModele):
    class Meta:
        model = TypeAction
        fields = ["id", "code", "libelle", "prevention_primaire", "actif"]


class TypesActionViewSet(ServiceViewSet):
    """The service's thesaurus of workplace action types."""

    modele, serializer_class, capacite = TypeAction, TypeActionSerializer, Capacite.PREVENTION

    def queryset_du_service(self):
        return TypeAction.entrees(self.request._request.service).order_by("ordre", "pk")
