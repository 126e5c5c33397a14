
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.utils import timezone
from django_filters import rest_framework as filtres
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from adherents.models import Salarie
from spsti.api import ServiceViewSet
from spsti.api_ecriture import (
    donnees_du_formulaire,
    enregistrer_par_formulaire,
    erreurs_du_service,
    serializer_du_formulaire,
    valider,
)
from spsti.contrat_api import RenduJSON, RenduPDF, SerializerModele
from spsti.idempotence import idempotent, schema_idempotent
from spsti.models import Centre, Equipe, Rattachement
from spsti.permissions import Capacite, peut_lire_dossier_medical

from . import agenda, delegation, demandes, visites
from .echeancier import avec_convocation
from .filters import EcheanceFiltre
from .forms import DemandeVisiteForm, ProtocoleForm
from .models import (
    CHAMPS_EXAMEN,
    ArretTravail,
    Disponibilite,
    DocumentSuivi,
    DossierMedical,
    Echeance,
    ExamenVisite,
    ModeRealisation,
    ModeVisite,
    NatureDocument,
    ProtocoleDelegation,
    StatutVisite,
    TypeVisite,
    TypeVisiteService,
    Visite,
)
from .selectors import dossier_medical_lu
from .thesaurus import types_visite_du_service
from .views import reponse_document


class DossierMedicalSerializer(SerializerModele):
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


class EcheanceSerializer(SerializerModele):
    class Meta:
        model = Echeance
        fields = ["id", "salarie", "type", "au_plus_tot", "au_plus_tard", "obligatoire", "base_legale", "motif",
                  "realisable_par", "convoquee_pour"]

    convoquee_pour = serializers.DateTimeField(read_only=True, allow_null=True,
                                               help_text="Début de la visite prévue pour cette échéance.")


class EcheancesViewSet(ServiceViewSet):
    """The due list (administrative data: types and dates, never medical content)."""

    modele, serializer_class, capacite = Echeance, EcheanceSerializer, Capacite.SUIVI_INDIVIDUEL
    filterset_class = EcheanceFiltre

    def queryset_du_service(self):
        return avec_convocation(Echeance.objects.all()).order_by("au_plus_tard", "pk")


# --- Agenda, visits and their outcome documents ------------------------------------------------------------------




def _lignes(modele):
    """The active service's rows of ``modele``, taken when the filter is used (never at import)."""
    return lambda request: modele.objects.all()


def _enum(choix, *, vide=False) -> dict:
    return {"type": "string", "enum": [*(valeur for valeur, _ in choix), *([""] if vide else [])],
            "description": "\n".join(f"* `{valeur}` - {libelle}" for valeur, libelle in choix)}


# The thesaurus' choice fields get their own schema components: its ``mode`` (``les_deux``
# included) differs from the visits' and ranges' ``mode``, and its ``type_legal`` (blank for a
# service's own type) would otherwise give the legal types a second enum name.
@extend_schema_field(_enum(ModeVisite.choices), component_name="ModeVisiteEnum")
class ChampModeVisite(serializers.ChoiceField):
    pass


@extend_schema_field(_enum(TypeVisite.choices, vide=True), component_name="TypeLegalEnum")
class ChampTypeLegal(serializers.ChoiceField):
    pass


class TypeVisiteServiceSerializer(SerializerModele):
    type_legal = ChampTypeLegal(choices=TypeVisite.choices, allow_blank=True, read_only=True,
                                help_text="Vide pour un type propre au service.")
    mode = ChampModeVisite(choices=ModeVisite.choices, read_only=True)

    class Meta:
        model = TypeVisiteService
        fields = ["id", "libelle", "type_legal", "duree_minutes", "mode", "actif"]
        read_only_fields = fields


class TypesVisiteViewSet(ServiceViewSet):
    """The service's thesaurus of visit types (the legal ones are seeded on first use)."""

    modele, serializer_class, capacite = TypeVisiteService, TypeVisiteServiceSerializer, Capacite.SUIVI_INDIVIDUEL
    filterset_fields = ["type_legal", "mode", "actif"]
    search_fields = ["libelle"]

    def queryset_du_service(self):
        types_visite_du_service(self.request._request.service)
        return TypeVisiteService.objects.order_by("libelle", "pk")


