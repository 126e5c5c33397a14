"""The one policy module: which role may do what. Views, API, templates and tasks ask here.

A capability is a verb on an area ("voir_organisation", "lire_dossier_medical"...). Roles get
capabilities in ``CAPACITES``; object rules (the worker's team for medical content) are the
functions below. Nothing else in the code base compares role names.
"""

from django.db import models


class Role(models.TextChoices):
    DIRECTEUR = "directeur", "Directeur·rice"
    MEDECIN = "medecin", "Médecin du travail"
    INFIRMIER = "infirmier", "Infirmier·e en santé au travail"
    ASSISTANT_MEDICAL = "assistant_medical", "Assistant·e médical·e"
    IPRP = "iprp", "IPRP"
    ASSISTANT_PREVENTION = "asst", "Assistant·e prévention (ASST)"
    ASSISTANT_SOCIAL = "assistant_social", "Assistant·e social·e"
    SERVICE_ADHERENT = "service_adherent", "Service adhérent"
    COMPTABLE = "comptable", "Comptable"
    ADHERENT = "adherent", "Adhérent (portail)"


class SpecialiteIPRP(models.TextChoices):
    ERGONOME = "ergonome", "Ergonome"
    TOXICOLOGUE = "toxicologue", "Toxicologue"
    PSYCHOLOGUE = "psychologue", "Psychologue du travail"
    TECHNICIEN_HSE = "technicien_hse", "Technicien·ne HSE"
    METROLOGUE = "metrologue", "Métrologue"
    EPIDEMIOLOGISTE = "epidemiologiste", "Épidémiologiste"


class Capacite(models.TextChoices):
    BACK_OFFICE = "back_office", "Accéder au back-office"
    PORTAIL = "portail", "Accéder au portail adhérent"
    VOIR_ORGANISATION = "voir_organisation", "Voir le service, ses centres, équipes et personnels"
    GERER_ORGANISATION = "gerer_organisation", "Modifier le profil du service, ses centres, équipes et personnels"
    VOIR_ADHERENTS = "voir_adherents", "Voir les adhérents et leurs salariés"
    GERER_ADHERENTS = "gerer_adherents", "Créer et modifier les adhérents, établissements et contacts"
    LIRE_DOSSIER_MEDICAL = "lire_dossier_medical", "Lire le dossier médical (DMST)"
    VOIR_JOURNAL_ACCES = "voir_journal_acces", "Consulter le journal des accès aux dossiers médicaux"
    VOIR_INDICATEURS = "voir_indicateurs", "Consulter les indicateurs"
    VOIR_INDICATEURS_EQUIPE = "voir_indicateurs_equipe", "Consulter les indicateurs de son équipe"
    VOIR_ALERTES = "voir_alertes", "Voir les alertes de son rôle"
    SUIVI_INDIVIDUEL = "suivi_individuel", "Travailler sur le suivi individuel (agenda, convocations)"
    PROTOCOLES = "protocoles", "Rédiger les protocoles de délégation aux infirmiers"
    PREVENTION = "prevention", "Travailler sur la prévention (FE, AMT, DUERP)"
    CELLULE_PDP = "cellule_pdp", "Pouvoir siéger dans la cellule PDP ou y suivre ses salariés"
    OFFRES = "offres", "Gérer les offres et la facturation"
    VOIR_EXPLOITATION = "voir_exploitation", "Voir les tâches planifiées (dernières exécutions, échecs)"
    FACTURATION = "facturation", "Tarifs, appels de cotisations, factures et paiements"


ROLES_MEDICAUX = frozenset({Role.MEDECIN, Role.INFIRMIER})
ROLES_PERSONNEL = frozenset(Role) - {Role.ADHERENT}
# Roles that work inside a team (UST): their alerts are their team's; the others are service-wide.
ROLES_EQUIPE = frozenset({Role.MEDECIN, Role.INFIRMIER, Role.ASSISTANT_MEDICAL, Role.IPRP, Role.ASSISTANT_PREVENTION})

