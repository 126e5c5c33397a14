"""Factories of the foundation objects. Rows are created unscoped (creation is allowed outside a
scope); reads in tests go through HTTP or an explicit ``service_actif``/``scopes_disabled``."""

from datetime import date

import factory
from factory.django import DjangoModelFactory

from adherents.models import AccesPortail, Adherent, Salarie
from spsti.management.commands.donnees_demo import avec_cle_luhn
from spsti.models import Centre, Equipe, Rattachement, Service, Utilisateur
from spsti.permissions import Role
from suivi_individuel.models import DossierMedical


class ServiceFactory(DjangoModelFactory):
    class Meta:
        model = Service

    nom = factory.Sequence(lambda n: f"Service de santé au travail n°{n}")
    siren = factory.Sequence(lambda n: avec_cle_luhn(f"{10_000_000 + n:08d}"))
    ville = "Avignon"


class CentreFactory(DjangoModelFactory):
    class Meta:
        model = Centre

    tenant = factory.SubFactory(ServiceFactory)
    nom = factory.Sequence(lambda n: f"Centre {n}")


class EquipeFactory(DjangoModelFactory):
    class Meta:
        model = Equipe

    centre = factory.SubFactory(CentreFactory)
    tenant = factory.SelfAttribute("centre.tenant")
    nom = factory.Sequence(lambda n: f"UST {n}")


class UtilisateurFactory(DjangoModelFactory):
    class Meta:
        model = Utilisateur

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    username = factory.SelfAttribute("email")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    password = factory.django.Password("mot-de-passe-de-test")


class RattachementFactory(DjangoModelFactory):
    class Meta:
        model = Rattachement

    equipe = factory.SubFactory(EquipeFactory)
    tenant = factory.SelfAttribute("equipe.tenant")
    centre = factory.SelfAttribute("equipe.centre")
    utilisateur = factory.SubFactory(UtilisateurFactory)
    role = Role.MEDECIN


class AdherentFactory(DjangoModelFactory):
    class Meta:
        model = Adherent

    equipe = factory.SubFactory(EquipeFactory)
    tenant = factory.SelfAttribute("equipe.tenant")
    centre = factory.SelfAttribute("equipe.centre")
    raison_sociale = factory.Sequence(lambda n: f"Entreprise {n}")
    siret = factory.Sequence(lambda n: avec_cle_luhn(f"{20_000_000_000_00 + n:013d}"))
    code_naf = "4120A"
    effectif = 8
    date_adhesion = date(2020, 1, 15)


class SalarieFactory(DjangoModelFactory):
    class Meta:
        model = Salarie

    adherent = factory.SubFactory(AdherentFactory)
    tenant = factory.SelfAttribute("adherent.tenant")
    nom = factory.Sequence(lambda n: f"Durand{n}")
    prenom = "Alex"
    date_naissance = date(1981, 6, 2)
    sexe = "F"


class DossierMedicalFactory(DjangoModelFactory):
    class Meta:
        model = DossierMedical

    salarie = factory.SubFactory(SalarieFactory)
    tenant = factory.SelfAttribute("salarie.tenant")
    informations_sante = "Asthme professionnel suspecté"
    notes = "Revoir dans 6 mois"


class AccesPortailFactory(DjangoModelFactory):
    class Meta:
        model = AccesPortail

    adherent = factory.SubFactory(AdherentFactory)
    tenant = factory.SelfAttribute("adherent.tenant")
    rattachement = factory.SubFactory(RattachementFactory, role=Role.ADHERENT, equipe=None, centre=None,
                                      tenant=factory.SelfAttribute("..tenant"))
