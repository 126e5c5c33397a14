"""The tenant (SPSTI), its centres, teams (UST), staff memberships, alerts and the medical
read log."""

from decimal import Decimal

from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .permissions import Role, SpecialiteIPRP
from .tenancy import ModeleService, ServiceManager, historique
from .validators import valider_code_postal, valider_siren, valider_telephone


class UtilisateurManager(UserManager):
    """Accounts are identified by e-mail; the username mirrors it."""

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("username", email)
        return super().create_user(email=email, password=password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("username", email)
        return super().create_superuser(email=email, password=password, **extra_fields)


class Utilisateur(AbstractUser):
    """One account per person, whatever the number of services they work for."""

    email = models.EmailField("adresse e-mail", unique=True)
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UtilisateurManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = "utilisateur"

    def __str__(self):
        return self.get_full_name() or self.email


class Service(models.Model):
    """An SPSTI: the tenant. Its own rows are never visible to another service."""

    nom = models.CharField("nom", max_length=200)
    siren = models.CharField("SIREN", max_length=9, unique=True, validators=[valider_siren])
    adresse = models.CharField("adresse", max_length=255, blank=True)
    code_postal = models.CharField("code postal", max_length=5, blank=True, validators=[valider_code_postal])
    ville = models.CharField("ville", max_length=120, blank=True)
    logo = models.ImageField("logo", upload_to="logos/", blank=True)
    parametres = models.JSONField("paramètres", default=dict, blank=True,
                                  help_text="Réglages propres au service (périodicités, objectifs…).")
    actif = models.BooleanField("actif", default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "service (SPSTI)"
        ordering = ["nom"]

    def __str__(self):
        return self.nom


class Centre(ModeleService):
    nom = models.CharField("nom", max_length=120)
    adresse = models.CharField("adresse", max_length=255, blank=True)
    code_postal = models.CharField("code postal", max_length=5, blank=True, validators=[valider_code_postal])
    ville = models.CharField("ville", max_length=120, blank=True)
    telephone = models.CharField("téléphone", max_length=20, blank=True, validators=[valider_telephone])

    history = historique()

    class Meta:
        verbose_name = "centre"
        ordering = ["nom"]
        constraints = [models.UniqueConstraint(
            fields=["tenant", "nom"], name="centre_nom_unique",
            violation_error_message="Un centre porte déjà ce nom dans votre service.")]

    def __str__(self):
        return self.nom


class Equipe(ModeleService):
    """An UST (unité de santé au travail): a physician with nurses, assistants and prevention
    staff, attached to a centre."""

    nom = models.CharField("nom", max_length=120)
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="equipes",
                               verbose_name="centre")

    history = historique()

    class Meta:
        verbose_name = "équipe (UST)"
        verbose_name_plural = "équipes (UST)"
        ordering = ["nom"]
        constraints = [models.UniqueConstraint(
            fields=["tenant", "nom"], name="equipe_nom_unique",
            violation_error_message="Une équipe porte déjà ce nom dans votre service.")]

    def __str__(self):
        return self.nom


class Rattachement(ModeleService):
    """A person's membership of one service, with one role: one account, a membership per
    service."""

    utilisateur = models.ForeignKey(Utilisateur, on_delete=models.CASCADE,
                                    related_name="rattachements", verbose_name="utilisateur")
    role = models.CharField("rôle", max_length=32, choices=Role.choices)
    specialite = models.CharField("spécialité IPRP", max_length=32, blank=True,
                                  choices=SpecialiteIPRP.choices)
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="rattachements", verbose_name="centre")
    equipe = models.ForeignKey(Equipe, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="rattachements", verbose_name="équipe")
    actif = models.BooleanField("actif", default=True)
    membre_cellule_pdp = models.BooleanField(
        "membre de la cellule PDP", default=False,
        help_text="Voit et travaille tous les dossiers de la cellule de prévention de la désinsertion professionnelle.")
    # Working time and dates, for the staff's full-time equivalents (DGT survey, medical-time simulator).
    quotite = models.DecimalField(
        "quotité de travail", max_digits=3, decimal_places=2, default=1,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(1)],
        help_text="Part d'un temps plein : 1 pour un temps plein, 0,5 pour un mi-temps.")
    date_debut = models.DateField("en poste depuis le", null=True, blank=True)
    date_fin = models.DateField("en poste jusqu'au", null=True, blank=True)

    history = historique()

    class Meta:
        verbose_name = "rattachement"
        ordering = ["utilisateur__last_name", "utilisateur__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "utilisateur"], name="rattachement_unique"),
            models.CheckConstraint(
                condition=models.Q(specialite="") | models.Q(role=Role.IPRP),
                name="specialite_reservee_iprp"),
        ]

    def __str__(self):
        return f"{self.utilisateur} — {self.get_role_display()} ({self.tenant})"


