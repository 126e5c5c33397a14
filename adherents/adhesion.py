"""The member relationship: online adhesion (a company applies on the portal's public page; member services accept it
(the member, its head office, its employer contact, its portal account and its journey are
created, and the employer gets a single-use activation link: no codes on paper) or refuse it
with a reason), and answers to members' messages."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from spsti.effets import differer
from spsti.models import Rattachement, Utilisateur
from spsti.permissions import Role
from spsti.services import lien_choix_mot_de_passe

from .models import AccesPortail, Adherent, Contact, DemandeAdhesion, Etablissement, RoleContact, StatutDemande
from .trajectoire import trajectoire_demarrer


def compte_portail(*, service, email, prenom, nom) -> Rattachement:
    """The portal membership of this e-mail in the service (an existing account is reused)."""
    utilisateur = Utilisateur.objects.filter(email__iexact=email).first()
    if utilisateur is None:
        utilisateur = Utilisateur(email=email.lower(), username=email.lower(), first_name=prenom, last_name=nom)
        utilisateur.set_unusable_password()
        utilisateur.save()
    rattachement = Rattachement.objects.filter(utilisateur=utilisateur).first()
    if rattachement is None:
        rattachement = Rattachement.objects.create(tenant=service, utilisateur=utilisateur, role=Role.ADHERENT)
    elif rattachement.role != Role.ADHERENT:
        raise ValidationError("Cette adresse e-mail est celle d'un membre du personnel du service : "
                              "indiquez l'adresse de l'employeur.")
    return rattachement


@transaction.atomic
def demande_accepter(*, demande: DemandeAdhesion, par, url_absolue) -> Adherent:
    if demande.statut != StatutDemande.EN_ATTENTE:
        raise ValidationError("Cette demande a déjà été traitée.")
    if Adherent.objects.filter(siren=demande.siren).exists():
        raise ValidationError("Cette entreprise (SIREN) est déjà adhérente du service.")
    service = demande.tenant
    adherent = Adherent.objects.create(
        tenant=service, siren=demande.siren, raison_sociale=demande.raison_sociale, enseigne=demande.enseigne,
        code_naf=demande.code_naf, adresse=demande.adresse, code_postal=demande.code_postal, ville=demande.ville,
        date_adhesion=timezone.localdate())
    Etablissement.objects.create(tenant=service, adherent=adherent, siret=demande.siret, siege=True, nom="Siège",
                                 adresse=demande.adresse, code_postal=demande.code_postal, ville=demande.ville,
                                 effectif=demande.effectif)
    Contact.objects.create(tenant=service, adherent=adherent, role=RoleContact.EMPLOYEUR, nom=demande.contact_nom,
                           prenom=demande.contact_prenom, email=demande.contact_email,
                           telephone=demande.contact_telephone)
    rattachement = compte_portail(service=service, email=demande.contact_email, prenom=demande.contact_prenom,
                                  nom=demande.contact_nom)
    AccesPortail.objects.create(tenant=service, rattachement=rattachement, adherent=adherent)
    trajectoire_demarrer(adherent)
    demande.statut, demande.adherent = StatutDemande.ACCEPTEE, adherent
    demande.traitee_le, demande.traitee_par = timezone.now(), par
    demande.save()
    utilisateur = rattachement.utilisateur
    if utilisateur.has_usable_password():
        acces = f"Votre compte habituel vous y donne accès : {url_absolue('/portail/')}"
    else:
        lien = lien_choix_mot_de_passe(utilisateur, url_absolue, vue="portail:activation")
        acces = (f"Activez votre espace adhérent en choisissant votre mot de passe (lien valable une seule "
                 f"fois) :\n{lien}")
    differer(service, "courriel_envoyer", {
        "sujet": f"{service} : bienvenue, votre adhésion est acceptée",
        "message": (f"Bonjour {demande.contact_prenom},\n\nL'adhésion de {adherent} à {service} est acceptée. "
                 f"{acces}\n\nVous y déclarerez vos effectifs et suivrez les visites de vos salariés. "
                 f"Notre service adhérent vous appellera dans les prochains jours.\n"),
        "destinataires": [utilisateur.email]})
    return adherent


@transaction.atomic
def demande_refuser(*, demande: DemandeAdhesion, par, motif: str) -> None:
    if demande.statut != StatutDemande.EN_ATTENTE:
        raise ValidationError("Cette demande a déjà été traitée.")
    demande.statut, demande.motif_refus = StatutDemande.REFUSEE, motif
    demande.traitee_le, demande.traitee_par = timezone.now(), par
    demande.save()
    differer(demande.tenant, "courriel_envoyer", {
        "sujet": f"{demande.tenant} : votre demande d'adhésion",
        "message": (f"Bonjour {demande.contact_prenom},\n\nNous ne pouvons pas donner suite à la demande d'adhésion "
                 f"de {demande.raison_sociale} :\n{motif}\n\nNotre service adhérent reste à votre disposition.\n"),
        "destinataires": [demande.contact_email]})


def message_repondre(*, message, par, reponse: str) -> None:
    message.reponse, message.traite_par, message.traite_le = reponse, par, timezone.now()
    message.save()
    differer(message.tenant, "courriel_envoyer", {
        "sujet": f"{message.tenant} : réponse à « {message.objet} »",
        "message": f"Bonjour,\n\n{reponse}\n\n{par.get_full_name()}, {message.tenant}\n",
        "destinataires": [message.auteur.email]})
