from django.core.files.base import ContentFile
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response

from spsti import televersements
from spsti.api import ServiceViewSet
from spsti.api_ecriture import EcritureParFormulaire, parent, serializer_du_formulaire
from spsti.contrat_api import SerializerModele
from spsti.idempotence import schema_idempotent
from spsti.permissions import Capacite

from . import declarations
from .filters import AdherentFiltre
from .forms import AdherentForm, ContactForm, EmploiForm, EtablissementForm, SalarieCreationForm, SalarieForm
from .models import (
    Adherent,
    CodeNAF,
    Contact,
    DeclarationEffectifs,
    Emploi,
    Etablissement,
    PeriodeSuivi,
    Salarie,
    tranche_effectif,
)


@extend_schema_field(OpenApiTypes.STR)
class ChampTrancheEffectif(serializers.Field):
    """The workforce band, from the workforce column (so that the list reads columns only)."""

    def to_representation(self, effectif):
        return str(tranche_effectif(effectif))


class AdherentSerializer(SerializerModele):
    tranche_effectif = ChampTrancheEffectif(source="effectif", read_only=True)

    class Meta:
        model = Adherent
        fields = ["id", "siren", "raison_sociale", "enseigne", "code_naf", "adresse", "code_postal", "ville",
                  "effectif", "tranche_effectif", "statut", "date_adhesion", "date_radiation", "centre", "equipe",
                  "medecin", "injoignable"]


class EtablissementSerializer(SerializerModele):
    class Meta:
        model = Etablissement
        fields = ["id", "adherent", "siret", "siege", "nom", "adresse", "code_postal", "ville", "effectif", "centre"]


class ContactSerializer(SerializerModele):
    class Meta:
        model = Contact
        fields = ["id", "adherent", "role", "prenom", "nom", "email", "telephone"]


def _ecritures(requete, reponse, *, creation=None, quoi: str):
    """The schema of a resource's POST (idempotent) and PATCH, from the forms they go through."""
    return extend_schema_view(
        create=schema_idempotent(request=creation or requete, responses={201: reponse},
                                 description=f"Crée {quoi} avec les règles du formulaire du back-office ; "
                                             "erreurs en français par champ (400)."),
        partial_update=extend_schema(request=requete, responses={200: reponse},
                                     description=f"Modifie {quoi} : seuls les champs envoyés changent, avec les "
                                                 "règles du formulaire du back-office (400 sinon)."))


INTROUVABLE_ADHERENT = "Aucun adhérent de votre service n'a cet identifiant."
INTROUVABLE_SALARIE = "Aucun salarié de votre service n'a cet identifiant."
CHAMP_ADHERENT = {"adherent": serializers.IntegerField(help_text="Identifiant de l'adhérent (à la création).")}


class DuMembre(EcritureParFormulaire):
    """An establishment or a contact: its member is named by the POST, fixed afterwards."""

    def arguments_formulaire(self, instance, corps):
        return {"adherent": instance.adherent if instance else parent(corps, "adherent", Adherent.objects.all(),
                                                                        INTROUVABLE_ADHERENT)}


@_ecritures(serializer_du_formulaire(AdherentForm, "AdherentEcritureSerializer", revision=True), AdherentSerializer,
            quoi="un adhérent")
class AdherentsViewSet(EcritureParFormulaire, ServiceViewSet):
    modele, serializer_class, capacite = Adherent, AdherentSerializer, Capacite.VOIR_ADHERENTS
    capacite_ecriture, formulaire = Capacite.GERER_ADHERENTS, AdherentForm
    filterset_class = AdherentFiltre


@_ecritures(serializer_du_formulaire(EtablissementForm, "EtablissementEcritureSerializer", ajouter=CHAMP_ADHERENT),
            EtablissementSerializer, quoi="un établissement")
class EtablissementsViewSet(DuMembre, ServiceViewSet):
    modele, serializer_class, capacite = Etablissement, EtablissementSerializer, Capacite.VOIR_ADHERENTS
    capacite_ecriture, formulaire = Capacite.GERER_ADHERENTS, EtablissementForm
    filterset_fields = ["adherent", "siege", "centre"]
    search_fields = ["siret", "nom", "ville"]


@_ecritures(serializer_du_formulaire(ContactForm, "ContactEcritureSerializer", ajouter=CHAMP_ADHERENT),
            ContactSerializer, quoi="un contact")
class ContactsViewSet(DuMembre, ServiceViewSet):
    modele, serializer_class, capacite = Contact, ContactSerializer, Capacite.VOIR_ADHERENTS
    capacite_ecriture, formulaire = Capacite.GERER_ADHERENTS, ContactForm
    filterset_fields = ["adherent", "role"]


class SalarieSerializer(SerializerModele):
    """Administrative data only: never medical content."""

    class Meta:
        model = Salarie
        fields = ["id", "nom", "nom_naissance", "prenom", "date_naissance", "sexe", "nir", "ins", "adherent",
                  "categorie", "motifs_categorie"]


class PeriodeSuiviSerializer(SerializerModele):
    class Meta:
        model = PeriodeSuivi
        fields = ["categorie", "motif", "debut", "fin"]


class EmploiSerializer(SerializerModele):
    periodes = PeriodeSuiviSerializer(many=True, read_only=True,
                                      help_text="Début et fin de la catégorie et de chaque motif dans cet emploi.")

    class Meta:
        model = Emploi
        fields = ["id", "salarie", "adherent", "poste", "code_pcs", "date_embauche", "date_sortie", "nature_contrat",
                  "motif_sortie", "dispense_emploi_identique", "dispense_document_au_medecin",
                  "dispense_sans_mesure_ni_inaptitude", "periodes"]


