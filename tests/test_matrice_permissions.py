"""Every role × every protected page and endpoint (the pretix permission-table pattern).

The expected roles are written out here, independently of ``spsti.permissions``: changing the
policy without changing this table makes the test fail."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import get_resolver
from django.utils import timezone

from adherents.models import (
    Contact,
    DemandeAdhesion,
    Emploi,
    Etablissement,
    EtapeAdherent,
    PropositionCategorie,
    RoleContact,
)
from adherents.trajectoire import trajectoire_demarrer
from cellule_pdp.models import Partenaire, Reunion, SourceSignalement
from spsti.models import AccesDossierMedical
from spsti.permissions import Role
from spsti.tenancy import service_actif
from suivi_individuel.models import (
    ArretTravail,
    Disponibilite,
    Echeance,
    NatureDocument,
    ProtocoleDelegation,
    StatutVisite,
    Visite,
)
from suivi_individuel.thesaurus import types_visite_du_service
from suivi_individuel.visites import document_emettre
from tests.offres.outils import des_frais, un_appel, une_facture, une_grille
from tests.prevention.outils import (
    un_accompagnement,
    un_document_action,
    un_duerp,
    un_mesurage,
    un_plan,
    un_relais,
    un_rendez_vous,
    un_rendez_vous_passe,
    un_risque,
    une_action_du_plan,
    une_action_realisee,
    une_echeance,
    une_fiche,
    une_fiche_validee,
    une_inscription,
    une_photo,
    une_session_a_venir,
    une_unite,
)
from webhooks.models import Abonnement

PERSONNEL = {r for r in Role if r != Role.ADHERENT}
MEDICAUX = {Role.MEDECIN, Role.INFIRMIER}
DIRECTION = {Role.DIRECTEUR}
PORTAIL = {Role.ADHERENT}
GESTION_ADHERENTS = {Role.DIRECTEUR, Role.SERVICE_ADHERENT}
SUIVI = {Role.DIRECTEUR, Role.MEDECIN, Role.INFIRMIER, Role.ASSISTANT_MEDICAL}
PROTOCOLES = {Role.DIRECTEUR, Role.MEDECIN}
CELLULE_PDP = {Role.MEDECIN, Role.INFIRMIER, Role.ASSISTANT_SOCIAL}  # the team's medical staff and the cell
MEMBRES_CELLULE = {Role.ASSISTANT_SOCIAL}  # the fixture's only cell member
PREVENTION = {Role.DIRECTEUR, Role.MEDECIN, Role.IPRP, Role.ASSISTANT_PREVENTION}
OFFRES = {Role.DIRECTEUR, Role.SERVICE_ADHERENT, Role.COMPTABLE}
FACTURATION = {Role.DIRECTEUR, Role.COMPTABLE}  # money: grids, calls, invoices, payments

def un_calcul(monde):
    from indicateurs.models import CalculIndicateurs

    return CalculIndicateurs.tous_services.create(tenant=monde.service, annee=2025, motif="Test")


def une_lecture(monde):
    """A read in the service's medical access log (written once per world)."""
    if not hasattr(monde, "lecture"):
        monde.lecture = AccesDossierMedical.journaliser(
            rattachement=monde.membres[Role.MEDECIN], salarie=monde.salarie, origine="/test/", accorde=True)
    return monde.lecture


def etape(monde, code):
    """The member's journey step ``code`` (the journey is started once per world)."""
    if not hasattr(monde, "trajectoire"):
        with service_actif(monde.service):
            trajectoire_demarrer(monde.adherent)
            monde.trajectoire = {e.etape.code: e for e in EtapeAdherent.objects.select_related("etape")}
    return monde.trajectoire[code]


def un_type_de_visite(monde):
    with service_actif(monde.service):
        return types_visite_du_service(monde.service)[0]


def une_visite(monde):
    """A visit booked for tomorrow with the team's physician (its convocation printable)."""
    if not hasattr(monde, "visite"):
        debut = timezone.now() + timedelta(days=1)
        monde.visite = Visite.objects.create(
            tenant=monde.service, salarie=monde.salarie, type="vip_periodique", statut=StatutVisite.PLANIFIEE,
            debut=debut, date=debut.date(), professionnel=monde.membres[Role.MEDECIN])
    return monde.visite


def un_document(monde):
    if not hasattr(monde, "document"):
        with service_actif(monde.service):
            monde.document = document_emettre(visite=une_visite(monde), par=monde.membres[Role.MEDECIN],
                                              nature=NatureDocument.ATTESTATION_SUIVI, propositions="")
    return monde.document


def une_plage(monde):
    if not hasattr(monde, "plage"):
        debut = timezone.now() + timedelta(days=1)
        monde.plage = Disponibilite.objects.create(tenant=monde.service, professionnel=monde.membres[Role.MEDECIN],
                                                   centre=monde.equipe.centre, debut=debut,
                                                   fin=debut + timedelta(hours=3))
    return monde.plage


def un_protocole(monde):
    return ProtocoleDelegation.objects.create(
        tenant=monde.service, medecin=monde.membres[Role.MEDECIN], infirmier=monde.membres[Role.INFIRMIER],
        types_visite=["vip_periodique"], categories=["SI"], contenu="x", valide_du=date(2026, 1, 1))


def un_abonnement(monde):
    """A webhook subscription of the world's member (seen by its portal users and the director)."""
    if not hasattr(monde, "abonnement"):
        monde.abonnement = Abonnement.objects.create(
            tenant=monde.service, adherent=monde.adherent, nom="Paie", url="https://paie.exemple.fr/",
            evenements=["facture.emise"], cree_par=monde.membres[Role.ADHERENT].utilisateur)
    return monde.abonnement


def un_transfert_dmst(monde):
    """The world's worker's DMST sent to another service by the team's physician (once per world)."""
    if not hasattr(monde, "transfert_dmst"):
        from suivi_individuel.transfert_dmst import dmst_transmettre

        with service_actif(monde.service):
            monde.transfert_dmst = dmst_transmettre(
                salarie=monde.salarie, par=monde.membres[Role.MEDECIN], destinataire="SPSTI voisin",
                consentement_le=timezone.localdate(), consentement_mode="ecrit")
    return monde.transfert_dmst


def un_arret(monde):
    if not hasattr(monde, "arret"):
        monde.arret = ArretTravail.objects.create(tenant=monde.service, salarie=monde.salarie, nature="maternite",
                                                  debut=date(2025, 1, 6), reprise=date(2025, 5, 5))
    return monde.arret


def une_source_pdp(monde):
    with service_actif(monde.service):
        return SourceSignalement.entrees(monde.service).first()