class Alerte(ModeleService):
    """Something due, for a role (and a team), since a date. Raised by the daily sweep from
    the sources each app declares (``spsti.alertes``); closed when its cause disappears."""

    source = models.CharField("source", max_length=64)
    libelle = models.CharField("libellé", max_length=255)
    role = models.CharField("rôle destinataire", max_length=32, choices=Role.choices)
    equipe = models.ForeignKey(Equipe, on_delete=models.CASCADE, null=True, blank=True,
                               related_name="alertes", verbose_name="équipe")
    due_depuis = models.DateField("due depuis")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    objet = GenericForeignKey("content_type", "object_id")
    creee_le = models.DateTimeField("créée le", default=timezone.now)
    resolue_le = models.DateTimeField("résolue le", null=True, blank=True)
    reprise_stock = models.BooleanField(
        "reprise de stock", default=False,
        help_text="Due avant l'adhésion de l'entreprise ou l'embauche du salarié : à trier une fois.")
    reportee_au = models.DateField("reportée au", null=True, blank=True)
    motif_report = models.CharField("motif du report", max_length=255, blank=True)

    history = historique()

    class Meta:
        verbose_name = "alerte"
        ordering = ["due_depuis"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "source", "content_type", "object_id"],
                                    condition=models.Q(resolue_le__isnull=True),
                                    name="alerte_ouverte_unique"),
        ]
        indexes = [models.Index(fields=["tenant", "role", "resolue_le"]),
                   # The open alerts of a role, oldest first (the alert list and its API).
                   models.Index(fields=["tenant", "role", "due_depuis"], name="alerte_ouverte_date",
                                condition=models.Q(resolue_le__isnull=True)),
                   # The director's count of the open ones and of the stock, from the index alone
                   # (390,000 open at 1M workers: 81 -> 40–54 ms).
                   models.Index(fields=["tenant", "reprise_stock"], name="alerte_ouverte_stock",
                                condition=models.Q(resolue_le__isnull=True))]

    def __str__(self):
        return self.libelle


class JournalQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied("Le journal des accès médicaux ne peut pas être modifié.")

    def delete(self):
        raise PermissionDenied("Le journal des accès médicaux ne peut pas être supprimé.")


class AccesDossierMedical(ModeleService):
    """One read (or refused read) of a worker's medical record: who, when, which worker, from
    which page or endpoint. Append-only: the ORM refuses updates and deletions, and on
    PostgreSQL a trigger refuses them too (migration 0002)."""

    utilisateur = models.ForeignKey(Utilisateur, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="utilisateur")
    role = models.CharField("rôle", max_length=32, choices=Role.choices)
    salarie = models.ForeignKey("adherents.Salarie", on_delete=models.PROTECT, related_name="+",
                                verbose_name="salarié")
    horodatage = models.DateTimeField("date et heure", default=timezone.now, db_index=True)
    origine = models.CharField("page ou point d'API", max_length=255)
    accorde = models.BooleanField("accès accordé")

    objects = ServiceManager.from_queryset(JournalQuerySet)()
    tous_services = models.Manager.from_queryset(JournalQuerySet)()

    class Meta:
        verbose_name = "accès à un dossier médical"
        verbose_name_plural = "journal des accès aux dossiers médicaux"
        ordering = ["-horodatage"]

    @classmethod
    def journaliser(cls, *, rattachement, salarie=None, salaries=None, origine: str, accorde: bool):
        """The one way into the log: one row for ``salarie``, or one per worker of ``salaries``
        (a list's rows; workers or their ids). Its URLs are listed in ``spsti.journal_medical.REGISTRE``."""
        from .journal_medical import JOURNALISE

        JOURNALISE.set(True)
        lignes = [cls(tenant=rattachement.tenant, utilisateur=rattachement.utilisateur, role=rattachement.role,
                      salarie_id=getattr(s, "pk", s), origine=origine[:255], accorde=accorde)
                  for s in ([salarie] if salaries is None else salaries)]
        if salaries is None:
            lignes[0].save()
            return lignes[0]
        return cls.objects.bulk_create(lignes)

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionDenied("Le journal des accès médicaux ne peut pas être modifié.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Le journal des accès médicaux ne peut pas être supprimé.")