class DisponibiliteFiltre(filtres.FilterSet):
    professionnel = filtres.ModelChoiceFilter(queryset=_lignes(Rattachement))
    centre = filtres.ModelChoiceFilter(queryset=_lignes(Centre))
    mode = filtres.ChoiceFilter(choices=ModeRealisation.choices)
    debut__gte = filtres.IsoDateTimeFilter(field_name="debut", lookup_expr="gte", label="Début à partir de")
    debut__lt = filtres.IsoDateTimeFilter(field_name="debut", lookup_expr="lt", label="Début avant")
    du = filtres.DateFilter(field_name="debut__date", lookup_expr="gte", label="Du (jour inclus)")
    au = filtres.DateFilter(field_name="debut__date", lookup_expr="lte", label="Au (jour inclus)")

    class Meta:
        model = Disponibilite
        fields = ["professionnel", "centre", "mode"]


class DisponibiliteSerializer(SerializerModele):
    class Meta:
        model = Disponibilite
        fields = ["id", "professionnel", "centre", "adherent", "mode", "debut", "fin"]
        read_only_fields = fields


class DureeSerializer(serializers.Serializer):
    duree = serializers.IntegerField(
        default=20, min_value=5, max_value=240, help_text="Durée de la visite en minutes (5 à 240).",
        error_messages={"invalid": "La durée s'indique en minutes, par un nombre entier.",
                        "min_value": "Une visite dure au moins 5 minutes.",
                        "max_value": "Une visite dure au plus 240 minutes."})


class DisponibilitesViewSet(ServiceViewSet):
    """The professionals' availability ranges and, for each, its free start times."""

    modele, serializer_class, capacite = Disponibilite, DisponibiliteSerializer, Capacite.SUIVI_INDIVIDUEL
    filterset_class = DisponibiliteFiltre

    def queryset_du_service(self):
        return Disponibilite.objects.order_by("debut", "pk")

    @extend_schema(parameters=[DureeSerializer],
                   responses={200: {"type": "array", "items": {"type": "string", "format": "date-time"}}},
                   description="Les heures de début libres dans la plage pour une visite de `duree` minutes.")
    @action(detail=True, methods=["get"], url_path="creneaux-libres", url_name="creneaux-libres")
    def creneaux_libres(self, request, pk=None):
        plage = self.get_object()
        duree = DureeSerializer(data=request.query_params)
        duree.is_valid(raise_exception=True)
        heure = serializers.DateTimeField()
        return Response([heure.to_representation(moment)
                         for moment in agenda.creneaux_libres(plage, duree.validated_data["duree"])])


class VisiteFiltre(filtres.FilterSet):
    statut = filtres.ChoiceFilter(choices=StatutVisite.choices)
    type = filtres.ChoiceFilter(choices=TypeVisite.choices)
    mode = filtres.ChoiceFilter(choices=ModeRealisation.choices)
    professionnel = filtres.ModelChoiceFilter(queryset=_lignes(Rattachement))
    salarie = filtres.ModelChoiceFilter(queryset=_lignes(Salarie))
    equipe = filtres.ModelChoiceFilter(field_name="salarie__adherent__equipe", queryset=_lignes(Equipe))
    du = filtres.DateFilter(field_name="date", lookup_expr="gte", label="Du (jour inclus)")
    au = filtres.DateFilter(field_name="date", lookup_expr="lte", label="Au (jour inclus)")

    class Meta:
        model = Visite
        fields = ["statut", "type", "mode", "professionnel", "salarie"]


class VisiteSerializer(SerializerModele):
    """The administrative part of a visit: never its medical part (``ExamenVisite``)."""

    class Meta:
        model = Visite
        fields = ["id", "salarie", "type", "type_service", "statut", "date", "debut", "duree_minutes", "professionnel",
                  "protocole", "mode", "convoquee_le", "motif_changement", "orientee_depuis", "avec_mi_carriere"]
        read_only_fields = fields


class ConvocationSerializer(serializers.Serializer):
    """Booking: related rows are looked up in the active service only (the managers are scoped
    and queried at validation time)."""

    salarie = serializers.PrimaryKeyRelatedField(queryset=Salarie.objects)
    type_service = serializers.PrimaryKeyRelatedField(queryset=TypeVisiteService.objects,
                                                      help_text="Un type du thésaurus (`/api/v1/types-visite/`).")
    professionnel = serializers.PrimaryKeyRelatedField(queryset=Rattachement.objects,
                                                       help_text="Médecin, ou infirmier·e sous protocole, de "
                                                                 "l'équipe du salarié.")
    debut = serializers.DateTimeField()
    mode = serializers.ChoiceField(choices=ModeRealisation.choices, default=ModeRealisation.SUR_SITE)
    avec_mi_carriere = serializers.BooleanField(
        default=False, help_text="Combinée avec la visite de mi-carrière, due au plus tard deux ans après (L4624-2-2).")


