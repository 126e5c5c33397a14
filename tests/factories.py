"""Factories of the foundation objects. Rows are created unscoped (creation is allowed outside a
scope); reads in tests go through HTTP or an explicit ``service_actif``/``scopes_disabled``."""

from datetime import date

import factory
from factory.django import DjangoModelFactory

from adherents import effectifs
from adherents.models import AccesPortail, Adherent, CodeNAF, Emploi, Etablissement, Salarie
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
    """A member with its head office. ``effectif=n`` gives it n workers employed since 2021 (its
    headcount, ``adherents.effectifs``) and the head office that figure; by default, no worker and a
    head office of 8."""

    class Meta:
        model = Adherent
        skip_postgeneration_save = True

    equipe = factory.SubFactory(EquipeFactory)
    tenant = factory.SelfAttribute("equipe.tenant")
    centre = factory.SelfAttribute("equipe.centre")
    raison_sociale = factory.Sequence(lambda n: f"Entreprise {n}")
    siren = factory.Sequence(lambda n: avec_cle_luhn(f"{20_000_000 + n:08d}"))
    code_naf = factory.LazyFunction(lambda: CodeNAF.objects.get_or_create(
        code="41.20A", defaults={"libelle": "Construction de bâtiments résidentiels et non résidentiels"})[0])
    date_adhesion = date(2020, 1, 15)

    @factory.post_generation
    def effectif(adherent, create, valeur, **kwargs):
        if not create:
            return
        Etablissement.objects.create(
            tenant=adherent.tenant, adherent=adherent, siret=avec_cle_luhn(adherent.siren + "0001"),
            siege=True, effectif=8 if valeur is None else valeur, centre=adherent.centre)
        if valeur:
            salaries = Salarie.objects.bulk_create(
                Salarie(tenant=adherent.tenant, adherent=adherent, nom=f"Effectif{rang}", prenom="Camille",
                        date_naissance=date(1985, 3, 1), sexe="F") for rang in range(valeur))
            Emploi.objects.bulk_create(Emploi(tenant=adherent.tenant, salarie=salarie, adherent=adherent,
                                              date_embauche=date(2021, 1, 4)) for salarie in salaries)
            effectifs.actualiser([adherent.pk])
            adherent.refresh_from_db(fields=["effectif"])


class SalarieFactory(DjangoModelFactory):
    """A worker employed by ``adherent`` since 2021 (its follow-up attached there)."""

    class Meta:
        model = Salarie
        skip_postgeneration_save = True

    adherent = factory.SubFactory(AdherentFactory)
    tenant = factory.SelfAttribute("adherent.tenant")
    nom = factory.Sequence(lambda n: f"Durand{n}")
    prenom = "Alex"
    date_naissance = date(1990, 6, 2)
    sexe = "F"

    @factory.post_generation
    def emploi(salarie, create, valeur, **kwargs):
        if create:
            Emploi.objects.create(tenant=salarie.tenant, salarie=salarie, adherent=salarie.adherent,
                                  poste=kwargs.get("poste", "Maçon"), date_embauche=date(2021, 9, 1))


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
