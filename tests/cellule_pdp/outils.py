"""Helpers of the PDP cell tests: a file opened by the team's physician, a consent, partners."""

from django_scopes import scopes_disabled

from cellule_pdp.models import Consentement, DossierPDP, Partenaire, PathologiePDP, SourceSignalement
from cellule_pdp.services import signalement_creer
from spsti.permissions import Role
from spsti.tenancy import service_actif


def un_dossier(monde, salarie=None, source="visite_reprise", **valeurs):
    """A file opened by a signal from the team's physician (in the intake queue)."""
    with service_actif(monde.service):
        signalement = signalement_creer(salarie=salarie or monde.salarie, par=monde.membres[Role.MEDECIN],
                                        source=SourceSignalement.par_code(monde.service, source),
                                        description="Difficultés à tenir le poste")
        dossier = signalement.dossier
        for champ, valeur in valeurs.items():
            setattr(dossier, champ, valeur)
        dossier.save()
        return dossier


def une_pathologie(monde, dossier, code="tms"):
    with service_actif(monde.service):
        dossier.pathologies.add(PathologiePDP.par_code(monde.service, code))


def un_partenaire(monde, nom="Service social CARSAT", type_="carsat"):
    return Partenaire.objects.create(tenant=monde.service, nom=nom, type=type_)


def un_consentement(monde, dossier, partenaires=(), employeur=False, informations=("situation", "mesures")):
    with service_actif(monde.service):
        consentement = Consentement.objects.create(tenant=monde.service, dossier=dossier, recueilli_le="2026-10-01",
                                                   employeur=employeur, informations=list(informations))
        consentement.partenaires.set(partenaires)
    return consentement


def recharger(dossier):
    with scopes_disabled():
        return DossierPDP.objects.select_related("avancement", "issue").get(pk=dossier.pk)