def une_reunion(monde):
    if not hasattr(monde, "reunion"):
        monde.reunion = Reunion.objects.create(tenant=monde.service, date=date(2026, 10, 5))
    return monde.reunion


def un_partenaire(monde):
    if not hasattr(monde, "partenaire"):
        monde.partenaire = Partenaire.objects.create(tenant=monde.service, nom="Cap Emploi", type="cap_emploi")
    return monde.partenaire


def une_proposition(monde):
    if not hasattr(monde, "proposition"):
        monde.proposition = PropositionCategorie.objects.create(
            tenant=monde.service, salarie=monde.salarie, adherent=monde.adherent, categorie="SIA",
            motifs_categorie=["travail_nuit"], proposee_par=monde.membres[Role.ADHERENT].utilisateur)
    return monde.proposition


def une_demande(monde):
    if not hasattr(monde, "demande"):
        monde.demande = DemandeAdhesion.objects.create(
            tenant=monde.service, siret="73282932000074", raison_sociale="Candidate", code_naf_id="41.20A",
            adresse="1 rue", code_postal="84000", ville="Avignon", effectif=3, contact_prenom="A",
            contact_nom="B", contact_email="a@b.fr", contact_telephone="0490000000")
    return monde.demande


def siege(monde):
    return Etablissement.tous_services.get(adherent=monde.adherent)


def un_contact(monde):
    if not hasattr(monde, "contact"):
        monde.contact = Contact.objects.create(tenant=monde.service, adherent=monde.adherent,
                                               role=RoleContact.EMPLOYEUR, nom="Roux", email="roux@exemple.fr")
    return monde.contact