@_ecritures(serializer_du_formulaire(SalarieForm, "SalarieModificationSerializer", revision=True), SalarieSerializer,
            creation=serializer_du_formulaire(SalarieCreationForm, "EmbaucheSerializer", ajouter={
                "adherent": serializers.IntegerField(help_text="Identifiant de l'adhérent qui embauche.")}),
            quoi="un salarié et son premier emploi (une embauche : la visite initiale due apparaît aussitôt dans "
                 "ses échéances), ou modifie son identité, sa catégorie de suivi et ses motifs avec leurs dates")
class SalariesViewSet(EcritureParFormulaire, ServiceViewSet):
    """Workers: hired (POST), corrected (PATCH); never deleted — leaving is the employment's end."""

    modele, serializer_class, capacite = Salarie, SalarieSerializer, Capacite.VOIR_ADHERENTS
    capacite_ecriture, formulaire, formulaire_creation = Capacite.GERER_ADHERENTS, SalarieForm, SalarieCreationForm
    filterset_fields = ["adherent", "categorie", "sexe"]
    search_fields = ["nom", "prenom", "nir"]

    def arguments_formulaire(self, instance, corps):
        return {} if instance else {"adherent": parent(corps, "adherent", Adherent.objects.all(), INTROUVABLE_ADHERENT)}


@_ecritures(serializer_du_formulaire(EmploiForm, "EmploiEcritureSerializer", ajouter={
    "salarie": serializers.IntegerField(help_text="Identifiant du salarié (à la création).")}), EmploiSerializer,
            quoi="un emploi (embauche chez un autre adhérent ; la sortie se déclare par `date_sortie` et "
                 "`motif_sortie`)")
class EmploisViewSet(EcritureParFormulaire, ServiceViewSet):
    modele, serializer_class, capacite = Emploi, EmploiSerializer, Capacite.VOIR_ADHERENTS
    capacite_ecriture, formulaire = Capacite.GERER_ADHERENTS, EmploiForm
    filterset_fields = ["salarie", "adherent"]

    def queryset_du_service(self):
        return super().queryset_du_service().prefetch_related("periodes")

    def arguments_formulaire(self, instance, corps):
        if instance is not None:
            return {"salarie": instance.salarie}
        return {"salarie": parent(corps, "salarie", Salarie.objects.all(), INTROUVABLE_SALARIE)}


class DeclarationSerializer(SerializerModele):
    class Meta:
        model = DeclarationEffectifs
        fields = ["id", "adherent", "annee", "deposee_le", "deposee_par", "totaux", "fichier"]


class DepotDeclarationSerializer(serializers.Serializer):
    adherent = serializers.IntegerField()
    fichier = serializers.FileField(help_text="CSV (séparateur ; ou ,) ou XLSX, colonnes : "
                                              + ", ".join(declarations.COLONNES))
    appliquer = serializers.BooleanField(default=False, help_text="Faux : vérification seule ; vrai : "
                                                                  "application (tout ou rien).")


class DeclarationsViewSet(ServiceViewSet):
    """Workforce declarations; POST a file to check it (``appliquer=false``) or apply it."""

    modele, serializer_class, capacite = DeclarationEffectifs, DeclarationSerializer, Capacite.GERER_ADHERENTS
    filterset_fields = ["adherent", "annee"]

    @extend_schema(request={"multipart/form-data": DepotDeclarationSerializer}, responses=DeclarationSerializer)
    def create(self, request):
        depot = DepotDeclarationSerializer(data=request.data)
        depot.is_valid(raise_exception=True)
        adherent = get_object_or_404(Adherent.objects.all(), pk=depot.validated_data["adherent"])
        fichier = depot.validated_data["fichier"]
        try:
            contenu = televersements.lire_televersement(fichier)
        except televersements.FichierRefuse as exc:
            return Response({"fichier": [str(exc)]}, status=status.HTTP_400_BAD_REQUEST)
        try:
            analyse = declarations.analyser(adherent, declarations.lire(fichier.name, contenu))
        except declarations.FichierIllisible as exc:
            return Response({"fichier": [str(exc)]}, status=status.HTTP_400_BAD_REQUEST)
        if not analyse.valide:
            return Response({"erreurs": [{"ligne": ligne, "colonne": colonne, "message": message}
                                         for ligne, colonne, message in analyse.erreurs]},
                            status=status.HTTP_400_BAD_REQUEST)
        resume = {action: analyse.compter(action) for action in declarations.ACTIONS}
        if not depot.validated_data["appliquer"]:
            return Response({"verification": "aucune erreur", "changements": resume})
        try:
            declaration = declarations.appliquer(adherent=adherent, analyse=analyse, par=request.user,
                                                 annee=timezone.localdate().year,
                                                 fichier=ContentFile(contenu, name=fichier.name))
        except declarations.DeclarationEnCours as exc:
            return Response({"fichier": [str(exc)]}, status=status.HTTP_409_CONFLICT)
        except ValueError as exc:
            return Response({"fichier": [str(exc)]}, status=status.HTTP_400_BAD_REQUEST)
        return Response(DeclarationSerializer(declaration).data, status=status.HTTP_201_CREATED)


class CodeNAFSerializer(SerializerModele):
    class Meta:
        model = CodeNAF
        fields = ["code", "libelle"]


class CodesNAFViewSet(viewsets.ReadOnlyModelViewSet):
    """The NAF rév. 2 list (reference data shared by every service), searchable by code and label."""

    queryset = CodeNAF.objects.all()
    serializer_class = CodeNAFSerializer
    capacite = Capacite.BACK_OFFICE
    search_fields = ["code", "libelle"]
    lookup_value_regex = r"[0-9]{2}\.[0-9]{2}[A-Z]"