class ReportSerializer(serializers.Serializer):
    """Moving a visit; the type, professional and mode stay the visit's unless given."""

    debut = serializers.DateTimeField()
    professionnel = serializers.PrimaryKeyRelatedField(queryset=Rattachement.objects, required=False)
    type_service = serializers.PrimaryKeyRelatedField(queryset=TypeVisiteService.objects, required=False)
    mode = serializers.ChoiceField(choices=ModeRealisation.choices, required=False)
    motif = serializers.CharField(max_length=255)


class MotifSerializer(serializers.Serializer):
    motif = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class AbsenceSerializer(serializers.Serializer):
    excusee = serializers.BooleanField(default=False, help_text="Vrai : absence excusée ; faux : non excusée.")
    motif = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class RealisationSerializer(SerializerModele):
    """The medical part (with the model's bounds) and the outcome document it ends with."""

    nature = serializers.ChoiceField(choices=NatureDocument.choices)
    propositions = serializers.CharField(required=False, allow_blank=True, default="",
                                         help_text="Visible de l'employeur : aucune donnée médicale.")
    consentement_teleconsultation = serializers.BooleanField(
        default=False, help_text="Obligatoire pour une téléconsultation (R4624-41-1).")
    questionnaire = serializers.DictField(
        child=serializers.CharField(max_length=1000, allow_blank=True), required=False, default=dict,
        help_text="Réponses recueillies par le professionnel : {question: réponse}.")

    class Meta:
        model = ExamenVisite
        fields = ["nature", "propositions", "consentement_teleconsultation", *CHAMPS_EXAMEN]


class DocumentSuiviSerializer(SerializerModele):
    salarie = serializers.IntegerField(source="visite.salarie_id", read_only=True)

    class Meta:
        model = DocumentSuivi
        fields = ["id", "visite", "salarie", "nature", "propositions", "emis_par", "emis_le"]
        read_only_fields = fields


class VisitesViewSet(ServiceViewSet):
    """Visits, administrative part: list, booking (POST), rescheduling, cancelling, attendance;
    recording the visit done (``realiser``) is for the physicians and nurses of the worker's team."""

    modele, serializer_class, capacite = Visite, VisiteSerializer, Capacite.SUIVI_INDIVIDUEL
    filterset_class = VisiteFiltre
    search_fields = ["salarie__nom", "salarie__prenom"]
    ordering_fields = ["date", "debut", "statut"]

    def queryset_du_service(self):
        return Visite.objects.select_related("salarie__adherent").order_by(
            F("debut").desc(nulls_last=True), F("date").desc(nulls_last=True), "-pk")

    def _reponse(self, visite, statut=status.HTTP_200_OK):
        return Response(VisiteSerializer(visite).data, status=statut)

    @extend_schema(request=ConvocationSerializer, responses={201: VisiteSerializer},
                   description="Convoque un salarié (la convocation part par e-mail une fois enregistrée).")
    def create(self, request):
        donnees = ConvocationSerializer(data=request.data)
        donnees.is_valid(raise_exception=True)
        with erreurs_du_service():
            visite = agenda.visite_planifier(**donnees.validated_data)
        return self._reponse(visite, status.HTTP_201_CREATED)

    @extend_schema(request=ReportSerializer, responses=VisiteSerializer)
    @action(detail=True, methods=["post"])
    def reporter(self, request, pk=None):
        visite = self.get_object()
        donnees = ReportSerializer(data=request.data)
        donnees.is_valid(raise_exception=True)
        d = donnees.validated_data
        type_service = d.get("type_service") or visite.type_service
        professionnel = d.get("professionnel") or visite.professionnel
        manquants = {champ: ["Ce champ est obligatoire : la visite n'en a pas encore."]
                     for champ, valeur in (("type_service", type_service), ("professionnel", professionnel))
                     if valeur is None}
        if manquants:
            raise serializers.ValidationError(manquants)
        with erreurs_du_service():
            visite = agenda.visite_planifier(salarie=visite.salarie, visite=visite, type_service=type_service,
                                             professionnel=professionnel, debut=d["debut"],
                                             mode=d.get("mode") or visite.mode, motif=d["motif"])
        return self._reponse(visite)

    @extend_schema(request=MotifSerializer, responses=VisiteSerializer)
    @action(detail=True, methods=["post"])
    def annuler(self, request, pk=None):
        visite = self.get_object()
        donnees = MotifSerializer(data=request.data)
        donnees.is_valid(raise_exception=True)
        with erreurs_du_service():
            visite = agenda.visite_annuler(visite=visite, motif=donnees.validated_data["motif"])
        return self._reponse(visite)

    @extend_schema(request=AbsenceSerializer, responses=VisiteSerializer)
    @action(detail=True, methods=["post"])
    def absence(self, request, pk=None):
        visite = self.get_object()
        donnees = AbsenceSerializer(data=request.data)
        donnees.is_valid(raise_exception=True)
        with erreurs_du_service():
            visite = agenda.visite_noter_absence(visite=visite, **donnees.validated_data)
        return self._reponse(visite)

    @extend_schema(request=RealisationSerializer, responses={201: DocumentSuiviSerializer},
                   description="Enregistre la visite réalisée (partie médicale) et émet son document de suivi. "
                               "Médecins et infirmiers (sous protocole) de l'équipe du salarié.")
    @action(detail=True, methods=["post"], capacite=Capacite.LIRE_DOSSIER_MEDICAL)
    def realiser(self, request, pk=None):
        visite = self.get_object()
        par = request._request.rattachement
        if not peut_lire_dossier_medical(par, visite.salarie):
            raise PermissionDenied("Seuls les médecins et infirmiers de l'équipe du salarié enregistrent une visite.")
        donnees = RealisationSerializer(data=request.data)
        donnees.is_valid(raise_exception=True)
        d = donnees.validated_data
        with erreurs_du_service():
            document = visites.visite_realiser(
                visite=visite, par=par, examen={champ: d[champ] for champ in CHAMPS_EXAMEN if champ in d},
                nature=d["nature"], propositions=d["propositions"],
                consentement_teleconsultation=d["consentement_teleconsultation"])
        return Response(DocumentSuiviSerializer(document).data, status=status.HTTP_201_CREATED)