# (url name, url builder from the service's world, roles that get 200; the others get 403)
MATRICE = [
    ("accueil", lambda m: "/accueil/", PERSONNEL),
    ("organisation", lambda m: "/organisation/", PERSONNEL),
    ("alertes", lambda m: "/alertes/", PERSONNEL),
    ("historique", lambda m: f"/historique/spsti.centre/{m.equipe.centre_id}/", PERSONNEL),
    ("historique", lambda m: f"/historique/spsti.service/{m.service.pk}/", PERSONNEL),
    ("historique", lambda m: f"/historique/adherents.salarie/{m.salarie.pk}/", PERSONNEL),
    ("historique", lambda m: f"/historique/suivi_individuel.dossiermedical/{m.dossier.pk}/", MEDICAUX),
    ("journal_acces", lambda m: "/journal-acces-medical/", DIRECTION),
    ("taches_planifiees", lambda m: "/taches-planifiees/", DIRECTION),
    ("service_modifier", lambda m: "/organisation/service/", DIRECTION),
    ("centre_creer", lambda m: "/organisation/centres/nouveau/", DIRECTION),
    ("centre_modifier", lambda m: f"/organisation/centres/{m.equipe.centre_id}/", DIRECTION),
    ("equipe_creer", lambda m: "/organisation/equipes/nouvelle/", DIRECTION),
    ("equipe_modifier", lambda m: f"/organisation/equipes/{m.equipe.pk}/", DIRECTION),
    ("personnel_inviter", lambda m: "/organisation/personnel/nouveau/", DIRECTION),
    ("personnel_modifier", lambda m: f"/organisation/personnel/{m.membres[Role.IPRP].pk}/", DIRECTION),
    ("indicateurs:tableau_de_bord", lambda m: "/indicateurs/", DIRECTION),
    ("indicateurs:domaines", lambda m: "/indicateurs/domaines/?domaine=Adhérents", DIRECTION),
    ("indicateurs:definitions", lambda m: "/indicateurs/definitions/", DIRECTION),
    ("indicateurs:objectifs", lambda m: "/indicateurs/objectifs/", DIRECTION),
    ("indicateurs:enquete_dgt", lambda m: "/indicateurs/enquete-dgt/?annee=2025", DIRECTION),
    ("indicateurs:certification", lambda m: "/indicateurs/certification/", DIRECTION),
    ("indicateurs:simulateur", lambda m: "/indicateurs/simulateur/", DIRECTION),
    ("indicateurs:regional", lambda m: "/indicateurs/region/", DIRECTION),
    # a federation's staff only (no service role): see tests/indicateurs/test_regional.py, tests/test_isolation.py
    ("indicateurs:federation", lambda m: "/indicateurs/federation/", set()),
    ("indicateurs:calcul", lambda m: f"/indicateurs/calculs/{un_calcul(m).pk}/", DIRECTION),
    # the team's physician leads the team (L4622-8): its indicators and the rows behind them
    ("indicateurs:equipe", lambda m: "/indicateurs/equipe/", {Role.MEDECIN}),
    ("indicateurs:detail", lambda m: "/indicateurs/visites_realisees/", DIRECTION | {Role.MEDECIN}),
    ("indicateurs:liste", lambda m: "/indicateurs/visites_realisees/liste/", DIRECTION | {Role.MEDECIN}),
    ("indicateurs:liste", lambda m: "/indicateurs/avis_inaptitude/liste/", {Role.MEDECIN}),  # medical rows
    ("suivi_individuel:dossier_medical", lambda m: f"/suivi/salaries/{m.salarie.pk}/dossier-medical/", MEDICAUX),
    ("portail:accueil", lambda m: "/portail/", PORTAIL),
    ("portail:entreprise", lambda m: f"/portail/entreprises/{m.adherent.pk}/", PORTAIL),
    ("portail:effectifs_exporter", lambda m: f"/portail/entreprises/{m.adherent.pk}/effectifs.csv", PORTAIL),
    ("portail:effectifs_deposer", lambda m: f"/portail/entreprises/{m.adherent.pk}/effectifs/deposer/", PORTAIL),
    ("portail:effectifs_formulaire", lambda m: f"/portail/entreprises/{m.adherent.pk}/effectifs/formulaire/",
     PORTAIL),
    ("portail:contact_creer", lambda m: f"/portail/entreprises/{m.adherent.pk}/contacts/nouveau/", PORTAIL),
    ("portail:contact_modifier", lambda m: f"/portail/entreprises/{m.adherent.pk}/contacts/{un_contact(m).pk}/",
     PORTAIL),
    ("portail:message", lambda m: f"/portail/entreprises/{m.adherent.pk}/message/", PORTAIL),
    ("portail:categorie_proposer",
     lambda m: f"/portail/entreprises/{m.adherent.pk}/salaries/{m.salarie.pk}/categorie/", PORTAIL),
    ("adherents:propositions", lambda m: "/adherents/propositions/", SUIVI),
    ("adherents:salaries_recherche", lambda m: "/adherents/salaries/recherche/?q=dur", PERSONNEL),
    ("suivi_individuel:echeancier", lambda m: "/suivi/echeancier/", SUIVI),
    ("suivi_individuel:types_visite", lambda m: "/suivi/types-visite/", DIRECTION),
    ("suivi_individuel:reglages", lambda m: "/suivi/reglages/", DIRECTION),
    ("suivi_individuel:type_visite_creer", lambda m: "/suivi/types-visite/nouveau/", DIRECTION),
    ("suivi_individuel:type_visite_modifier", lambda m: f"/suivi/types-visite/{un_type_de_visite(m).pk}/", DIRECTION),
    ("suivi_individuel:agenda", lambda m: "/suivi/agenda/", SUIVI),
    ("suivi_individuel:disponibilite_creer", lambda m: "/suivi/disponibilites/nouvelle/", SUIVI),
    ("suivi_individuel:visites", lambda m: "/suivi/visites/", SUIVI),
    ("suivi_individuel:visite", lambda m: f"/suivi/visites/{une_visite(m).pk}/", SUIVI),
    ("suivi_individuel:visite_reporter", lambda m: f"/suivi/visites/{une_visite(m).pk}/reporter/", SUIVI),
    # the fixture's nurse has no protocol: she may not record the physician's visit (R4623-14)
    ("suivi_individuel:visite_enregistrer", lambda m: f"/suivi/visites/{une_visite(m).pk}/enregistrer/",
     {Role.MEDECIN}),
    ("suivi_individuel:convocation_pdf", lambda m: f"/suivi/visites/{une_visite(m).pk}/convocation.pdf", SUIVI),
    ("suivi_individuel:document_pdf", lambda m: f"/suivi/documents/{un_document(m).pk}/", SUIVI),
    ("suivi_individuel:convoquer", lambda m: f"/suivi/salaries/{m.salarie.pk}/convoquer/", SUIVI),
    ("suivi_individuel:planifier_adherent", lambda m: f"/suivi/adherents/{m.adherent.pk}/planifier/", SUIVI),
    ("suivi_individuel:preferences_adherent", lambda m: f"/suivi/adherents/{m.adherent.pk}/preferences/", SUIVI),
    ("suivi_individuel:protocoles", lambda m: "/suivi/protocoles/", SUIVI),
    ("suivi_individuel:protocole_creer", lambda m: "/suivi/protocoles/nouveau/", PROTOCOLES),
    ("suivi_individuel:protocole_modifier", lambda m: f"/suivi/protocoles/{un_protocole(m).pk}/", PROTOCOLES),
    ("historique", lambda m: f"/historique/suivi_individuel.visite/{une_visite(m).pk}/", SUIVI),
    ("portail:convocation_pdf", lambda m: f"/portail/entreprises/{m.adherent.pk}/convocations/{une_visite(m).pk}.pdf",
     PORTAIL),
    ("portail:document_suivi",
     lambda m: f"/portail/entreprises/{m.adherent.pk}/documents-suivi/{un_document(m).pk}/", PORTAIL),
    ("portail:preferences", lambda m: f"/portail/entreprises/{m.adherent.pk}/preferences/", PORTAIL),
    ("portail:arret_declarer", lambda m: f"/portail/entreprises/{m.adherent.pk}/arrets/nouveau/", PORTAIL),
    ("portail:visite_demander", lambda m: f"/portail/entreprises/{m.adherent.pk}/visites/demander/", PORTAIL),
    ("suivi_individuel:arret_creer", lambda m: f"/suivi/salaries/{m.salarie.pk}/arrets/nouveau/", SUIVI),
    ("suivi_individuel:arret_modifier", lambda m: f"/suivi/salaries/{m.salarie.pk}/arrets/{un_arret(m).pk}/", SUIVI),
    ("suivi_individuel:visite_demander", lambda m: f"/suivi/salaries/{m.salarie.pk}/demande/", SUIVI),
    ("cellule_pdp:file_attente", lambda m: "/pdp/", CELLULE_PDP),
    ("cellule_pdp:dossiers", lambda m: "/pdp/dossiers/", CELLULE_PDP),
    ("cellule_pdp:exporter", lambda m: "/pdp/dossiers/tableau-de-suivi.xlsx", CELLULE_PDP),
    ("cellule_pdp:statistiques", lambda m: "/pdp/statistiques/", CELLULE_PDP),
    ("cellule_pdp:reperage", lambda m: "/pdp/reperage/", CELLULE_PDP),
    ("cellule_pdp:reperage_ecarter", lambda m: f"/pdp/reperage/{m.salarie.pk}/ecarter/", CELLULE_PDP),
    ("cellule_pdp:signaler", lambda m: f"/pdp/salaries/{m.salarie.pk}/signaler/", CELLULE_PDP),
    ("cellule_pdp:partenaires", lambda m: "/pdp/partenaires/", CELLULE_PDP),
    ("cellule_pdp:partenaire_creer", lambda m: "/pdp/partenaires/nouveau/", MEMBRES_CELLULE),
    ("cellule_pdp:partenaire_modifier", lambda m: f"/pdp/partenaires/{un_partenaire(m).pk}/", MEMBRES_CELLULE),
    ("cellule_pdp:reunions", lambda m: "/pdp/reunions/", MEMBRES_CELLULE),
    ("cellule_pdp:ordre_du_jour_pdf", lambda m: "/pdp/reunions/ordre-du-jour.pdf", MEMBRES_CELLULE),
    ("cellule_pdp:reunion_creer", lambda m: "/pdp/reunions/nouvelle/", MEMBRES_CELLULE),
    ("cellule_pdp:reunion", lambda m: f"/pdp/reunions/{une_reunion(m).pk}/", MEMBRES_CELLULE),
    ("cellule_pdp:reglages", lambda m: "/pdp/reglages/", DIRECTION),
    ("portail:pdp_signaler", lambda m: f"/portail/entreprises/{m.adherent.pk}/maintien-en-emploi/signaler/", PORTAIL),
    ("signalement-pdp-list", lambda m: "/api/v1/signalements-pdp/", PERSONNEL),  # rows: the caller's scope
    ("dossier-pdp-list", lambda m: "/api/v1/dossiers-pdp/", PERSONNEL),
    ("indicateur-list", lambda m: "/api/v1/indicateurs/?code=pdp_", DIRECTION),
    ("thesaurus_liste", lambda m: "/organisation/thesaurus/", DIRECTION),
    ("thesaurus_entrees", lambda m: "/organisation/thesaurus/sources-signalement-pdp/", DIRECTION),
    ("thesaurus_creer", lambda m: "/organisation/thesaurus/sources-signalement-pdp/nouvelle/", DIRECTION),
    ("thesaurus_modifier",
     lambda m: f"/organisation/thesaurus/sources-signalement-pdp/{une_source_pdp(m).pk}/", DIRECTION),
    ("type-visite-list", lambda m: "/api/v1/types-visite/", SUIVI),
    ("type-visite-detail", lambda m: f"/api/v1/types-visite/{un_type_de_visite(m).pk}/", SUIVI),
    ("disponibilite-list", lambda m: "/api/v1/disponibilites/", SUIVI),
    ("disponibilite-detail", lambda m: f"/api/v1/disponibilites/{une_plage(m).pk}/", SUIVI),
    ("disponibilite-creneaux-libres", lambda m: f"/api/v1/disponibilites/{une_plage(m).pk}/creneaux-libres/", SUIVI),
    ("visite-list", lambda m: "/api/v1/visites/", SUIVI),
    ("visite-detail", lambda m: f"/api/v1/visites/{une_visite(m).pk}/", SUIVI),
    ("document-suivi-list", lambda m: "/api/v1/documents-suivi/", SUIVI),
    ("document-suivi-detail", lambda m: f"/api/v1/documents-suivi/{un_document(m).pk}/", SUIVI),
    ("document-suivi-pdf", lambda m: f"/api/v1/documents-suivi/{un_document(m).pk}/pdf/", SUIVI),
    ("echeance-list", lambda m: "/api/v1/echeances/", SUIVI),
    ("arret-travail-list", lambda m: "/api/v1/arrets-travail/", SUIVI),
    ("arret-travail-detail", lambda m: f"/api/v1/arrets-travail/{un_arret(m).pk}/", SUIVI),
    ("echeance-detail", lambda m: f"/api/v1/echeances/{Echeance.tous_services.filter(salarie=m.salarie)[0].pk}/",
     SUIVI),
    ("adherents:proposition", lambda m: f"/adherents/propositions/{une_proposition(m).pk}/",
     {Role.MEDECIN, Role.INFIRMIER, Role.ASSISTANT_MEDICAL}),
    ("adherents:liste", lambda m: "/adherents/", PERSONNEL),
    ("adherents:exporter_csv", lambda m: "/adherents/export.csv", PERSONNEL),
    ("adherents:exporter_xlsx", lambda m: "/adherents/export.xlsx", PERSONNEL),
    ("adherents:detail", lambda m: f"/adherents/{m.adherent.pk}/", PERSONNEL),
    ("adherents:detail", lambda m: f"/adherents/{m.adherent.pk}/?onglet=salaries", PERSONNEL),
    ("adherents:creer", lambda m: "/adherents/nouveau/", GESTION_ADHERENTS),
    ("adherents:modifier", lambda m: f"/adherents/{m.adherent.pk}/modifier/", GESTION_ADHERENTS),
    ("adherents:etablissement_creer", lambda m: f"/adherents/{m.adherent.pk}/etablissements/nouveau/",
     GESTION_ADHERENTS),
    ("adherents:etablissement_modifier",
     lambda m: f"/adherents/{m.adherent.pk}/etablissements/{siege(m).pk}/", GESTION_ADHERENTS),
    ("adherents:contact_creer", lambda m: f"/adherents/{m.adherent.pk}/contacts/nouveau/", GESTION_ADHERENTS),
    ("adherents:contact_modifier", lambda m: f"/adherents/{m.adherent.pk}/contacts/{un_contact(m).pk}/",
     GESTION_ADHERENTS),
    ("adherents:etapes_trajectoire", lambda m: "/adherents/trajectoire/", DIRECTION),
    ("adherents:etape_trajectoire_creer", lambda m: "/adherents/trajectoire/nouvelle/", DIRECTION),
    ("adherents:etape_trajectoire_modifier",
     lambda m: f"/adherents/trajectoire/{etape(m, 'accueil').etape_id}/", DIRECTION),
    ("adherents:etape_realiser", lambda m: f"/adherents/{m.adherent.pk}/trajectoire/{etape(m, 'accueil').pk}/",
     GESTION_ADHERENTS),
    ("adherents:etape_realiser",
     lambda m: f"/adherents/{m.adherent.pk}/trajectoire/{etape(m, 'rendez_vous_prevention').pk}/",
     GESTION_ADHERENTS | {Role.ASSISTANT_PREVENTION}),
    ("adherents:salarie", lambda m: f"/adherents/salaries/{m.salarie.pk}/", PERSONNEL),
    ("adherents:salarie_creer", lambda m: f"/adherents/{m.adherent.pk}/salaries/nouveau/", GESTION_ADHERENTS),
    ("adherents:salarie_modifier", lambda m: f"/adherents/salaries/{m.salarie.pk}/modifier/", GESTION_ADHERENTS),
    ("adherents:emploi_creer", lambda m: f"/adherents/salaries/{m.salarie.pk}/emplois/nouveau/", GESTION_ADHERENTS),
    ("adherents:emploi_modifier",
     lambda m: f"/adherents/salaries/{m.salarie.pk}/emplois/{Emploi.tous_services.get(salarie=m.salarie).pk}/",
     GESTION_ADHERENTS),
    ("salarie-list", lambda m: "/api/v1/salaries/", PERSONNEL),
    ("salarie-detail", lambda m: f"/api/v1/salaries/{m.salarie.pk}/", PERSONNEL),
    ("emploi-list", lambda m: "/api/v1/emplois/", PERSONNEL),
    ("emploi-detail", lambda m: f"/api/v1/emplois/{Emploi.tous_services.get(salarie=m.salarie).pk}/", PERSONNEL),
    ("adherents:demandes", lambda m: "/adherents/demandes/", GESTION_ADHERENTS),
    ("adherents:demande", lambda m: f"/adherents/demandes/{une_demande(m).pk}/", GESTION_ADHERENTS),
    ("declaration-list", lambda m: "/api/v1/declarations/", GESTION_ADHERENTS),
    ("portail-salarie-list", lambda m: "/api/v1/portail/salaries/", PORTAIL),  # issue 18: the portal API
    ("code-naf-list", lambda m: "/api/v1/codes-naf/", PERSONNEL),
    ("code-naf-detail", lambda m: "/api/v1/codes-naf/41.20A/", PERSONNEL),
    ("adherent-list", lambda m: "/api/v1/adherents/", PERSONNEL),
    ("adherent-detail", lambda m: f"/api/v1/adherents/{m.adherent.pk}/", PERSONNEL),
    ("etablissement-list", lambda m: "/api/v1/etablissements/", PERSONNEL),
    ("etablissement-detail", lambda m: f"/api/v1/etablissements/{siege(m).pk}/", PERSONNEL),
    ("contact-list", lambda m: "/api/v1/contacts/", PERSONNEL),
    ("contact-detail", lambda m: f"/api/v1/contacts/{un_contact(m).pk}/", PERSONNEL),
    ("api-root", lambda m: "/api/v1/", PERSONNEL),
    ("service-list", lambda m: "/api/v1/services/", PERSONNEL),
    ("service-detail", lambda m: f"/api/v1/services/{m.service.pk}/", PERSONNEL),
    ("centre-list", lambda m: "/api/v1/centres/", PERSONNEL),
    ("centre-detail", lambda m: f"/api/v1/centres/{m.equipe.centre_id}/", PERSONNEL),
    ("equipe-list", lambda m: "/api/v1/equipes/", PERSONNEL),
    ("equipe-detail", lambda m: f"/api/v1/equipes/{m.equipe.pk}/", PERSONNEL),
    ("personnel-list", lambda m: "/api/v1/personnel/", PERSONNEL),
    ("personnel-detail", lambda m: f"/api/v1/personnel/{m.membres[Role.MEDECIN].pk}/", PERSONNEL),
    ("alerte-list", lambda m: "/api/v1/alertes/", PERSONNEL),
    ("journal-acces-list", lambda m: "/api/v1/journal-acces-medical/", DIRECTION),
    ("journal-acces-detail", lambda m: f"/api/v1/journal-acces-medical/{une_lecture(m).pk}/", DIRECTION),
    ("dossier-medical-detail", lambda m: f"/api/v1/dossiers-medicaux/{m.salarie.pk}/", MEDICAUX),
    # Prevention: the FE, workplace actions, DUERP support (capability PREVENTION) and the member's side
    ("adherents:detail", lambda m: f"/adherents/{m.adherent.pk}/?onglet=prevention", PERSONNEL),
    ("fiche_entreprise:echeances", lambda m: "/prevention/", PREVENTION),
    ("fiche_entreprise:adherent", lambda m: f"/prevention/adherents/{m.adherent.pk}/", PREVENTION),
    ("fiche_entreprise:dossier_modifier", lambda m: f"/prevention/adherents/{m.adherent.pk}/dossier/", PREVENTION),
    ("fiche_entreprise:fiche_creer", lambda m: f"/prevention/adherents/{m.adherent.pk}/fiches/nouvelle/", PREVENTION),
    ("fiche_entreprise:action_creer", lambda m: f"/prevention/adherents/{m.adherent.pk}/actions/nouvelle/",
     PREVENTION),
    ("fiche_entreprise:visite_proposer", lambda m: f"/prevention/adherents/{m.adherent.pk}/visites/proposer/",
     PREVENTION),
    ("fiche_entreprise:fiches", lambda m: "/prevention/fiches/", PREVENTION),
    ("fiche_entreprise:fiche", lambda m: f"/prevention/fiches/{une_fiche(m).pk}/", PREVENTION),
    ("fiche_entreprise:fiche_modifier", lambda m: f"/prevention/fiches/{une_fiche(m).pk}/modifier/", PREVENTION),
    ("fiche_entreprise:unite_creer", lambda m: f"/prevention/fiches/{une_fiche(m).pk}/unites/nouvelle/", PREVENTION),
    ("fiche_entreprise:photo_ajouter", lambda m: f"/prevention/fiches/{une_fiche(m).pk}/photos/nouvelle/",
     PREVENTION),
    ("fiche_entreprise:fiche_pdf", lambda m: f"/prevention/fiches/{une_fiche_validee(m).pk}/pdf/", PREVENTION),
    ("fiche_entreprise:unite_modifier", lambda m: f"/prevention/unites/{une_unite(m).pk}/", PREVENTION),
    ("fiche_entreprise:risque_creer", lambda m: f"/prevention/unites/{une_unite(m).pk}/risques/nouveau/", PREVENTION),
    ("fiche_entreprise:risque_modifier", lambda m: f"/prevention/risques/{un_risque(m).pk}/", PREVENTION),
    ("fiche_entreprise:photo", lambda m: f"/prevention/photos/{une_photo(m).pk}/", PREVENTION),
    ("fiche_entreprise:actions", lambda m: "/prevention/actions/", PREVENTION),
    ("fiche_entreprise:action", lambda m: f"/prevention/actions/{une_action_realisee(m).pk}/", PREVENTION),
    ("fiche_entreprise:action_modifier", lambda m: f"/prevention/actions/{une_action_realisee(m).pk}/modifier/",
     PREVENTION),
    ("fiche_entreprise:visite_deplacer", lambda m: f"/prevention/actions/{un_rendez_vous(m).pk}/deplacer/",
     PREVENTION),
    ("fiche_entreprise:action_realiser",
     lambda m: f"/prevention/actions/{un_rendez_vous_passe(m).pk}/compte-rendu/", PREVENTION),
    ("fiche_entreprise:mesurage_creer",
     lambda m: f"/prevention/actions/{une_action_realisee(m).pk}/mesurages/nouveau/", PREVENTION),
    ("fiche_entreprise:document_ajouter",
     lambda m: f"/prevention/actions/{une_action_realisee(m).pk}/documents/nouveau/", PREVENTION),
    ("fiche_entreprise:mesurage_modifier", lambda m: f"/prevention/mesurages/{un_mesurage(m).pk}/", PREVENTION),
    ("fiche_entreprise:document", lambda m: f"/prevention/documents/{un_document_action(m).pk}/", PREVENTION),
    ("fiche_entreprise:agenda", lambda m: "/prevention/agenda/", PREVENTION),
    ("historique", lambda m: f"/historique/fiche_entreprise.ficheentreprise/{une_fiche(m).pk}/", PREVENTION),
    ("duerp:sessions", lambda m: "/duerp/sessions/", PREVENTION),
    ("duerp:session_creer", lambda m: "/duerp/sessions/nouvelle/", PREVENTION),
    ("duerp:session", lambda m: f"/duerp/sessions/{une_session_a_venir(m).pk}/", PREVENTION),
    ("duerp:session_modifier", lambda m: f"/duerp/sessions/{une_session_a_venir(m).pk}/modifier/", PREVENTION),
    ("duerp:session_inscrire", lambda m: f"/duerp/sessions/{une_session_a_venir(m).pk}/inscrire/", PREVENTION),
    ("duerp:accompagnements", lambda m: "/duerp/accompagnements/", PREVENTION),
    ("duerp:accompagnement_modifier", lambda m: f"/duerp/accompagnements/{un_accompagnement(m).pk}/", PREVENTION),
    ("duerp:accompagnement_creer", lambda m: f"/duerp/adherents/{m.adherent.pk}/accompagnements/nouveau/",
     PREVENTION),
    ("duerp:plan_creer", lambda m: f"/duerp/adherents/{m.adherent.pk}/plans/nouveau/", PREVENTION),
    ("duerp:document_deposer", lambda m: f"/duerp/adherents/{m.adherent.pk}/documents/nouveau/", PREVENTION),
    ("duerp:relais_creer", lambda m: f"/duerp/adherents/{m.adherent.pk}/relais/nouveau/", PREVENTION),
    ("duerp:plan", lambda m: f"/duerp/plans/{un_plan(m).pk}/", PREVENTION),
    ("duerp:plan_modifier", lambda m: f"/duerp/plans/{un_plan(m).pk}/modifier/", PREVENTION),
    ("duerp:action_plan_creer", lambda m: f"/duerp/plans/{un_plan(m).pk}/actions/nouvelle/", PREVENTION),
    ("duerp:action_plan_modifier", lambda m: f"/duerp/actions-plan/{une_action_du_plan(m).pk}/", PREVENTION),
    ("duerp:document", lambda m: f"/duerp/documents/{un_duerp(m).pk}/", PREVENTION),
    ("duerp:relais_liste", lambda m: "/duerp/relais/", PREVENTION),
    ("duerp:relais", lambda m: f"/duerp/relais/{un_relais(m).pk}/", PREVENTION),
    ("duerp:relais_modifier", lambda m: f"/duerp/relais/{un_relais(m).pk}/modifier/", PREVENTION),
    ("portail:prevention", lambda m: f"/portail/entreprises/{m.adherent.pk}/prevention/", PORTAIL),
    ("portail:fiche_pdf", lambda m: f"/portail/entreprises/{m.adherent.pk}/fiches/{une_fiche_validee(m).pk}/pdf/",
     PORTAIL),
    ("portail:visite_prevention",
     lambda m: f"/portail/entreprises/{m.adherent.pk}/visites-prevention/{un_rendez_vous(m).pk}/", PORTAIL),
    ("portail:session_inscrire",
     lambda m: f"/portail/entreprises/{m.adherent.pk}/sessions/{une_session_a_venir(m).pk}/inscription/", PORTAIL),
    ("portail:duerp_deposer", lambda m: f"/portail/entreprises/{m.adherent.pk}/duerp/deposer/", PORTAIL),
    ("portail:duerp_fichier", lambda m: f"/portail/entreprises/{m.adherent.pk}/duerp/{un_duerp(m).pk}/", PORTAIL),
    ("portail:relais_contrat", lambda m: f"/portail/entreprises/{m.adherent.pk}/relais/{un_relais(m).pk}/contrat/",
     PORTAIL),
    ("fiche-entreprise-list", lambda m: "/api/v1/fiches-entreprise/", PREVENTION),
    ("fiche-entreprise-detail", lambda m: f"/api/v1/fiches-entreprise/{une_fiche(m).pk}/", PREVENTION),
    ("fiche-entreprise-pdf", lambda m: f"/api/v1/fiches-entreprise/{une_fiche_validee(m).pk}/pdf/", PREVENTION),
    ("action-milieu-travail-list", lambda m: "/api/v1/actions-milieu-travail/", PREVENTION),
    ("action-milieu-travail-detail", lambda m: f"/api/v1/actions-milieu-travail/{une_action_realisee(m).pk}/",
     PREVENTION),
    ("mesurage-list", lambda m: "/api/v1/mesurages/", PREVENTION),
    ("mesurage-detail", lambda m: f"/api/v1/mesurages/{un_mesurage(m).pk}/", PREVENTION),
    ("echeance-prevention-list", lambda m: "/api/v1/echeances-prevention/", PREVENTION),
    ("echeance-prevention-detail", lambda m: f"/api/v1/echeances-prevention/{une_echeance(m).pk}/", PREVENTION),
    ("type-action-list", lambda m: "/api/v1/types-action/", PREVENTION),
    ("type-action-detail", lambda m: f"/api/v1/types-action/{une_action_realisee(m).type_id}/", PREVENTION),
    ("session-collective-list", lambda m: "/api/v1/sessions-collectives/", PREVENTION),
    ("session-collective-detail", lambda m: f"/api/v1/sessions-collectives/{une_session_a_venir(m).pk}/", PREVENTION),
    ("inscription-list", lambda m: "/api/v1/inscriptions/", PREVENTION),
    ("inscription-detail", lambda m: f"/api/v1/inscriptions/{une_inscription(m).pk}/", PREVENTION),
    ("plan-action-list", lambda m: "/api/v1/plans-action/", PREVENTION),
    ("plan-action-detail", lambda m: f"/api/v1/plans-action/{un_plan(m).pk}/", PREVENTION),
    ("document-duerp-list", lambda m: "/api/v1/documents-duerp/", PREVENTION),
    ("document-duerp-detail", lambda m: f"/api/v1/documents-duerp/{un_duerp(m).pk}/", PREVENTION),
    ("document-duerp-fichier", lambda m: f"/api/v1/documents-duerp/{un_duerp(m).pk}/fichier/", PREVENTION),
    # issue 11: one's own profile (tokens, sessions, second factor), the director's staff security page
    ("comptes:profil", lambda m: "/comptes/profil/", PERSONNEL | PORTAIL),
    ("comptes:securite_personnel", lambda m: "/organisation/securite/", DIRECTION),
    # offers and billing (issue 14)
    ("offres:accueil", lambda m: "/offres/", OFFRES),
    ("offres:catalogue", lambda m: "/offres/catalogue/", OFFRES),
    ("offres:offre_creer", lambda m: "/offres/catalogue/nouvelle/", FACTURATION),
    ("offres:offre_modifier", lambda m: f"/offres/catalogue/{une_grille(m).offre_id}/", FACTURATION),
    ("offres:grille_creer", lambda m: "/offres/grilles/nouvelle/", FACTURATION),
    ("offres:grille_modifier", lambda m: f"/offres/grilles/{une_grille(m).pk}/", FACTURATION),
    ("offres:appel", lambda m: "/offres/appels/2026/", FACTURATION),
    ("offres:appel_progression", lambda m: f"/offres/appels/{un_appel(m).annee}/progression/", FACTURATION),
    ("offres:factures", lambda m: "/offres/factures/", FACTURATION),
    ("offres:facture", lambda m: f"/offres/factures/{une_facture(m).pk}/", FACTURATION),
    ("offres:facture_pdf", lambda m: f"/offres/factures/{une_facture(m).pk}/pdf/", FACTURATION),
    ("offres:paiement", lambda m: f"/offres/factures/{une_facture(m).pk}/paiement/", FACTURATION),
    ("offres:avoir", lambda m: f"/offres/factures/{une_facture(m).pk}/avoir/", FACTURATION),
    ("offres:relance_pdf", lambda m: f"/offres/factures/{une_facture(m).pk}/relance/1/", FACTURATION),
    ("offres:questionnaires", lambda m: "/offres/questionnaires-epuisement/", MEDICAUX),
    ("offres:frais_absence", lambda m: "/offres/frais-absence/", FACTURATION),
    ("offres:frais_decider", lambda m: f"/offres/frais-absence/{des_frais(m).pk}/", FACTURATION),
    ("offres:demandes", lambda m: "/offres/demandes/", PERSONNEL),
    ("offres:compte_adherent", lambda m: f"/offres/adherents/{m.adherent.pk}/", OFFRES),
    ("offres:journal_csv", lambda m: "/offres/journal.csv", FACTURATION),
    ("offres:journal_xlsx", lambda m: "/offres/journal.xlsx", FACTURATION),
    ("offres_portail:offres", lambda m: f"/portail/entreprises/{m.adherent.pk}/offres/", PORTAIL),
    ("offres_portail:demander", lambda m: f"/portail/entreprises/{m.adherent.pk}/offres/demander/", PORTAIL),
    ("offre-list", lambda m: "/api/v1/offres/", OFFRES),
    ("offre-detail", lambda m: f"/api/v1/offres/{une_grille(m).offre_id}/", OFFRES),
    ("grille-tarifaire-list", lambda m: "/api/v1/grilles-tarifaires/", OFFRES),
    ("grille-tarifaire-detail", lambda m: f"/api/v1/grilles-tarifaires/{une_grille(m).pk}/", OFFRES),
    ("souscription-list", lambda m: "/api/v1/souscriptions/", OFFRES),
    ("demande-offre-list", lambda m: "/api/v1/demandes-offre/", OFFRES),
    ("facture-list", lambda m: "/api/v1/factures/", FACTURATION),
    ("facture-detail", lambda m: f"/api/v1/factures/{une_facture(m).pk}/", FACTURATION),
    ("paiement-list", lambda m: "/api/v1/paiements/", FACTURATION),
    ("protocole-delegation-list", lambda m: "/api/v1/protocoles-delegation/", SUIVI),
    ("protocole-delegation-detail", lambda m: f"/api/v1/protocoles-delegation/{un_protocole(m).pk}/", SUIVI),
    ("relais-prevention-list", lambda m: "/api/v1/relais-prevention/", PREVENTION),
    ("relais-prevention-detail", lambda m: f"/api/v1/relais-prevention/{un_relais(m).pk}/", PREVENTION),
    ("webhooks:abonnements", lambda m: "/organisation/webhooks/", DIRECTION),
    ("webhooks:abonnement", lambda m: f"/organisation/webhooks/{un_abonnement(m).pk}/", DIRECTION),
    ("portail:webhooks", lambda m: f"/portail/entreprises/{m.adherent.pk}/webhooks/", PORTAIL),
    ("portail:webhook", lambda m: f"/portail/entreprises/{m.adherent.pk}/webhooks/{un_abonnement(m).pk}/", PORTAIL),
    ("suivi_individuel:dmst_transmettre", lambda m: f"/suivi/salaries/{m.salarie.pk}/dossier-medical/transmettre/",
     {Role.MEDECIN}),
    ("suivi_individuel:dmst_recevoir", lambda m: f"/suivi/salaries/{m.salarie.pk}/dossier-medical/recevoir/",
     {Role.MEDECIN}),
    ("suivi_individuel:dmst_fichier", lambda m: f"/suivi/transmissions-dmst/{un_transfert_dmst(m).pk}/json/",
     {Role.MEDECIN}),
    ("thesaurus-list", lambda m: "/api/v1/thesaurus/", PERSONNEL),
    ("thesaurus-detail", lambda m: "/api/v1/thesaurus/familles-risque/", PERSONNEL),
    ("offres_portail:facture_pdf",
     lambda m: f"/portail/entreprises/{m.adherent.pk}/offres/factures/{une_facture(m).pk}/pdf/", PORTAIL),
]

