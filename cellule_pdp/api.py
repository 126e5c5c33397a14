"""API of the PDP cell: signals, files (their medical details only for physicians and nurses;
every file read logged), their journal. A file outside the caller's scope is a 404."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from adherents.models import Salarie
from spsti.api import ServiceViewSet
from spsti.api_ecriture import erreurs_du_service
from spsti.contrat_api import SerializerModele
from spsti.models import AccesDossierMedical
from spsti.permissions import (
    Capacite,
    est_membre_cellule_pdp,
    peut_lire_dossier_medical,
    peut_lire_medical_pdp,
)

from . import services
from .models import DossierPDP, EntreeJournal, NatureJournal, Partenaire, Signalement, SourceSignalement
from .selectors import dossier_lu, dossiers_visibles


class CelluleViewSet(ServiceViewSet):
    """Open to staff; rows limited to the caller's scope (``dossiers_visibles``), so a file the
    policy hides is a 404 like another service's."""

    capacite = Capacite.BACK_OFFICE


class ChampSource(serializers.SlugRelatedField):
    """A source by its thesaurus code, among the service's entries (seeded on first use)."""

    def get_queryset(self):
        return SourceSignalement.entrees(self.context["request"]._request.service).filter(actif=True)


class SignalementSerializer(SerializerModele):
    salarie = serializers.PrimaryKeyRelatedField(queryset=Salarie.objects)
    source = ChampSource(slug_field="code", help_text="Code d'une source du thésaurus (visite_reprise, employeur…).")
    partenaire = serializers.PrimaryKeyRelatedField(queryset=Partenaire.objects, required=False, allow_null=True)

    class Meta:
        model = Signalement
        fields = ["id", "dossier", "salarie", "source", "partenaire", "recu_le", "visite", "signale_par",
                  "description"]
        read_only_fields = ["dossier", "visite", "signale_par"]
        extra_kwargs = {"recu_le": {"required": False}}


class SignalementsViewSet(mixins.CreateModelMixin, CelluleViewSet):
    """Signals to the cell; a new one joins the worker's open file or opens one in the queue."""

    modele, serializer_class = Signalement, SignalementSerializer
    filterset_fields = ["dossier", "salarie", "source__code"]

    def queryset_du_service(self):
        return Signalement.objects.filter(dossier__in=dossiers_visibles(self.request._request.rattachement)
                                          ).select_related("source").order_by("-recu_le", "-pk")

    def perform_create(self, serializer):
        par = self.request._request.rattachement
        salarie = serializer.validated_data["salarie"]
        if not (est_membre_cellule_pdp(par) or peut_lire_dossier_medical(par, salarie)):
            raise PermissionDenied("Seuls la cellule et l'équipe médicale du salarié le signalent.")
        with erreurs_du_service():
            serializer.instance = services.signalement_creer(par=par, **serializer.validated_data)


class DossierSerializer(SerializerModele):
    """The 17 columns and the file's state; the medical details for physicians and nurses only."""

    avancement = serializers.CharField(source="avancement.libelle", read_only=True)
    etape = serializers.CharField(source="avancement.etape", read_only=True)
    issue = serializers.CharField(source="issue.libelle", read_only=True, allow_null=True)
    pathologies = serializers.SlugRelatedField(slug_field="libelle", many=True, read_only=True,
                                               help_text="Médecins et infirmiers seulement.")
    pathologie_precisions = serializers.CharField(read_only=True, help_text="Médecins et infirmiers seulement.")

    class Meta:
        model = DossierPDP
        fields = ["id", "numero", "salarie", "adherent", "medecin", "avancement", "etape", "situation",
                  "situation_precision", "pathologies", "pathologie_precisions", "origine", "metier", "rqth",
                  "independant", "ouvert_le", "prochaine_revue", "clos_le", "issue", "conclusion"]
        read_only_fields = fields

    def to_representation(self, dossier):
        donnees = super().to_representation(dossier)
        if not peut_lire_medical_pdp(self.context["request"]._request.rattachement, dossier):
            donnees.pop("pathologies"), donnees.pop("pathologie_precisions")
        return donnees


class JournalSerializer(SerializerModele):
    class Meta:
        model = EntreeJournal
        fields = ["id", "date", "auteur", "nature", "texte"]
        read_only_fields = ["date", "auteur"]
        extra_kwargs = {"nature": {"default": NatureJournal.NOTE}}


class DossiersViewSet(CelluleViewSet):
    """The files the caller may see (the cell: all; physicians and nurses: their team's)."""

    modele, serializer_class = DossierPDP, DossierSerializer
    filterset_fields = ["avancement__etape", "medecin", "salarie", "independant"]

    def queryset_du_service(self):
        return (dossiers_visibles(self.request._request.rattachement)
                .select_related("avancement", "issue").prefetch_related("pathologies").order_by("-numero"))

    def list(self, request, *args, **kwargs):
        """The page of files, each row's read logged (the list holds the medical details)."""
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        AccesDossierMedical.journaliser(rattachement=request._request.rattachement,
                                        salaries=[d.salarie_id for d in page], origine=request.path, accorde=True)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        dossier = dossier_lu(rattachement=request._request.rattachement, pk=pk, origine=request.path)
        return Response(self.get_serializer(dossier).data)

    @extend_schema(methods=["GET"], responses=JournalSerializer(many=True),
                   description="Le journal du dossier, le plus récent d'abord, par pages de 50.")
    @extend_schema(methods=["POST"], request=JournalSerializer, responses={201: JournalSerializer})
    @action(detail=True, methods=["get", "post"], parser_classes=[JSONParser], filter_backends=[])
    def journal(self, request, pk=None):
        dossier = dossier_lu(rattachement=request._request.rattachement, pk=pk, origine=request.path)
        if request.method == "GET":
            page = self.paginate_queryset(dossier.journal.order_by("-date", "-pk"))
            return self.get_paginated_response(JournalSerializer(page, many=True).data)
        entree = JournalSerializer(data=request.data)
        entree.is_valid(raise_exception=True)
        try:
            cree = services.journal_ecrire(dossier, request._request.rattachement, entree.validated_data["texte"],
                                           entree.validated_data["nature"])
        except DjangoValidationError as erreur:
            raise serializers.ValidationError(erreur.messages) from erreur
        return Response(JournalSerializer(cree).data, status=status.HTTP_201_CREATED)
