"""Individual health follow-up. First, the medical record (DMST) that proves the medical
secrecy mechanism; the follow-up issue adds visits, schedule and protocols."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from spsti.tenancy import ModeleService, historique


class DossierMedical(ModeleService):
    """Dossier médical en santé au travail (DMST, L4624-8, R4624-45-4). Medical content: read
    only through ``suivi_individuel.selectors.dossier_medical_lu``, which checks the policy and
    logs the read."""

    salarie = models.ForeignKey("adherents.Salarie", on_delete=models.PROTECT, related_name="+",
                                verbose_name="salarié")
    ins = models.CharField("INS", max_length=22, blank=True,
                           help_text="Identifiant national de santé, quand il est connu (L4624-8).")
    expositions = models.TextField("expositions", blank=True)
    informations_sante = models.TextField("informations de santé", blank=True)
    notes = models.TextField("notes du professionnel de santé", blank=True)

    history = historique()

    class Meta:
        verbose_name = "dossier médical (DMST)"
        verbose_name_plural = "dossiers médicaux (DMST)"
        # One record per worker; the tenant leads the unique index (ready for Citus).
        constraints = [models.UniqueConstraint(fields=["tenant", "salarie"], name="un_dmst_par_salarie")]

    def __str__(self):
        return f"DMST de {self.salarie}"


class NatureArret(models.TextChoices):
    MATERNITE = "maternite", "Congé de maternité"
    ACCIDENT_DU_TRAVAIL = "accident_du_travail", "Accident du travail"
    MALADIE_PROFESSIONNELLE = "maladie_professionnelle", "Maladie professionnelle"
    MALADIE_NON_PROFESSIONNELLE = "maladie_non_professionnelle", "Maladie ou accident non professionnel"


class ArretTravail(ModeleService):
    """An absence from work (its nature and dates only: what the schedule needs)."""

    salarie = models.ForeignKey("adherents.Salarie", on_delete=models.CASCADE, related_name="arrets",
                                verbose_name="salarié")
    nature = models.CharField("nature", max_length=32, choices=NatureArret.choices)
    debut = models.DateField("début")
    reprise = models.DateField("date de reprise")

    history = historique()

    class Meta:
        verbose_name = "arrêt de travail"
        verbose_name_plural = "arrêts de travail"
        ordering = ["-debut"]
        constraints = [models.CheckConstraint(condition=models.Q(reprise__gt=models.F("debut")),
                                              name="reprise_apres_debut",
                                              violation_error_message="La reprise doit suivre le début de l'arrêt.")]


class TypeVisite(models.TextChoices):
    """The legal visit types (R4624-10 to R4624-31, L4624-2-1, L4624-2-2); the schedule engine's
    names (``rules.TypeVisite``)."""

    VIP_INITIALE = "vip_initiale", "VIP initiale"
    VIP_PERIODIQUE = "vip_periodique", "VIP périodique"
    EXAMEN_APTITUDE_EMBAUCHE = "examen_aptitude_embauche", "Examen médical d'aptitude à l'embauche"
    EXAMEN_APTITUDE_PERIODIQUE = "examen_aptitude_periodique", "Examen médical d'aptitude périodique"
    INTERMEDIAIRE_SIR = "intermediaire_sir", "Visite intermédiaire SIR"
    REPRISE = "reprise", "Visite de reprise"
    PRE_REPRISE = "pre_reprise", "Visite de pré-reprise"
    RENDEZ_VOUS_LIAISON = "rendez_vous_liaison", "Rendez-vous de liaison"
    MI_CARRIERE = "mi_carriere", "Visite de mi-carrière"
    POST_EXPOSITION = "post_exposition", "Visite de fin de carrière / post-exposition"


class Visite(ModeleService):
    """A visit done (its administrative part: what the schedule and the planning need)."""

    salarie = models.ForeignKey("adherents.Salarie", on_delete=models.CASCADE, related_name="visites",
                                verbose_name="salarié")
    type = models.CharField("type de visite", max_length=32, choices=TypeVisite.choices)
    date = models.DateField("date")

    history = historique()

    class Meta:
        verbose_name = "visite"
        ordering = ["-date"]


class Echeance(ModeleService):
    """A visit due for a worker, as the schedule engine computed it (``rules.echeances``); the
    worker's rows are replaced whenever they are recomputed."""

    salarie = models.ForeignKey("adherents.Salarie", on_delete=models.CASCADE, related_name="echeances",
                                verbose_name="salarié")
    type = models.CharField("type de visite", max_length=32, choices=TypeVisite.choices)
    au_plus_tot = models.DateField("au plus tôt")
    au_plus_tard = models.DateField("au plus tard")
    obligatoire = models.BooleanField("obligatoire", default=True)
    base_legale = models.CharField("base légale", max_length=64)
    motif = models.CharField("motif", max_length=255)
    realisable_par = models.JSONField("réalisable par", default=list)
    calculee_le = models.DateTimeField("calculée le", auto_now=True)

    class Meta:
        verbose_name = "échéance de visite"
        verbose_name_plural = "échéancier"
        ordering = ["au_plus_tard"]
        indexes = [models.Index(fields=["tenant", "obligatoire", "au_plus_tard"])]

    def __str__(self):
        return f"{self.get_type_display()} avant le {self.au_plus_tard:%d/%m/%Y}"


class ModeVisite(models.TextChoices):
    SUR_SITE = "site", "Sur site"
    TELECONSULTATION = "teleconsultation", "Téléconsultation"
    LES_DEUX = "les_deux", "Sur site ou en téléconsultation"


class TypeVisiteService(ModeleService):
    """The service's thesaurus of visit types: the legal ones (seeded) and its own, with their
    duration and the modes it offers them in."""

    libelle = models.CharField("libellé", max_length=120)
    type_legal = models.CharField("type légal", max_length=32, choices=TypeVisite.choices, blank=True,
                                  help_text="Vide pour un type propre au service (entretien infirmier, etc.).")
    duree_minutes = models.PositiveSmallIntegerField(
        "durée (minutes)", default=20,
        validators=[MinValueValidator(5, "Une visite dure au moins 5 minutes."),
                    MaxValueValidator(240, "Une visite dure au plus 240 minutes.")])
    mode = models.CharField("mode", max_length=20, choices=ModeVisite.choices, default=ModeVisite.LES_DEUX)
    actif = models.BooleanField("actif", default=True)

    history = historique()

    class Meta:
        verbose_name = "type de visite"
        verbose_name_plural = "types de visite"
        ordering = ["libelle"]
        constraints = [models.UniqueConstraint(fields=["tenant", "libelle"], name="type_visite_libelle_unique",
                                               violation_error_message="Ce libellé existe déjà dans le thésaurus.")]

    def __str__(self):
        return self.libelle