# Views open to anyone or that only act on the logged-in user, hence outside the matrix.
HORS_MATRICE = {
    "racine", "connexion", "deconnexion", "password_reset", "password_reset_done",
    "password_reset_confirm", "password_reset_complete", "changer_service", "portail:connexion",
    "portail:deconnexion", "schema", "api_docs", "set_language", "sante",
    "portail:adhesion", "portail:adhesion_envoyee", "portail:activation", "portail:activation_faite",  # public
    "declaration-detail",  # see test_declarations (needs a filed declaration)
    "adherents:declaration_fichier", "adherents:message_traiter",  # see test_echanges
    "portail:declaration_fichier",  # see test_declarations
    "alerte-detail",  # an alert is visible to its role only (404 to others): test_alertes, test_isolation
    "alerte_reporter",  # POST only, for the alert's recipients (404 to others): test_journee, test_isolation
    # POST only (a GET is 405 for everyone): see tests/suivi_individuel/test_agenda.py
    "suivi_individuel:visite_annuler", "suivi_individuel:visite_absence", "suivi_individuel:visite_orienter",
    "suivi_individuel:visite_orienter_pdp",
    "suivi_individuel:protocole_signer", "suivi_individuel:protocole_valider_cmt",
    # a file is a 404 to whoever may not see it (never a 403): see tests/cellule_pdp/test_dossiers.py
    "cellule_pdp:dossier", "cellule_pdp:dossier_modifier", "cellule_pdp:orientation_ajouter",
    "cellule_pdp:mesure_ajouter", "cellule_pdp:mesure_modifier", "cellule_pdp:intervention_ajouter",
    "cellule_pdp:document_ajouter", "cellule_pdp:document", "cellule_pdp:consentement_recueillir",
    "cellule_pdp:partage_ajouter", "cellule_pdp:cloturer", "dossier-pdp-detail", "dossier-pdp-journal",
    "signalement-pdp-detail",
    # POST only: see tests/cellule_pdp/
    "cellule_pdp:prendre_en_charge", "cellule_pdp:journal_ajouter", "cellule_pdp:consentement_retirer",
    "cellule_pdp:reperage_signaler",
    # POST only: see tests/suivi_individuel/test_api_suivi.py
    "visite-reporter", "visite-annuler", "visite-absence", "visite-realiser",
    # POST only: see tests/prevention/
    "fiche_entreprise:unite_supprimer", "fiche_entreprise:risque_supprimer", "fiche_entreprise:photo_supprimer",
    "fiche_entreprise:fiche_soumettre", "fiche_entreprise:fiche_valider", "fiche_entreprise:fiche_nouvelle_version",
    "fiche_entreprise:action_annuler", "duerp:session_presences", "duerp:relais_labelliser",
    "session-collective-presences",
    # POST only, on own or staff rows (404 otherwise): see tests/test_jetons.py, tests/test_double_facteur.py
    "comptes:jeton_revoquer", "comptes:session_revoquer", "comptes:jeton_revoquer_personnel",
    "comptes:deverrouiller", "comptes:double_facteur_reinitialiser", "comptes:codes_secours",
    "comptes:double_facteur_desactiver",
    "comptes:double_facteur", "comptes:double_facteur_enrolement",  # one's own second factor
    "indicateurs:recalculer",  # POST only: see tests/indicateurs/
    # the libraries' own endpoints: Pro Santé Connect (OIDC) and passkeys, see tests/test_pro_sante_connect.py
    # and tests/test_double_facteur.py
    "oidc_authentication_callback", "oidc_authentication_init", "oidc_logout",
    "otp_webauthn:credential-authentication-begin", "otp_webauthn:credential-authentication-complete",
    "otp_webauthn:credential-registration-begin", "otp_webauthn:credential-registration-complete",
    "otp_webauthn:js-i18n-catalog",
    # offers: a request is a 404 to whoever does not handle it; the public page needs no login; POST only,
    # or a file / back to the home page: see tests/offres/test_pages.py
    "offres:demande", "offres:publiques", "offres:demande_facturer", "offres:sepa",
    # the self-employed offer: the public adhesion; a questionnaire and the portal's questionnaire and renewal
    # (a self-employed member's only): see tests/offres/test_independants.py and tests/test_journal_medical.py
    "offres:independant_adherer", "offres:questionnaire", "offres_portail:questionnaire",
    "offres_portail:renouveler", "offres:affiliation_facturer",
    "souscription-detail", "demande-offre-detail", "paiement-detail",  # as their lists: tests/offres/test_api.py
    # POST only (issue 18): see MATRICE_ECRITURE below and tests/test_api_ecritures.py
    "demande-visite-list", "portail-embauche-list", "portail-sortie-list", "portail-proposition-list",
    # POST only: see tests/test_api_ressources.py
    "protocole-delegation-signer", "protocole-delegation-valider-cmt", "relais-prevention-labelliser",
    "webhooks:rejouer", "portail:webhook_rejouer",  # POST only: see tests/test_webhooks.py
}