_COMMUNES_PERSONNEL = {Capacite.BACK_OFFICE, Capacite.VOIR_ORGANISATION, Capacite.VOIR_ALERTES,
                       Capacite.VOIR_ADHERENTS}
CAPACITES: dict[str, frozenset[str]] = {
    Role.DIRECTEUR: frozenset(_COMMUNES_PERSONNEL | {
        Capacite.GERER_ORGANISATION, Capacite.GERER_ADHERENTS, Capacite.VOIR_JOURNAL_ACCES,
        Capacite.VOIR_INDICATEURS, Capacite.SUIVI_INDIVIDUEL, Capacite.PREVENTION, Capacite.CELLULE_PDP,
        Capacite.OFFRES, Capacite.PROTOCOLES, Capacite.VOIR_EXPLOITATION, Capacite.FACTURATION}),
    Role.MEDECIN: frozenset(_COMMUNES_PERSONNEL | {
        Capacite.LIRE_DOSSIER_MEDICAL, Capacite.SUIVI_INDIVIDUEL, Capacite.PREVENTION,
        Capacite.CELLULE_PDP, Capacite.PROTOCOLES, Capacite.VOIR_INDICATEURS_EQUIPE}),
    Role.INFIRMIER: frozenset(_COMMUNES_PERSONNEL | {
        Capacite.LIRE_DOSSIER_MEDICAL, Capacite.SUIVI_INDIVIDUEL, Capacite.CELLULE_PDP}),
    Role.ASSISTANT_MEDICAL: frozenset(_COMMUNES_PERSONNEL | {Capacite.SUIVI_INDIVIDUEL}),
    Role.IPRP: frozenset(_COMMUNES_PERSONNEL | {Capacite.PREVENTION, Capacite.CELLULE_PDP}),
    Role.ASSISTANT_PREVENTION: frozenset(_COMMUNES_PERSONNEL | {Capacite.PREVENTION, Capacite.CELLULE_PDP}),
    Role.ASSISTANT_SOCIAL: frozenset(_COMMUNES_PERSONNEL | {Capacite.CELLULE_PDP}),
    Role.SERVICE_ADHERENT: frozenset(_COMMUNES_PERSONNEL | {Capacite.OFFRES, Capacite.GERER_ADHERENTS}),
    Role.COMPTABLE: frozenset(_COMMUNES_PERSONNEL | {Capacite.OFFRES, Capacite.FACTURATION}),
    Role.ADHERENT: frozenset({Capacite.PORTAIL}),
}
assert set(CAPACITES) == set(Role), "chaque rôle doit avoir ses capacités"


def a_capacite(rattachement, capacite: str) -> bool:
    """Whether the membership (user × service × role) grants ``capacite``."""
    return rattachement is not None and rattachement.actif and capacite in CAPACITES[rattachement.role]


def autorise(rattachement, condition) -> bool:
    """A capability, or a predicate on the membership (navigation and areas use both)."""
    return condition(rattachement) if callable(condition) else a_capacite(rattachement, condition)


def peut_lire_dossier_medical(rattachement, salarie) -> bool:
    """Medical content: physicians and nurses of the worker's own team only (R4624-45-4,
    R4624-45-5; the DMST is under medical secrecy, L1110-4 CSP)."""
    return (a_capacite(rattachement, Capacite.LIRE_DOSSIER_MEDICAL)
            and rattachement.equipe_id is not None
            and rattachement.equipe_id == salarie.equipe_id)