class DocumentSuiviFiltre(filtres.FilterSet):
    visite = filtres.ModelChoiceFilter(queryset=_lignes(Visite))
    salarie = filtres.ModelChoiceFilter(field_name="visite__salarie", queryset=_lignes(Salarie))
    nature = filtres.ChoiceFilter(choices=NatureDocument.choices)

    class Meta:
        model = DocumentSuivi
        fields = ["visite", "nature"]


class DocumentsSuiviViewSet(ServiceViewSet):
    """Outcome documents of visits (attestation, avis): no medical detail; their PDF."""

    modele, serializer_class, capacite = DocumentSuivi, DocumentSuiviSerializer, Capacite.SUIVI_INDIVIDUEL
    filterset_class = DocumentSuiviFiltre

    def queryset_du_service(self):
        return DocumentSuivi.objects.select_related("visite").order_by("-emis_le", "-pk")

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], renderer_classes=[RenduJSON, RenduPDF])
    def pdf(self, request, pk=None):
        return reponse_document(request, self.get_object())


class ArretTravailSerializer(SerializerModele):
    """An absence (nature and dates): the reprise visit it calls for appears in the due list."""

    salarie = serializers.PrimaryKeyRelatedField(queryset=Salarie.objects)

    class Meta:
        model = ArretTravail
        fields = ["id", "salarie", "nature", "debut", "reprise"]


class ArretsTravailViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, ServiceViewSet):
    """Workers' absences: declared or corrected, never deleted (the due list depends on them)."""

    modele, serializer_class, capacite = ArretTravail, ArretTravailSerializer, Capacite.SUIVI_INDIVIDUEL
    filterset_fields = ["salarie", "nature"]

    def queryset_du_service(self):
        return ArretTravail.objects.order_by("-debut", "pk")

    @schema_idempotent(request=ArretTravailSerializer, responses={201: ArretTravailSerializer},
                       description="Déclare un arrêt de travail ; la visite de reprise qu'il appelle (R4624-31) "
                                   "apparaît aussitôt dans les échéances du salarié.")
    def create(self, request, *args, **kwargs):
        return idempotent(request, lambda: super(ArretsTravailViewSet, self).create(request, *args, **kwargs))

    def perform_create(self, serializer):
        self._declarer(serializer, ArretTravail(tenant=self.request._request.service))

    def perform_update(self, serializer):
        self._declarer(serializer, serializer.instance)

    def _declarer(self, serializer, arret):
        for champ, valeur in serializer.validated_data.items():
            setattr(arret, champ, valeur)
        with erreurs_du_service():
            demandes.arret_declarer(arret=arret)
        serializer.instance = arret