def noms_des_vues(resolver=None, prefixe=""):
    resolver = resolver or get_resolver()
    for motif in resolver.url_patterns:
        if hasattr(motif, "url_patterns"):
            espace = f"{motif.namespace}:" if motif.namespace and motif.namespace != "admin" else ""
            if motif.namespace == "admin":
                continue
            yield from noms_des_vues(motif, prefixe + espace)
        elif motif.name:
            yield prefixe + motif.name


def test_toute_vue_est_dans_la_matrice_ou_explicitement_hors_matrice():
    couvertes = {nom for nom, _, _ in MATRICE} | HORS_MATRICE
    manquantes = {nom for nom in noms_des_vues() if not nom.endswith("-format-suffix")} - couvertes
    assert not manquantes, f"Vues sans ligne dans la matrice des permissions : {sorted(manquantes)}"


@pytest.mark.parametrize(("nom", "url", "autorises"), MATRICE, ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(MATRICE)])
def test_matrice(a, nom, url, autorises):
    """Each role in turn on the same world (built once per page): 200 for the roles written
    above, 403 for every other; the message lists every role that got something else."""
    ecarts = []
    for role in Role:
        attendu = 200 if role in autorises else 403
        obtenu = a.client(role).get(url(a)).status_code
        if obtenu != attendu:
            ecarts.append(f"{role.value}: {obtenu} au lieu de {attendu}")
    assert not ecarts, (url(a), ecarts)


