"""The self-employed offer (décret 2022-681, D4622-27-1 to D4622-27-3): a person joins online
for themselves (their own member record, their own portal account, the follow-up of their own
health), for one year without tacit renewal; their burnout questionnaire (seeds 000 and 003) goes
to the medical team of their team only."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from adherents.adhesion import compte_portail
from adherents.models import AccesPortail, Adherent, CategorieSuivi, Contact, Etablissement, RoleContact, Salarie
from adherents.trajectoire import trajectoire_demarrer
from spsti.effets import differer
from spsti.services import lien_choix_mot_de_passe
from spsti.tasks import alerter_apres_validation

from . import rules
from .models import AffiliationIndependant, QuestionnaireEpuisement
from .services import affiliation_creer

ALERTE_QUESTIONNAIRE = "questionnaire_epuisement_a_examiner"


@transaction.atomic
def adherer(*, service, donnees: dict, url_absolue) -> AffiliationIndependant:
    """One person joins the self-employed offer: the member (themselves, their business), its
    establishment, the person as the worker it follows (no employment: never in the yearly
    cotisation call), their portal account, the one-year affiliation, and the e-mail with the
    single-use activation link."""
    siret = donnees["siret"]
    if Adherent.objects.filter(siren=siret[:9]).exists():
        raise ValidationError({"siret": "Cette entreprise est déjà adhérente du service : connectez-vous à votre "
                                        "espace ou contactez-nous."})
    nom_complet = f"{donnees['prenom']} {donnees['nom']}"
    adherent = Adherent.objects.create(
        tenant=service, siren=siret[:9], raison_sociale=donnees.get("enseigne") or nom_complet,
        code_naf=donnees["code_naf"], adresse=donnees["adresse"], code_postal=donnees["code_postal"],
        ville=donnees["ville"], date_adhesion=timezone.localdate())
    Etablissement.objects.create(tenant=service, adherent=adherent, siret=siret, siege=True, nom="Siège",
                                 adresse=donnees["adresse"], code_postal=donnees["code_postal"],
                                 ville=donnees["ville"], effectif=0)
    Contact.objects.create(tenant=service, adherent=adherent, role=RoleContact.EMPLOYEUR, nom=donnees["nom"],
                           prenom=donnees["prenom"], email=donnees["email"], telephone=donnees["telephone"])
    Salarie.objects.create(tenant=service, adherent=adherent, nom=donnees["nom"], prenom=donnees["prenom"],
                           date_naissance=donnees["date_naissance"], sexe=donnees["sexe"], email=donnees["email"],
                           categorie=CategorieSuivi.SI)
    rattachement = compte_portail(service=service, email=donnees["email"], prenom=donnees["prenom"],
                                  nom=donnees["nom"])
    AccesPortail.objects.create(tenant=service, rattachement=rattachement, adherent=adherent)
    trajectoire_demarrer(adherent)
    affiliation = affiliation_creer(adherent=adherent, debut=timezone.localdate())
    utilisateur = rattachement.utilisateur
    if utilisateur.has_usable_password():
        acces = f"Votre compte habituel vous y donne accès : {url_absolue('/portail/')}"
    else:
        acces = ("Activez votre espace en choisissant votre mot de passe (lien valable une seule fois) :\n"
                 + lien_choix_mot_de_passe(utilisateur, url_absolue, vue="portail:activation"))
    differer(service, "courriel_envoyer", {
        "sujet": f"{service} : votre affiliation de travailleur indépendant",
        "message": (f"Bonjour {donnees['prenom']},\n\nVotre affiliation à l'offre des travailleurs indépendants de "
                    f"{service} court du {affiliation.debut:%d/%m/%Y} au {affiliation.fin:%d/%m/%Y} ; elle ne se "
                    "renouvelle pas d'elle-même : vous la renouvellerez depuis votre espace (art. D4622-27-1 à "
                    f"D4622-27-3 du Code du travail).\n{acces}\n\nVous y suivrez vos visites, répondrez au "
                    "questionnaire d'épuisement professionnel et verrez les ateliers proposés. Votre facture "
                    "d'affiliation vous parviendra par e-mail.\n"),
        "destinataires": [utilisateur.email]})
    return affiliation


def personne_suivie(adherent) -> Salarie:
    """The self-employed person: the one worker of their own member record."""
    return Salarie.objects.filter(adherent=adherent).order_by("pk").first()


@transaction.atomic
def questionnaire_enregistrer(*, adherent, reponses: dict[str, int]) -> QuestionnaireEpuisement:
    """Stores the answers and their balance; the team's physician is alerted to review it."""
    resultat = rules.balance_epuisement(reponses)
    questionnaire = QuestionnaireEpuisement.objects.create(
        tenant=adherent.tenant, adherent=adherent, salarie=personne_suivie(adherent), reponses=reponses,
        ressources=resultat.ressources, contraintes=resultat.contraintes)
    alerter_apres_validation(adherent.tenant, ALERTE_QUESTIONNAIRE)
    return questionnaire


def questionnaire_examiner(*, questionnaire: QuestionnaireEpuisement, par, diagnostic: str, accompagnement: str,
                           note: str) -> QuestionnaireEpuisement:
    questionnaire.diagnostic, questionnaire.accompagnement, questionnaire.note = diagnostic, accompagnement, note
    questionnaire.examine_par, questionnaire.examine_le = par, timezone.now()
    questionnaire.save()
    alerter_apres_validation(questionnaire.tenant, ALERTE_QUESTIONNAIRE)
    return questionnaire