# Who may read a domain object, hence its history page. Models absent from here have no
# history page. Medical models ask ``peut_lire_dossier_medical`` on their worker.
LECTURE_PAR_MODELE: dict[str, str] = {
    "spsti.service": Capacite.VOIR_ORGANISATION,
    "spsti.centre": Capacite.VOIR_ORGANISATION,
    "spsti.equipe": Capacite.VOIR_ORGANISATION,
    "spsti.rattachement": Capacite.VOIR_ORGANISATION,
    "adherents.adherent": Capacite.VOIR_ADHERENTS,
    "adherents.salarie": Capacite.VOIR_ADHERENTS,
    "adherents.etablissement": Capacite.VOIR_ADHERENTS,
    "adherents.contact": Capacite.VOIR_ADHERENTS,
    "adherents.emploi": Capacite.VOIR_ADHERENTS,
    "adherents.demandeadhesion": Capacite.GERER_ADHERENTS,
    "adherents.messageadherent": Capacite.VOIR_ADHERENTS,
    "adherents.propositioncategorie": Capacite.VOIR_ADHERENTS,
    "suivi_individuel.typevisiteservice": Capacite.VOIR_ORGANISATION,
    "suivi_individuel.visite": Capacite.SUIVI_INDIVIDUEL,
    "suivi_individuel.protocoledelegation": Capacite.SUIVI_INDIVIDUEL,
    "suivi_individuel.disponibilite": Capacite.SUIVI_INDIVIDUEL,
    "suivi_individuel.preferencesplanification": Capacite.SUIVI_INDIVIDUEL,
    "fiche_entreprise.ficheentreprise": Capacite.PREVENTION,
    "fiche_entreprise.unitetravail": Capacite.PREVENTION,
    "fiche_entreprise.risqueunite": Capacite.PREVENTION,
    "fiche_entreprise.photofiche": Capacite.PREVENTION,
    "fiche_entreprise.dossierprevention": Capacite.PREVENTION,
    "fiche_entreprise.actionmilieutravail": Capacite.PREVENTION,
    "fiche_entreprise.documentaction": Capacite.PREVENTION,
    "fiche_entreprise.mesurage": Capacite.PREVENTION,
    "duerp.sessioncollective": Capacite.PREVENTION,
    "duerp.inscription": Capacite.PREVENTION,
    "duerp.accompagnementduerp": Capacite.PREVENTION,
    "duerp.planaction": Capacite.PREVENTION,
    "duerp.actionplan": Capacite.PREVENTION,
    "duerp.relaisprevention": Capacite.PREVENTION,
    "duerp.documentduerp": Capacite.PREVENTION,
}
MODELES_MEDICAUX = {"suivi_individuel.dossiermedical", "suivi_individuel.examenvisite",
                    "offres.questionnaireepuisement"}


def modele_lisible(label: str) -> bool:
    """Whether objects of this model (``app_label.model``) have a history page at all."""
    return label in LECTURE_PAR_MODELE or label in MODELES_MEDICAUX


def peut_voir_objet(rattachement, obj) -> bool:
    cle = obj._meta.label_lower
    if cle in MODELES_MEDICAUX:
        return peut_lire_dossier_medical(rattachement, obj.salarie)
    capacite = LECTURE_PAR_MODELE.get(cle)
    return capacite is not None and a_capacite(rattachement, capacite)


def peut_realiser_etape(rattachement, etape_adherent) -> bool:
    """A member journey step is recorded by its owner role, or by whoever manages members."""
    return a_capacite(rattachement, Capacite.BACK_OFFICE) and (
        rattachement.role == etape_adherent.etape.role or a_capacite(rattachement, Capacite.GERER_ADHERENTS))


def peut_decider_categorie(rattachement, salarie) -> bool:
    """An employer's category proposal is decided by the worker's own team: its physician,
    nurses and medical assistants."""
    return (a_capacite(rattachement, Capacite.SUIVI_INDIVIDUEL) and rattachement.role in ROLES_EQUIPE
            and rattachement.equipe_id is not None and rattachement.equipe_id == salarie.equipe_id)