class StatutEffet(models.TextChoices):
    A_FAIRE = "a_faire", "à faire"
    FAIT = "fait", "fait"
    ABANDONNE = "abandonne", "abandonné"


class EffetDiffere(ModeleService):
    """A side effect (an e-mail, a recomputation) recorded in the transaction of its cause and
    delivered after commit by a task, retried until done (``spsti.effets``). The row is its own
    log of attempts: no history."""

    genre = models.CharField("genre", max_length=64)
    donnees = models.JSONField("données", default=dict, blank=True)
    cle = models.CharField("clé d'idempotence", max_length=200)
    statut = models.CharField("statut", max_length=16, choices=StatutEffet.choices, default=StatutEffet.A_FAIRE)
    tentatives = models.PositiveIntegerField("tentatives", default=0)
    prochaine_tentative = models.DateTimeField("prochaine tentative", default=timezone.now)
    derniere_erreur = models.TextField("dernière erreur", blank=True)
    cree_le = models.DateTimeField("créé le", default=timezone.now)
    fait_le = models.DateTimeField("fait le", null=True, blank=True)

    class Meta:
        verbose_name = "effet différé"
        verbose_name_plural = "effets différés"
        ordering = ["prochaine_tentative"]
        constraints = [models.UniqueConstraint(fields=["tenant", "cle"], name="effet_cle_unique_par_service")]
        indexes = [models.Index(fields=["statut", "prochaine_tentative"], name="effet_a_faire_idx")]

    def __str__(self):
        return f"{self.genre} ({self.get_statut_display()})"


class StatutExecution(models.TextChoices):
    EN_COURS = "en_cours", "en cours"
    REUSSIE = "reussie", "réussie"
    ECHOUEE = "echouee", "échouée"


class ExecutionTache(models.Model):
    """One run of a periodic job (or of one service's chunk of it): start, end, status, error.
    Platform-level (``service`` empty for the entry point); read by the jobs page and /sante/."""

    tache = models.CharField("tâche", max_length=100)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                                verbose_name="service")
    debut = models.DateTimeField("début", default=timezone.now)
    fin = models.DateTimeField("fin", null=True, blank=True)
    statut = models.CharField("statut", max_length=12, choices=StatutExecution.choices,
                              default=StatutExecution.EN_COURS)
    erreur = models.TextField("erreur", blank=True)
    resultat = models.JSONField("résultat", default=dict, blank=True)

    class Meta:
        verbose_name = "exécution d'une tâche planifiée"
        verbose_name_plural = "exécutions des tâches planifiées"
        ordering = ["-debut"]
        indexes = [models.Index(fields=["tache", "-debut"], name="execution_tache_idx")]

    def __str__(self):
        return f"{self.tache} ({self.debut:%d/%m/%Y %H:%M})"

    @property
    def duree(self):
        return self.fin - self.debut if self.fin else None

class FichierStocke(models.Model):
    """The record of one stored file (``spsti.fichiers.StockageProtege``): its storage name, SHA-256
    fingerprint and size when it was written. Platform-level, like the storage itself: it holds no
    content, only what ``manage.py verifier_fichiers`` checks the files against."""

    nom = models.CharField("nom dans le stockage", max_length=255, unique=True)
    sha256 = models.CharField("empreinte SHA-256", max_length=64)
    taille = models.PositiveBigIntegerField("taille (octets)")
    enregistre_le = models.DateTimeField("enregistré le", default=timezone.now)

    class Meta:
        verbose_name = "fichier stocké"
        verbose_name_plural = "fichiers stockés"

    def __str__(self):
        return self.nom


class ReponseIdempotente(ModeleService):
    """The first answer to an API write sent with an ``Idempotency-Key`` header, kept per service
    and per token (or per person, for a session): the same key and body replay it, another body
    under the same key is refused (``spsti.idempotence``)."""

    titulaire = models.CharField("titulaire", max_length=40, help_text="« jeton:<id> » ou « utilisateur:<id> ».")
    cle = models.CharField("clé d'idempotence", max_length=255)
    empreinte = models.CharField("empreinte de la requête", max_length=64)
    statut = models.PositiveSmallIntegerField("statut HTTP")
    corps = models.JSONField("réponse", encoder=DjangoJSONEncoder, null=True)
    cree_le = models.DateTimeField("reçue le", default=timezone.now)

    class Meta:
        verbose_name = "réponse idempotente"
        verbose_name_plural = "réponses idempotentes"
        constraints = [models.UniqueConstraint(fields=["tenant", "titulaire", "cle"], name="idempotence_unique")]

    def __str__(self):
        return f"{self.titulaire} — {self.cle}"