@extend_schema_field(_enum([(t.value, t.label) for t in demandes.VISITES_A_LA_DEMANDE]),
                     component_name="TypeVisiteDemandeeEnum")
class ChampTypeDemande(serializers.ChoiceField):
    """The visits one may request (R4624-34): their own component, not the whole ``TypeVisiteEnum``."""


class DemandesVisiteViewSet(viewsets.GenericViewSet):
    """Visits on request (R4624-34), recorded for the team to book, by the rules of the worker's
    page (``DemandeVisiteForm``, ``demandes.visite_demander``)."""

    capacite = Capacite.SUIVI_INDIVIDUEL
    serializer_class = VisiteSerializer

    def get_queryset(self):
        return Visite.objects.none()

    @schema_idempotent(request=serializer_du_formulaire(DemandeVisiteForm, "DemandeVisiteSerializer", ajouter={
        "type_visite": ChampTypeDemande(choices=[(t.value, t.label) for t in demandes.VISITES_A_LA_DEMANDE])}),
                       responses={201: VisiteSerializer},
                       description="Enregistre une visite à la demande (de l'employeur, du salarié ou du médecin, "
                                   "R4624-34) : l'équipe la planifie avec le médecin de l'adhérent.")
    def create(self, request):
        return idempotent(request, lambda: self._demander(request))

    def _demander(self, request):
        form = DemandeVisiteForm(donnees_du_formulaire(request.data), salaries=Salarie.objects.all())
        d = valider(form)
        with erreurs_du_service():
            visite = demandes.visite_demander(salarie=d["salarie"], type_visite=d["type_visite"], motif=d["motif"],
                                              par=request._request.rattachement)
        return Response(VisiteSerializer(visite).data, status=status.HTTP_201_CREATED)


# --- Delegation protocols (R4623-14) ----------------------------------------------------------------------------


class ProtocoleSerializer(SerializerModele):
    """A delegation protocol. Writes go through the page's form (its rules and French errors)."""

    actif = serializers.SerializerMethodField(help_text="Signé, validé par la CMT et en vigueur aujourd'hui.")

    class Meta:
        model = ProtocoleDelegation
        fields = ["id", "medecin", "infirmier", "types_visite", "categories", "pratique_avancee", "contenu",
                  "valide_du", "valide_au", "signe_le", "valide_cmt_le", "actif"]
        read_only_fields = ["signe_le", "valide_cmt_le"]

    def get_actif(self, protocole) -> bool:
        return protocole.actif_le(timezone.localdate())


class ProtocolesViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, ServiceViewSet):
    """Delegation protocols: read by whoever books visits; written by physicians and the director
    (never once signed), signed by the delegating physician, validated for the CMT by the director."""

    modele, serializer_class, capacite = ProtocoleDelegation, ProtocoleSerializer, Capacite.SUIVI_INDIVIDUEL
    capacite_ecriture = Capacite.PROTOCOLES
    filterset_fields = ["medecin", "infirmier"]

    def queryset_du_service(self):
        return ProtocoleDelegation.objects.order_by("-valide_du", "pk")

    def _enregistrer(self, request, instance=None, partiel=False):
        protocole = enregistrer_par_formulaire(ProtocoleForm, request.data, instance=instance, partiel=partiel,
                                               service=request._request.service)
        return ProtocoleSerializer(protocole).data

    def create(self, request, *args, **kwargs):
        return Response(self._enregistrer(request), status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        return Response(self._enregistrer(request, self.get_object(), partiel=kwargs.get("partial", False)))

    @extend_schema(request=None, responses=ProtocoleSerializer,
                   description="Le médecin délégant signe son protocole.")
    @action(detail=True, methods=["post"], capacite=Capacite.PROTOCOLES)
    def signer(self, request, pk=None):
        protocole = delegation.protocole_signer(protocole=self.get_object(), par=request._request.rattachement)
        return Response(ProtocoleSerializer(protocole).data)

    @extend_schema(request=None, responses=ProtocoleSerializer,
                   description="La direction enregistre la validation du protocole par la commission médico-technique.")
    @action(detail=True, methods=["post"], url_path="valider-cmt", url_name="valider-cmt",
            capacite=Capacite.GERER_ORGANISATION)
    def valider_cmt(self, request, pk=None):
        protocole = delegation.protocole_valider_cmt(protocole=self.get_object(), par=request._request.rattachement)
        return Response(ProtocoleSerializer(protocole).data)