def est_membre_cellule_pdp(rattachement) -> bool:
    """A member of the PDP cell, as the director designated them (seed 001: physicians, nurses,
    IPRP, prevention assistant, social worker)."""
    return a_capacite(rattachement, Capacite.CELLULE_PDP) and rattachement.membre_cellule_pdp


def travaille_avec_cellule_pdp(rattachement) -> bool:
    """The cell's pages: its members, and the physicians and nurses (for their team's workers)."""
    return est_membre_cellule_pdp(rattachement) or (a_capacite(rattachement, Capacite.CELLULE_PDP)
                                                     and rattachement.role in ROLES_MEDICAUX)


def peut_voir_dossier_pdp(rattachement, dossier) -> bool:
    """A PDP case file: the cell's members, and the physicians and nurses of the worker's team."""
    return est_membre_cellule_pdp(rattachement) or peut_lire_dossier_medical(rattachement, dossier.salarie)


def peut_lire_medical_pdp(rattachement, dossier) -> bool:
    """The medical details of a PDP file (kind of pathology): physicians and nurses only, among
    those who see the file (DOMAIN: PDP medical details are clinical content)."""
    return rattachement.role in ROLES_MEDICAUX and peut_voir_dossier_pdp(rattachement, dossier)


def peut_signer_protocole(rattachement, protocole) -> bool:
    """A delegation protocol is signed by the physician who delegates, and no one else."""
    return a_capacite(rattachement, Capacite.PROTOCOLES) and rattachement.pk == protocole.medecin_id


def peut_valider_protocole_cmt(rattachement) -> bool:
    """The director records the medico-technical commission's validation."""
    return a_capacite(rattachement, Capacite.GERER_ORGANISATION)


def peut_valider_fiche(rattachement, fiche) -> bool:
    """A fiche d'entreprise is validated and signed by the occupational physician (R4624-46):
    the member's physician, or a physician of the team that follows the member."""
    adherent = fiche.adherent
    return (a_capacite(rattachement, Capacite.PREVENTION) and rattachement.role == Role.MEDECIN
            and (rattachement.pk == adherent.medecin_id
                 or (rattachement.equipe_id is not None and rattachement.equipe_id == adherent.equipe_id)))


# Strong authentication (ANS référentiel on the identification of health-sector users: health
# professionals reaching health data authenticate with two factors): these roles and platform
# administrators always; a service may extend it to every role (its setting
# ``double_facteur_tous_roles``); anyone else may opt in.
ROLES_DOUBLE_FACTEUR = frozenset({Role.MEDECIN, Role.INFIRMIER, Role.DIRECTEUR})


def double_facteur_obligatoire(utilisateur, rattachements) -> bool:
    """Whether this person must pass a second factor, given their active memberships."""
    return utilisateur.is_superuser or any(
        r.role in ROLES_DOUBLE_FACTEUR or r.tenant.parametres.get("double_facteur_tous_roles")
        for r in rattachements)


def _peut_enregistrer_visite(rattachement, visite) -> bool:
    """Physicians of the worker's team; its nurses only for what a protocol in force delegates
    to them (R4623-14): the same rule ``visites.visite_realiser`` enforces."""
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from suivi_individuel.delegation import habilitation

    if not peut_lire_dossier_medical(rattachement, visite.salarie):
        return False
    try:
        habilitation(rattachement, visite.salarie, visite.type, timezone.localdate())
    except ValidationError:
        return False
    return True


def peut_voir_factures_portail(rattachement, adherent) -> bool:
    """A company's invoices and balance on the portal: its portal users with every right or the
    billing-contact role; the declaration role does not see them."""
    from adherents.models import AccesPortail, RolePortail

    return a_capacite(rattachement, Capacite.PORTAIL) and AccesPortail.objects.filter(
        rattachement=rattachement, adherent=adherent,
        role__in=[RolePortail.COMPLET, RolePortail.FACTURATION]).exists()


