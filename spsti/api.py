"""API base: every viewset starts from the active service's scoped queryset and declares the
capability it needs (the pattern of pretix's API views and NetBox's base viewset)."""


import django_filters
from django.http import JsonResponse
from django.views.defaults import page_not_found
from django_scopes import scopes_disabled
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.openapi import AutoSchema
from rest_framework import routers, serializers, viewsets

from .contrat_api import FiltreIdentifiant, RenduJSON, SerializerModele
from .models import AccesDossierMedical, Alerte, Centre, Equipe, Rattachement, Service
from .permissions import Capacite, Role
from .selectors import alertes_pour


class RacineAPI(routers.APIRootView):
    """The list of endpoints, for staff."""

    capacite = Capacite.BACK_OFFICE


class ServiceViewSet(viewsets.ReadOnlyModelViewSet):
    """Read-only viewset over a tenant model: ``modele.objects`` is scoped to the service, so
    another service's id is a 404."""

    modele = None
    capacite = None
    relations: tuple[str, ...] = ()
    lookup_value_regex = r"[0-9]+"  # ids are integers: /api/v1/…/abc/ is a 404, never a server error

    def finalize_response(self, request, response, *args, **kwargs):
        """Errors are JSON, as documented, even when a PDF or a file was asked for."""
        if response.status_code >= 400 and not isinstance(getattr(request, "accepted_renderer", None), RenduJSON):
            request.accepted_renderer, request.accepted_media_type = RenduJSON(), RenduJSON.media_type
        return super().finalize_response(request, response, *args, **kwargs)

    def paginate_queryset(self, queryset):
        """A list's page, its rows read as plain values when its serializer needs no model instance
        (``SerializerModele.lignes_en_valeurs``): building the page's 50 model instances took
        about a tenth of an API list's time."""
        serializer = self.get_serializer_class()
        if self.action == "list" and issubclass(serializer, SerializerModele):
            queryset = serializer.lignes_en_valeurs(queryset)
        return super().paginate_queryset(queryset)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request, no scope
            return self.modele.objects.none()
        return self.queryset_du_service()

    def queryset_du_service(self):
        lignes = self.modele.objects.order_by("pk")
        # select_related() without a name would join every non-null foreign key (the tenant, the thesauri)
        return lignes.select_related(*self.relations) if self.relations else lignes


class ServiceSerializer(SerializerModele):
    class Meta:
        model = Service
        fields = ["id", "nom", "siren", "adresse", "code_postal", "ville"]


class CentreSerializer(SerializerModele):
    class Meta:
        model = Centre
        fields = ["id", "nom", "adresse", "code_postal", "ville", "telephone"]


class EquipeSerializer(SerializerModele):
    class Meta:
        model = Equipe
        fields = ["id", "nom", "centre"]


class PersonnelSerializer(SerializerModele):
    nom = serializers.CharField(source="utilisateur.last_name")
    prenom = serializers.CharField(source="utilisateur.first_name")
    email = serializers.EmailField(source="utilisateur.email")

    class Meta:
        model = Rattachement
        fields = ["id", "nom", "prenom", "email", "role", "specialite", "centre", "equipe", "actif"]


class AlerteSerializer(SerializerModele):
    type_objet = serializers.CharField(source="content_type.model")

    class Meta:
        model = Alerte
        fields = ["id", "source", "libelle", "role", "equipe", "due_depuis", "type_objet", "object_id", "creee_le"]


class AccesDossierMedicalSerializer(SerializerModele):
    class Meta:
        model = AccesDossierMedical
        fields = ["id", "utilisateur", "role", "salarie", "horodatage", "origine", "accorde"]


class ServicesViewSet(ServiceViewSet):
    """The service (tenant) the user works for: only its own."""

    modele, serializer_class, capacite = Service, ServiceSerializer, Capacite.VOIR_ORGANISATION

    def queryset_du_service(self):
        return Service.objects.filter(pk=self.request._request.service.pk)


