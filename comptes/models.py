"""Authentication security: API tokens, the security log, the sessions of a person and the
links to an external identity (Pro Santé Connect)."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from spsti.tenancy import ModeleService, historique


class PorteeJeton(models.TextChoices):
    LECTURE = "lecture", "Lecture seule"
    ECRITURE = "lecture_ecriture", "Lecture et écriture"


def empreinte(cle: str) -> str:
    """The stored form of a key: its SHA-256 (the key is 256 random bits, no salt needed)."""
    return hashlib.sha256(cle.encode()).hexdigest()


class JetonAPI(ModeleService):
    """A personal API token of one membership (user × service): named, scoped, expiring. The
    key is shown once at creation; only its prefix (for lookup) and its hash are stored."""

    rattachement = models.ForeignKey("spsti.Rattachement", on_delete=models.CASCADE,
                                     related_name="jetons_api", verbose_name="titulaire")
    nom = models.CharField("nom", max_length=100, help_text="Pour vous souvenir de son usage (ex. « tableur RH »).")
    portee = models.CharField("portée", max_length=20, choices=PorteeJeton.choices, default=PorteeJeton.LECTURE)
    adherent = models.ForeignKey("adherents.Adherent", on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="+", verbose_name="entreprise adhérente",
                                 help_text="Jeton d'un utilisateur du portail : limité à cette entreprise.")
    prefixe = models.CharField("préfixe", max_length=12, unique=True, editable=False)
    empreinte = models.CharField("empreinte", max_length=64, editable=False)
    cree_le = models.DateTimeField("créé le", default=timezone.now)
    expire_le = models.DateTimeField("expire le")
    derniere_utilisation = models.DateTimeField("dernière utilisation", null=True, blank=True)
    revoque_le = models.DateTimeField("révoqué le", null=True, blank=True)

    history = historique(excluded_fields=["empreinte", "derniere_utilisation"])

    class Meta:
        verbose_name = "jeton d'API"
        verbose_name_plural = "jetons d'API"
        ordering = ["-cree_le"]
        indexes = [models.Index(fields=["tenant", "rattachement", "revoque_le"])]

    def __str__(self):
        return f"{self.nom} ({self.prefixe}…)"

    @staticmethod
    def nouvelle_cle() -> tuple[str, str]:
        """(prefix, key): the key is ``<prefix>.<secret>``."""
        prefixe = secrets.token_hex(6)
        return prefixe, f"{prefixe}.{secrets.token_urlsafe(32)}"

    @property
    def actif(self) -> bool:
        return self.revoque_le is None and self.expire_le > timezone.now()

    @property
    def lecture_seule(self) -> bool:
        return self.portee == PorteeJeton.LECTURE


class Evenement(models.TextChoices):
    CONNEXION = "connexion", "Connexion"
    ECHEC = "echec", "Échec de connexion"
    DECONNEXION = "deconnexion", "Déconnexion"
    VERROUILLAGE = "verrouillage", "Compte ou adresse verrouillé"
    DEVERROUILLAGE = "deverrouillage", "Déverrouillage"
    DOUBLE_FACTEUR = "double_facteur", "Second facteur vérifié"
    DOUBLE_FACTEUR_ECHEC = "double_facteur_echec", "Second facteur refusé"
    ENROLEMENT = "enrolement", "Second facteur enregistré"
    REINITIALISATION_2FA = "reinit_2fa", "Second facteur réinitialisé"
    MOT_DE_PASSE = "mot_de_passe", "Mot de passe changé"
    JETON_CREE = "jeton_cree", "Jeton d'API créé"
    JETON_REVOQUE = "jeton_revoque", "Jeton d'API révoqué"
    SESSION_REVOQUEE = "session_revoquee", "Session fermée à distance"
    SESSION_EXPIREE = "session_expiree", "Session expirée"


class JournalSecurite(models.Model):
    """The security log: logins, failures, second-factor events, token and session events.
    A person's events are not a service's rows (one account, several services; a failed login
    may name no account), so the log is global; the director reads the rows of their staff."""

    horodatage = models.DateTimeField("date et heure", default=timezone.now, db_index=True)
    evenement = models.CharField("événement", max_length=32, choices=Evenement.choices)
    utilisateur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
                                    related_name="+", verbose_name="compte")
    identifiant = models.CharField("identifiant saisi", max_length=254, blank=True)
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name="fait par")
    adresse_ip = models.GenericIPAddressField("adresse IP", null=True, blank=True)
    navigateur = models.CharField("navigateur", max_length=255, blank=True)
    detail = models.CharField("détail", max_length=255, blank=True)

    class Meta:
        verbose_name = "événement de sécurité"
        verbose_name_plural = "journal de sécurité"
        ordering = ["-horodatage"]
        indexes = [models.Index(fields=["utilisateur", "evenement", "-horodatage"])]

    def __str__(self):
        return f"{self.get_evenement_display()} — {self.utilisateur or self.identifiant}"


class SessionUtilisateur(models.Model):
    """One open session of a person (the session store cannot list a user's sessions): created
    at login, touched by the activity middleware, deleted at logout or when revoked."""

    utilisateur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                    related_name="sessions_ouvertes", verbose_name="compte")
    cle_session = models.CharField("clé de session", max_length=64, unique=True)
    ouverte_le = models.DateTimeField("ouverte le", default=timezone.now)
    derniere_activite = models.DateTimeField("dernière activité", default=timezone.now)
    adresse_ip = models.GenericIPAddressField("adresse IP", null=True, blank=True)
    navigateur = models.CharField("navigateur", max_length=255, blank=True)

    class Meta:
        verbose_name = "session ouverte"
        ordering = ["-derniere_activite"]

    def __str__(self):
        return f"{self.utilisateur} — {self.ouverte_le:%d/%m/%Y %H:%M}"


class IdentiteExterne(models.Model):
    """A staff account's identity at an OpenID Connect provider (Pro Santé Connect: the RPPS
    number of the health professional)."""

    utilisateur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                    related_name="identites_externes", verbose_name="compte")
    fournisseur = models.CharField("fournisseur", max_length=32, default="psc",
                                   choices=[("psc", "Pro Santé Connect")])
    identifiant = models.CharField("identifiant (RPPS)", max_length=64)

    class Meta:
        verbose_name = "identité externe"
        constraints = [models.UniqueConstraint(fields=["fournisseur", "identifiant"], name="identite_externe_unique")]

    def __str__(self):
        return f"{self.get_fournisseur_display()} {self.identifiant}"


class MembreFederation(models.Model):
    """A federation's staff (the regional association of services): an account attached to no
    service, which reads only the anonymous regional aggregates of the services that opted in
    (``indicateurs.regional``). Not a membership of any service: it opens no tenant row, no
    page of a service. Created by the platform administrator."""

    utilisateur = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                       related_name="membre_federation", verbose_name="compte")
    federation = models.CharField("fédération", max_length=200)
    actif = models.BooleanField("actif", default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "membre d'une fédération"
        verbose_name_plural = "membres des fédérations"

    def __str__(self):
        return f"{self.utilisateur} — {self.federation}"