def peut_repondre_questionnaire_epuisement(rattachement, adherent) -> bool:
    """The burnout questionnaire is filled by a self-employed member from its own portal, while
    its affiliation runs (décret 2022-681)."""
    from django.utils import timezone

    from adherents.models import AccesPortail
    from offres.models import AffiliationIndependant

    aujourd_hui = timezone.localdate()
    return (a_capacite(rattachement, Capacite.PORTAIL)
            and AccesPortail.objects.filter(rattachement=rattachement, adherent=adherent).exists()
            and AffiliationIndependant.objects.filter(adherent=adherent, debut__lte=aujourd_hui,
                                                      fin__gte=aujourd_hui).exists())


# Actions on an object (or on nothing) that a page, an API endpoint or a template may ask about
# with ``peut``; each maps to the rule above that the refusal itself uses.
ACTIONS = {
    "lire_dossier_medical": peut_lire_dossier_medical,  # objet: the worker
    "enregistrer_visite": _peut_enregistrer_visite,  # objet: the visit
    "orienter_vers_medecin": lambda r, visite: (r.role == Role.INFIRMIER
                                                and peut_lire_dossier_medical(r, visite.salarie)),
    # the DMST follows the worker to another service: its physicians only (L4624-8 al. 3, R4624-45-7)
    "transferer_dmst": lambda r, salarie: r.role == Role.MEDECIN and peut_lire_dossier_medical(r, salarie),
    "creer_protocole": lambda r, _objet: a_capacite(r, Capacite.PROTOCOLES),
    "signer_protocole": peut_signer_protocole,  # objet: the protocol
    "valider_protocole_cmt": lambda r, _objet: peut_valider_protocole_cmt(r),
    "voir_factures_portail": peut_voir_factures_portail,  # objet: the member company
    "repondre_questionnaire_epuisement": peut_repondre_questionnaire_epuisement,  # objet: the member
    # an alert is snoozed by whom it is addressed to: its role, in its team (or service-wide)
    "reporter_alerte": lambda r, alerte: (a_capacite(r, Capacite.VOIR_ALERTES) and r.role == alerte.role
                                          and alerte.equipe_id in (None, r.equipe_id)),
}


def peut(rattachement, action: str, objet=None) -> bool:
    """May this membership do ``action`` (on ``objet``)? The one question views, API and
    templates (``{% peut "action" objet as ok %}``) ask before showing or accepting a button or
    a form. ``action`` is a name of ``ACTIONS`` or a capability."""
    if rattachement is None or not rattachement.actif:
        return False
    if action in ACTIONS:
        return ACTIONS[action](rattachement, objet)
    if action not in Capacite.values:
        raise ValueError(f"Action inconnue : {action}")
    return a_capacite(rattachement, action)


def peut_lister_lignes_indicateur(rattachement, comptage) -> bool:
    """The rows behind an indicator: medical rows (opinions of unfitness...) to physicians and
    nurses only (medical secrecy, L1110-4 CSP)."""
    return not comptage.medical or rattachement.role in ROLES_MEDICAUX


def est_membre_federation(utilisateur) -> bool:
    """A federation's staff (``comptes.MembreFederation``, active): the regional view's anonymous
    aggregates, and nothing of any service (they hold no membership through it)."""
    from comptes.models import MembreFederation

    return (utilisateur.is_authenticated and utilisateur.is_active
            and MembreFederation.objects.filter(utilisateur=utilisateur, actif=True).exists())


def peut_traiter_demande_offre(rattachement, demande) -> bool:
    """A member's request for a service: whoever manages the offers, or the staff of the role
    (and team, when the offer names one) that delivers it."""
    offre = demande.offre
    return a_capacite(rattachement, Capacite.OFFRES) or (
        a_capacite(rattachement, Capacite.BACK_OFFICE) and offre.role_responsable == rattachement.role
        and (offre.equipe_id is None or offre.equipe_id == rattachement.equipe_id))