class CentresViewSet(ServiceViewSet):
    modele, serializer_class, capacite = Centre, CentreSerializer, Capacite.VOIR_ORGANISATION
    search_fields = ["nom", "ville"]


class EquipesViewSet(ServiceViewSet):
    modele, serializer_class, capacite = Equipe, EquipeSerializer, Capacite.VOIR_ORGANISATION
    filterset_fields = ["centre"]
    search_fields = ["nom"]


class PersonnelViewSet(ServiceViewSet):
    modele, serializer_class, capacite = Rattachement, PersonnelSerializer, Capacite.VOIR_ORGANISATION
    relations = ("utilisateur",)
    filterset_fields = ["role", "centre", "equipe", "actif"]
    search_fields = ["utilisateur__last_name", "utilisateur__first_name", "utilisateur__email"]

    def queryset_du_service(self):
        return super().queryset_du_service().exclude(role=Role.ADHERENT)


class AlertesViewSet(ServiceViewSet):
    """Open alerts for the caller's role and team."""

    modele, serializer_class, capacite = Alerte, AlerteSerializer, Capacite.VOIR_ALERTES

    def queryset_du_service(self):
        return alertes_pour(self.request._request.rattachement).order_by("due_depuis", "pk")


class JournalAccesFiltre(django_filters.FilterSet):
    """Plain id filters: an unknown or another service's id reads as an empty page, never as an
    error that would tell whether the user or worker exists."""

    salarie = FiltreIdentifiant(field_name="salarie__id", help_text="Identifiant du salarié.")
    utilisateur = FiltreIdentifiant(field_name="utilisateur__id", help_text="Identifiant de l'utilisateur.")
    accorde = django_filters.BooleanFilter(help_text="Accès accordé (true) ou refusé (false).")

    class Meta:
        model = AccesDossierMedical
        fields = ["salarie", "utilisateur", "accorde"]


class JournalAccesViewSet(ServiceViewSet):
    modele, serializer_class, capacite = (AccesDossierMedical, AccesDossierMedicalSerializer,
                                          Capacite.VOIR_JOURNAL_ACCES)
    filterset_class = JournalAccesFiltre


class GenerateurSchema(SchemaGenerator):
    """OpenAPI generation builds filter sets whose choice querysets touch tenant managers; it
    reads no row, so it runs unscoped (as django-scopes advises for FilterSet declarations)."""

    def get_schema(self, *args, **kwargs):
        with scopes_disabled():
            return super().get_schema(*args, **kwargs)


# --- The API's contract (checked by schemathesis, tests/contrat/) -----------------------------------------------------

DETAIL = {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}
ERREURS = {
    "400": ("Requête invalide : les erreurs par champ, ou leur liste.", {}),
    "401": ("Authentification requise (jeton ou session).", DETAIL),
    "403": ("Votre rôle ne donne pas accès à cette opération.", DETAIL),
    "404": ("Introuvable (ou hors de votre périmètre).", DETAIL),
}


# A NUL character is refused in every query string (spsti.entetes: PostgreSQL cannot store or compare it).
SANS_NUL = r"^[^\x00]*$"


class SchemaAPI(AutoSchema):
    """Every operation documents the error answers it can give (400, 401, 403, 404), and that a
    free text in a query string holds no NUL character."""

    def _get_parameters(self):
        parametres = super()._get_parameters()
        for parametre in parametres:
            schema = parametre.get("schema", {})
            texte_libre = schema.get("type") == "string" and not {"format", "enum", "pattern"} & {*schema}
            if parametre["in"] == "query" and texte_libre:
                parametre["schema"] = {**schema, "pattern": SANS_NUL}
        return parametres

    def _get_response_bodies(self, direction="response"):
        reponses = super()._get_response_bodies(direction)
        for code, (description, schema) in ERREURS.items():
            reponses.setdefault(code, {"description": description, "content": {"application/json": {"schema": schema}}})
        return reponses


def introuvable(request, exception):
    """404 handler: JSON under /api/ (as the schema documents), the site's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Introuvable."}, status=404)
    return page_not_found(request, exception)
