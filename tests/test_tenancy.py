"""Tenancy fails closed: every tenant model carries a non-null tenant, is scoped by default,
and raises when queried outside a service scope."""

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django_scopes import ScopeError, scopes_disabled

from adherents.models import Salarie
from spsti.models import Centre, Equipe, Rattachement
from spsti.permissions import Role
from spsti.tenancy import ServiceManager, modeles_service, service_actif

ATTENDUS = {"spsti.centre", "spsti.equipe", "spsti.rattachement", "spsti.alerte",
            "spsti.accesdossiermedical", "adherents.adherent", "adherents.salarie",
            "adherents.accesportail", "adherents.etablissement", "adherents.contact",
            "adherents.etapetrajectoire", "adherents.etapeadherent", "adherents.emploi", "adherents.periodesuivi",
            "adherents.demandeadhesion", "adherents.declarationeffectifs", "adherents.messageadherent",
            "adherents.propositioncategorie",
            "suivi_individuel.dossiermedical", "suivi_individuel.arrettravail", "suivi_individuel.visite",
            "suivi_individuel.echeance", "suivi_individuel.typevisiteservice", "suivi_individuel.examenvisite",
            "suivi_individuel.documentsuivi", "suivi_individuel.protocoledelegation",
            "suivi_individuel.disponibilite", "suivi_individuel.preferencesplanification",
            "cellule_pdp.sourcesignalement", "cellule_pdp.orientationpdp", "cellule_pdp.accompagnementpdp",
            "cellule_pdp.avancementpdp", "cellule_pdp.issuepdp", "cellule_pdp.pathologiepdp", "cellule_pdp.partenaire",
            "cellule_pdp.dossierpdp", "cellule_pdp.signalement", "cellule_pdp.orientation", "cellule_pdp.mesure",
            "cellule_pdp.interventionentreprise", "cellule_pdp.entreejournal", "cellule_pdp.documentpdp",
            "cellule_pdp.consentement", "cellule_pdp.partage", "cellule_pdp.reunion", "cellule_pdp.decision",
            "cellule_pdp.ecart",
            "fiche_entreprise.famillerisque", "fiche_entreprise.typeaction", "fiche_entreprise.typemesurage",
            "fiche_entreprise.dossierprevention", "fiche_entreprise.echeanceprevention",
            "fiche_entreprise.ficheentreprise", "fiche_entreprise.unitetravail", "fiche_entreprise.risqueunite",
            "fiche_entreprise.photofiche", "fiche_entreprise.actionmilieutravail", "fiche_entreprise.documentaction",
            "fiche_entreprise.mesurage", "duerp.sessioncollective", "duerp.inscription", "duerp.accompagnementduerp",
            "duerp.relaisprevention", "duerp.planaction", "duerp.actionplan", "duerp.documentduerp",
            "comptes.jetonapi", "spsti.effetdiffere",
            "indicateurs.calculindicateurs", "indicateurs.instantane", "indicateurs.cible",
            "indicateurs.saisieenquete"}
ATTENDUS |= {"offres.offre", "offres.grilletarifaire", "offres.chargessocle", "offres.compteurfacture",
             "offres.appelcotisation", "offres.facture", "offres.lignefacture", "offres.paiement", "offres.mandatsepa",
             "offres.souscription", "offres.demandeoffre", "offres.fraisabsence", "offres.affiliationindependant",
             "offres.questionnaireepuisement"}
ATTENDUS |= {"spsti.reponseidempotente"}  # issue 18: the first answers of the API's idempotent writes
ATTENDUS |= {"webhooks.abonnement", "webhooks.livraison", "webhooks.tentative",  # issue 18
             "suivi_individuel.transfertdmst"}


def test_le_registre_liste_les_modeles_du_service():
    assert {m._meta.label_lower for m in modeles_service()} == ATTENDUS


@pytest.mark.parametrize("modele", modeles_service(), ids=lambda m: m._meta.label)
def test_chaque_modele_porte_un_tenant_non_nul_et_un_manager_qui_echoue_ferme(modele, db):
    champ = modele._meta.get_field("tenant")
    assert isinstance(champ, models.ForeignKey) and not champ.null
    assert isinstance(modele._default_manager, ServiceManager)
    with pytest.raises(ScopeError):
        list(modele.objects.all())
    with pytest.raises(ScopeError):
        modele.objects.filter(pk=1).exists()
    with pytest.raises(ScopeError):
        modele.objects.count()


@pytest.mark.parametrize("modele", modeles_service(), ids=lambda m: m._meta.label)
def test_les_contraintes_d_unicite_commencent_par_le_tenant(modele):
    """Composite uniqueness includes the tenant, first (ready for Citus distribution)."""
    for contrainte in modele._meta.constraints:
        if isinstance(contrainte, models.UniqueConstraint):
            assert contrainte.fields[0] == "tenant", contrainte.name


def test_la_portee_filtre_sur_le_service_actif(a, b):
    with service_actif(a.service):
        assert set(Centre.objects.values_list("pk", flat=True)) == {a.equipe.centre_id}
        assert list(Salarie.objects.all()) == [a.salarie]
    with service_actif(b.service):
        assert list(Salarie.objects.all()) == [b.salarie]


def test_une_portee_sans_service_est_refusee():
    """django-scopes alone would treat None as "no filter", i.e. every tenant."""
    with pytest.raises(ValueError), service_actif(None):
        pass


def test_le_gestionnaire_refuse_un_service_nul_meme_active_directement(a, b):
    from django_scopes import scope

    with scope(service=None), pytest.raises(ScopeError):
        list(Salarie.objects.all())


def test_scopes_disabled_est_la_seule_facon_de_tout_voir(a, b):
    with scopes_disabled():
        assert Salarie.objects.count() == 2


@pytest.mark.parametrize("modele", [m for m in modeles_service() if hasattr(m, "history")],
                         ids=lambda m: m._meta.label)
def test_l_historique_des_modeles_du_service_echoue_ferme_aussi(modele, a, b):
    """Historical rows copy the data (medical content included): scoped like the live rows."""
    with pytest.raises(ScopeError):
        list(modele.history.all())
    with scopes_disabled():
        services_presents = set(modele.history.values_list("tenant_id", flat=True))
    with service_actif(a.service):
        vus = set(modele.history.values_list("tenant_id", flat=True))
    assert vus == services_presents & {a.service.pk}


@pytest.mark.parametrize(("fabrique", "champ"), [
    (lambda a, b: Equipe(tenant=a.service, nom="UST X", centre=b.equipe.centre), "centre"),
    (lambda a, b: Salarie(tenant=a.service, nom="X", prenom="Y", date_naissance="1990-01-01", sexe="F",
                          adherent=b.adherent), "adherent"),
    (lambda a, b: Rattachement(tenant=a.service, utilisateur=b.membres[Role.IPRP].utilisateur,
                               role=Role.MEDECIN, equipe_id=b.equipe.pk), "equipe"),
])
def test_une_ligne_ne_reference_jamais_une_ligne_d_un_autre_service(a, b, fabrique, champ):
    objet = fabrique(a, b)
    with pytest.raises(ValidationError) as erreur:
        objet.save()
    assert champ in erreur.value.message_dict
    assert "appartient à un autre service" in str(erreur.value)
    assert objet.pk is None


def test_la_suite_tourne_sur_postgresql(db):
    """Rules, constraints, triggers and row-level security are PostgreSQL's: so are the tests."""
    from django.db import connection

    assert connection.vendor == "postgresql"