@pytest.mark.parametrize(("nom", "url", "autorises"), MATRICE, ids=[n for n, _, _ in MATRICE])
def test_anonyme(a, nom, url, autorises):
    reponse = Client().get(url(a))
    if url(a).startswith("/api/"):
        assert reponse.status_code in (401, 403)
    else:
        assert reponse.status_code == 302
        attendu = "/portail/connexion/" if nom.startswith(("portail:", "offres_portail:")) else "/comptes/connexion/"
        assert reponse.url.startswith(attendu)


# Issue 18: the API's writes (POST, PATCH), each role. An empty body: 400 for whoever may write, 403 otherwise.
MATRICE_ECRITURE = [
    ("post", lambda m: "/api/v1/adherents/", GESTION_ADHERENTS),
    ("patch", lambda m: f"/api/v1/adherents/{m.adherent.pk}/", GESTION_ADHERENTS),
    ("post", lambda m: "/api/v1/etablissements/", GESTION_ADHERENTS),
    ("patch", lambda m: f"/api/v1/etablissements/{siege(m).pk}/", GESTION_ADHERENTS),
    ("post", lambda m: "/api/v1/contacts/", GESTION_ADHERENTS),
    ("patch", lambda m: f"/api/v1/contacts/{un_contact(m).pk}/", GESTION_ADHERENTS),
    ("post", lambda m: "/api/v1/salaries/", GESTION_ADHERENTS),
    ("patch", lambda m: f"/api/v1/salaries/{m.salarie.pk}/", GESTION_ADHERENTS),
    ("post", lambda m: "/api/v1/emplois/", GESTION_ADHERENTS),
    ("patch", lambda m: f"/api/v1/emplois/{Emploi.tous_services.get(salarie=m.salarie).pk}/", GESTION_ADHERENTS),
    ("post", lambda m: "/api/v1/arrets-travail/", SUIVI),
    ("post", lambda m: "/api/v1/demandes-visite/", SUIVI),
    ("post", lambda m: "/api/v1/portail/embauches/", PORTAIL),
    ("post", lambda m: "/api/v1/portail/sorties/", PORTAIL),
    ("post", lambda m: "/api/v1/portail/propositions-categorie/", PORTAIL),
]


@pytest.mark.parametrize(("methode", "url", "autorises"), MATRICE_ECRITURE,
                         ids=[f"{methode}-{url(None) if methode == 'post' else 'detail'}-{i}"
                              for i, (methode, url, _) in enumerate(MATRICE_ECRITURE)])
def test_matrice_des_ecritures(a, methode, url, autorises):
    for role in Role:
        reponse = getattr(a.client(role), methode)(url(a), {}, content_type="application/json")
        attendu = reponse.status_code != 403 if role in autorises else reponse.status_code == 403
        assert attendu and reponse.status_code < 500, (url(a), role, reponse.status_code)
    assert getattr(Client(), methode)(url(a), {}, content_type="application/json").status_code in (401, 403)
