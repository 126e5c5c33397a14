from rest_framework import serializers

from spsti.api import ServiceViewSet
from spsti.permissions import Capacite

from .filters import AdherentFiltre
from .models import Adherent, Contact, Emploi, Etablissement, Salarie


class AdherentSerializer(serializers.ModelSerializer):
    tranche_effectif = serializers.CharField(read_only=True)

    class Meta:
        model = Adherent
        fields = ["id", "siren", "raison_sociale", "enseigne", "code_naf", "adresse", "code_postal", "ville",
                  "effectif", "tranche_effectif", "statut", "date_adhesion", "date_radiation", "centre", "equipe",
                  "medecin", "injoignable"]


class EtablissementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Etablissement
        fields = ["id", "adherent", "siret", "siege", "nom", "adresse", "code_postal", "ville", "effectif", "centre"]


class ContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = Contact
        fields = ["id", "adherent", "role", "prenom", "nom", "email", "telephone"]


class AdherentsViewSet(ServiceViewSet):
    modele, serializer_class, capacite = Adherent, AdherentSerializer, Capacite.VOIR_ADHERENTS
    filterset_class = AdherentFiltre


class EtablissementsViewSet(ServiceViewSet):
    modele, serializer_class, capacite = Etablissement, EtablissementSerializer, Capacite.VOIR_ADHERENTS
    filterset_fields = ["adherent", "siege", "centre"]
    search_fields = ["siret", "nom", "ville"]


class ContactsViewSet(ServiceViewSet):
    modele, serializer_class, capacite = Contact, ContactSerializer, Capacite.VOIR_ADHERENTS
    filterset_fields = ["adherent", "role"]


class SalarieSerializer(serializers.ModelSerializer):
    """Administrative data only: never medical content."""

    class Meta:
        model = Salarie
        fields = ["id", "nom", "nom_naissance", "prenom", "date_naissance", "sexe", "nir", "ins", "adherent",
                  "categorie", "motifs_categorie"]


class EmploiSerializer(serializers.ModelSerializer):
    class Meta:
        model = Emploi
        fields = ["id", "salarie", "adherent", "poste", "code_pcs", "date_embauche", "date_sortie"]


class SalariesViewSet(ServiceViewSet):
    modele, serializer_class, capacite = Salarie, SalarieSerializer, Capacite.VOIR_ADHERENTS
    filterset_fields = ["adherent", "categorie", "sexe"]
    search_fields = ["nom", "prenom", "nir"]


class EmploisViewSet(ServiceViewSet):
    modele, serializer_class, capacite = Emploi, EmploiSerializer, Capacite.VOIR_ADHERENTS
    filterset_fields = ["salarie", "adherent"]
