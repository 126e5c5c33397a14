"""API of the offers and billing: catalogue, grids, subscriptions, requests and invoices (read),
payments (read and record). Money for accounting and the director; the catalogue for whoever
manages offers."""

from rest_framework import mixins, serializers

from spsti.api import ServiceViewSet
from spsti.api_ecriture import erreurs_du_service
from spsti.contrat_api import SerializerModele
from spsti.permissions import Capacite

from . import services
from .models import DemandeOffre, Facture, GrilleTarifaire, LigneFacture, Offre, Paiement, Souscription


class OffreSerializer(SerializerModele):
    class Meta:
        model = Offre
        fields = ["id", "type", "code", "nom", "description", "role_responsable", "equipe", "publique", "active"]


class GrilleSerializer(SerializerModele):
    class Meta:
        model = GrilleTarifaire
        fields = ["id", "offre", "annee", "mode", "prix", "prix_categories", "tranches", "minimum", "droit_entree",
                  "taux_tva", "date_approbation_ag", "decision_ag_hors_bande"]


class SouscriptionSerializer(SerializerModele):
    class Meta:
        model = Souscription
        fields = ["id", "adherent", "offre", "debut", "fin"]


class DemandeOffreSerializer(SerializerModele):
    class Meta:
        model = DemandeOffre
        fields = ["id", "adherent", "offre", "besoin", "statut", "demandee_le", "quantite", "montant_devis", "devis_le",
                  "acceptee_le", "realisee_le", "action", "session", "visite", "facture", "mediateur", "seances",
                  "issue"]


class LigneFactureSerializer(SerializerModele):
    class Meta:
        model = LigneFacture
        fields = ["libelle", "offre", "quantite", "prix_unitaire", "taux_tva", "montant_ht"]


class FactureSerializer(SerializerModele):
    lignes = LigneFactureSerializer(many=True, read_only=True)
    reste_du = serializers.SerializerMethodField()

    class Meta:
        model = Facture
        fields = ["id", "nature", "numero", "annee", "adherent", "objet", "emise_le", "echeance", "appel",
                  "facture_origine", "motif", "montant_ht", "montant_tva", "montant_ttc", "reste_du", "vendeur",
                  "acheteur", "lignes"]

    def get_reste_du(self, facture) -> str:
        return str(facture.reste)


class PaiementSerializer(SerializerModele):
    class Meta:
        model = Paiement
        fields = ["id", "facture", "date", "montant", "mode", "reference"]


class OffresViewSet(ServiceViewSet):
    modele, serializer_class, capacite = Offre, OffreSerializer, Capacite.OFFRES
    filterset_fields = ["type", "active"]


class GrillesViewSet(ServiceViewSet):
    modele, serializer_class, capacite = GrilleTarifaire, GrilleSerializer, Capacite.OFFRES
    filterset_fields = ["offre", "annee"]


class SouscriptionsViewSet(ServiceViewSet):
    modele, serializer_class, capacite = Souscription, SouscriptionSerializer, Capacite.OFFRES
    filterset_fields = ["adherent", "offre"]


class DemandesOffreViewSet(ServiceViewSet):
    modele, serializer_class, capacite = DemandeOffre, DemandeOffreSerializer, Capacite.OFFRES
    filterset_fields = ["adherent", "offre", "statut"]


class FacturesViewSet(ServiceViewSet):
    """Issued invoices and credit notes, read only (an invoice is never changed)."""

    modele, serializer_class, capacite = Facture, FactureSerializer, Capacite.FACTURATION
    filterset_fields = ["adherent", "nature", "annee", "appel"]

    def queryset_du_service(self):
        return Facture.objects.avec_reste().prefetch_related("lignes").order_by("pk")


class PaiementsViewSet(mixins.CreateModelMixin, ServiceViewSet):
    """Payments; POST records one (partial allowed, never more than what is owed)."""

    modele, serializer_class, capacite = Paiement, PaiementSerializer, Capacite.FACTURATION
    filterset_fields = ["facture", "mode"]

    def perform_create(self, serializer):
        d = serializer.validated_data
        with erreurs_du_service():
            serializer.instance = services.paiement_enregistrer(
                facture=d["facture"], montant=d["montant"], mode=d["mode"], par=self.request.user,
                date_paiement=d.get("date"), reference=d.get("reference", ""))
