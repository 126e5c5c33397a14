"""Individual health follow-up: the medical record (DMST), absences, the visits (booked, done,
missed) with their medical part and outcome documents, the due list, the professionals'
availability, the members' scheduling preferences and the nurses' delegation protocols."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from spsti.immuable import immuable
from spsti.plausibilite import erreurs_arret
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
    """An absence from work (its nature and dates only: what the schedule needs). Declared by
    the employer from the portal (R4624-31: it informs the service of the return date) or by
    the service."""

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

    def __str__(self):
        return f"{self.get_nature_display()} du {self.debut:%d/%m/%Y} au {self.reprise:%d/%m/%Y}"

    @property
    def jours(self) -> int:
        return (self.reprise - self.debut).days

    def clean(self):
        if self.debut and self.reprise and self.reprise <= self.debut:
            raise ValidationError({"reprise": "La date de reprise doit suivre le début de l'arrêt."})
        if self.debut and self.debut > timezone.localdate() + timezone.timedelta(days=366):
            raise ValidationError({"debut": "Un arrêt se déclare au plus un an à l'avance."})
        if erreurs := erreurs_arret(nature=self.nature, debut=self.debut, reprise=self.reprise,
                                    sexe=self.salarie.sexe if self.salarie_id else None):
            raise ValidationError(erreurs)
        if self.salarie_id and self.debut and self.reprise:
            chevauche = (ArretTravail.objects.filter(salarie_id=self.salarie_id, debut__lt=self.reprise,
                                                     reprise__gt=self.debut).exclude(pk=self.pk).first())
            if chevauche:
                raise ValidationError(f"Cet arrêt chevauche un arrêt déjà déclaré : {chevauche}.")


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
    DEMANDE_SALARIE = "demande_salarie", "Visite à la demande du salarié"
    DEMANDE_EMPLOYEUR = "demande_employeur", "Visite à la demande de l'employeur"
    DEMANDE_MEDECIN = "demande_medecin", "Visite à la demande du médecin du travail"
    POST_MATERNITE = "post_maternite", "Visite post-maternité"
    VIP_TNS = "vip_tns", "VIP travailleur indépendant"


class StatutVisite(models.TextChoices):
    A_PLANIFIER = "a_planifier", "À planifier"
    PLANIFIEE = "planifiee", "Planifiée"
    REALISEE = "realisee", "Réalisée"
    EXCUSEE = "excusee", "Absence excusée"
    ABSENTE = "absente", "Absence non excusée"
    ANNULEE = "annulee", "Annulée"


STATUTS_A_VENIR = (StatutVisite.A_PLANIFIER, StatutVisite.PLANIFIEE)


class ModeRealisation(models.TextChoices):
    SUR_SITE = "site", "Sur site"
    TELECONSULTATION = "teleconsultation", "Téléconsultation"


class Visite(ModeleService):
    """A visit: booked (planifiée, with its professional, time and mode), then done, excused,
    missed or cancelled. This is its administrative part, seen by scheduling roles; the medical
    part is ``ExamenVisite``. A visit recorded without booking is a visit done."""

    salarie = models.ForeignKey("adherents.Salarie", on_delete=models.CASCADE, related_name="visites",
                                verbose_name="salarié")
    type = models.CharField("type de visite", max_length=32, choices=TypeVisite.choices)
    type_service = models.ForeignKey("TypeVisiteService", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name="type de visite (thésaurus)")
    statut = models.CharField("statut", max_length=16, choices=StatutVisite.choices, default=StatutVisite.REALISEE)
    date = models.DateField("date", null=True, blank=True)
    debut = models.DateTimeField("début", null=True, blank=True)
    duree_minutes = models.PositiveSmallIntegerField("durée (minutes)", default=20)
    professionnel = models.ForeignKey("spsti.Rattachement", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="visites", verbose_name="professionnel de santé")
    protocole = models.ForeignKey("ProtocoleDelegation", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="visites", verbose_name="protocole de délégation")
    mode = models.CharField("mode", max_length=20, choices=ModeRealisation.choices, default=ModeRealisation.SUR_SITE)
    disponibilite = models.ForeignKey("Disponibilite", on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="visites", verbose_name="plage de disponibilité")
    consentement_teleconsultation = models.BooleanField(
        "consentement du salarié à la téléconsultation", default=False,
        help_text="Recueilli et consigné au dossier médical avant toute téléconsultation (R4624-41-1).")
    convoquee_le = models.DateTimeField("convocation envoyée le", null=True, blank=True)
    motif_changement = models.CharField("motif du report ou de l'annulation", max_length=255, blank=True)
    orientee_depuis = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="orientations", verbose_name="orientée depuis la visite")
    demandee_par = models.ForeignKey("spsti.Rattachement", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name="demandée par")
    demandee_le = models.DateTimeField("demandée le", null=True, blank=True)
    motif_demande = models.CharField("motif de la demande", max_length=500, blank=True)
    avec_mi_carriere = models.BooleanField(
        "combinée avec la visite de mi-carrière (L4624-2-2)", default=False,
        help_text="Réalisée, elle tient lieu aussi de visite de mi-carrière.")

    history = historique()

    class Meta:
        verbose_name = "visite"
        ordering = ["-date", "-debut"]
        indexes = [models.Index(fields=["tenant", "professionnel", "debut"]),
                   models.Index(fields=["tenant", "statut", "date"]),
                   # The visit list (coming visits in time order) and the due list's "booked for"
                   # lookup (a worker's coming visit of a type, the earliest first).
                   models.Index(fields=["tenant", "statut", "debut"], name="visite_tenant_statut_debut"),
                   models.Index(fields=["tenant", "salarie", "type", "debut"], name="visite_a_venir_salarie",
                                condition=models.Q(statut__in=["a_planifier", "planifiee"])),
                   # The visits of one type done in a period: the PDP screening's return-to-work
                   # visits, the nurse's share per type (a scan of every visit at 1M workers: 93 ms).
                   models.Index(fields=["tenant", "type", "statut", "date"], name="visite_type_statut_date")]
        constraints = [models.CheckConstraint(
            condition=~models.Q(statut="planifiee") | models.Q(debut__isnull=False, professionnel__isnull=False),
            name="visite_planifiee_datee")]

    def __str__(self):
        quand = f" du {self.date:%d/%m/%Y}" if self.date else ""
        return f"{self.get_type_display()}{quand} — {self.salarie}"

    @property
    def fin(self):
        return self.debut + timezone.timedelta(minutes=self.duree_minutes) if self.debut else None


class ExamenVisite(ModeleService):
    """The medical part of a visit: under medical secrecy, read only through
    ``selectors.examen_lu`` (physicians and nurses of the worker's team, every read logged)."""

    visite = models.ForeignKey(Visite, on_delete=models.PROTECT, related_name="examens", verbose_name="visite")
    notes = models.TextField("notes cliniques", blank=True)
    questionnaire = models.JSONField("réponses au questionnaire", default=dict, blank=True)
    poids_kg = models.DecimalField("poids (kg)", max_digits=5, decimal_places=1, null=True, blank=True,
                                   validators=[MinValueValidator(1), MaxValueValidator(400)])
    taille_cm = models.PositiveSmallIntegerField("taille (cm)", null=True, blank=True,
                                                 validators=[MinValueValidator(40), MaxValueValidator(250)])
    tension_systolique = models.PositiveSmallIntegerField("tension systolique (mmHg)", null=True, blank=True,
                                                          validators=[MinValueValidator(50), MaxValueValidator(300)])
    tension_diastolique = models.PositiveSmallIntegerField("tension diastolique (mmHg)", null=True, blank=True,
                                                           validators=[MinValueValidator(30), MaxValueValidator(200)])
    conclusions = models.TextField("conclusions médicales", blank=True)
    enceinte_ou_allaitante = models.BooleanField(
        "travailleuse enceinte, venant d'accoucher ou allaitante", default=False,
        help_text="Après une VIP réalisée par l'infirmier·e : orientation sans délai vers le médecin (R4624-19).")
    risque_desinsertion = models.BooleanField(
        "risque de désinsertion professionnelle (ou d'inaptitude)", default=False,
        help_text="Propose le salarié sur la liste de repérage de la cellule PDP, pour revue par le médecin.")

    history = historique()

    class Meta:
        verbose_name = "examen (partie médicale de la visite)"
        verbose_name_plural = "examens"
        constraints = [models.UniqueConstraint(fields=["tenant", "visite"], name="un_examen_par_visite")]

    @property
    def salarie(self):
        return self.visite.salarie


# The fields of the medical part a professional fills in (page and API).
CHAMPS_EXAMEN = ["notes", "questionnaire", "poids_kg", "taille_cm", "tension_systolique", "tension_diastolique",
                 "enceinte_ou_allaitante", "risque_desinsertion", "conclusions"]

# The questions asked during a visit when the service has not set its own
# (``Service.parametres["questionnaire_visite"]``). The professional writes the answers: nothing
# is filled in by the worker alone, everything stays editable and attributed (history).
QUESTIONNAIRE_PAR_DEFAUT = [
    "Contraintes ressenties au poste de travail",
    "Douleurs ou gênes (dos, membres supérieurs) en lien avec le travail",
    "Sommeil et fatigue",
    "Stress, charge mentale, relations de travail",
    "Traitements en cours",
    "Tabac, alcool, autres substances",
    "Vaccinations",
    "Port des équipements de protection individuelle",
]


def questionnaire_du_service(service) -> list[str]:
    return (service.parametres or {}).get("questionnaire_visite") or QUESTIONNAIRE_PAR_DEFAUT


class NatureDocument(models.TextChoices):
    ATTESTATION_SUIVI = "attestation_suivi", "Attestation de suivi individuel de l'état de santé"
    AVIS_APTITUDE = "avis_aptitude", "Avis d'aptitude"
    AVIS_INAPTITUDE = "avis_inaptitude", "Avis d'inaptitude"


class DocumentSuivi(ModeleService):
    """The outcome of a visit handed to the worker and the employer (attestation de suivi,
    avis d'aptitude or d'inaptitude), without any medical detail. Issued once, never changed
    nor deleted: a correction is a new document."""

    visite = models.ForeignKey(Visite, on_delete=models.PROTECT, related_name="documents", verbose_name="visite")
    nature = models.CharField("nature", max_length=20, choices=NatureDocument.choices)
    propositions = models.TextField(
        "propositions et restrictions pour l'employeur", blank=True,
        help_text="Aménagements de poste, restrictions, reclassement (L4624-3) : sans aucune donnée médicale.")
    emis_par = models.ForeignKey("spsti.Rattachement", on_delete=models.PROTECT, related_name="+",
                                 verbose_name="émis par")
    emis_le = models.DateTimeField("émis le", default=timezone.now)
    pdf = models.FileField("PDF", upload_to="suivi/documents/%Y/")

    class Meta:
        verbose_name = "document de suivi"
        verbose_name_plural = "documents de suivi"
        ordering = ["-emis_le"]
        triggers = immuable("document_suivi")

    def __str__(self):
        return f"{self.get_nature_display()} — {self.visite.salarie} ({self.emis_le:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionDenied("Un document de suivi émis ne se modifie pas : émettez-en un nouveau.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Un document de suivi émis ne se supprime pas.")


class ProtocoleDelegation(ModeleService):
    """A written protocol by which a physician entrusts follow-up visits to a nurse (R4623-14):
    the visit types and follow-up categories covered, for the physician's workers, valid from/to,
    signed by the physician and validated by the medico-technical commission (CMT)."""

    medecin = models.ForeignKey("spsti.Rattachement", on_delete=models.PROTECT, related_name="protocoles_signes",
                                verbose_name="médecin du travail", limit_choices_to={"role": "medecin"})
    infirmier = models.ForeignKey("spsti.Rattachement", on_delete=models.PROTECT, related_name="protocoles",
                                  verbose_name="infirmier·e", limit_choices_to={"role": "infirmier"})
    types_visite = models.JSONField("types de visite délégués", default=list)
    categories = models.JSONField("catégories de suivi", default=list)
    pratique_avancee = models.BooleanField(
        "l'infirmier·e délégataire exerce en pratique avancée", default=False,
        help_text="Exigé pour déléguer la visite de mi-carrière (L4624-2-2).")
    contenu = models.TextField("contenu du protocole",
                               help_text="Conduite de la visite, critères d'orientation vers le médecin, "
                                         "examens complémentaires.")
    valide_du = models.DateField("valide du")
    valide_au = models.DateField("valide au", null=True, blank=True)
    signe_le = models.DateField("signé par le médecin le", null=True, blank=True)
    valide_cmt_le = models.DateField("validé par la CMT le", null=True, blank=True)

    history = historique()

    class Meta:
        verbose_name = "protocole de délégation"
        verbose_name_plural = "protocoles de délégation"
        ordering = ["-valide_du"]
        constraints = [models.CheckConstraint(
            condition=models.Q(valide_au__isnull=True) | models.Q(valide_au__gte=models.F("valide_du")),
            name="protocole_periode_ordonnee", violation_error_message="La fin de validité précède son début.")]

    def __str__(self):
        return f"Protocole {self.medecin.utilisateur} → {self.infirmier.utilisateur} (du {self.valide_du:%d/%m/%Y})"

    def clean(self):
        from .delegation import verifier_protocole

        verifier_protocole(self)

    def get_types_visite_display(self) -> list[str]:
        return [TypeVisite(t).label for t in self.types_visite if t in TypeVisite.values]

    def actif_le(self, jour) -> bool:
        return bool(self.signe_le and self.valide_cmt_le and self.valide_du <= jour
                    and (self.valide_au is None or jour <= self.valide_au))


class Disponibilite(ModeleService):
    """A professional's availability for visits: at a centre, on site at a member (a session
    in the company) or by telehealth, from ``debut`` to ``fin``."""

    professionnel = models.ForeignKey("spsti.Rattachement", on_delete=models.PROTECT,
                                      related_name="disponibilites", verbose_name="professionnel de santé")
    centre = models.ForeignKey("spsti.Centre", on_delete=models.PROTECT, related_name="+", verbose_name="centre")
    adherent = models.ForeignKey("adherents.Adherent", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name="session sur site chez l'adhérent")
    mode = models.CharField("mode", max_length=20, choices=ModeRealisation.choices, default=ModeRealisation.SUR_SITE)
    debut = models.DateTimeField("début")
    fin = models.DateTimeField("fin")

    history = historique()

    class Meta:
        verbose_name = "plage de disponibilité"
        verbose_name_plural = "plages de disponibilité"
        ordering = ["debut"]
        indexes = [models.Index(fields=["tenant", "professionnel", "debut"])]
        constraints = [models.CheckConstraint(condition=models.Q(fin__gt=models.F("debut")),
                                              name="disponibilite_ordonnee",
                                              violation_error_message="La fin de la plage doit suivre son début.")]

    def __str__(self):
        lieu = f"chez {self.adherent}" if self.adherent_id else self.get_mode_display().lower()
        return (f"{self.professionnel.utilisateur} — {timezone.localtime(self.debut):%d/%m/%Y %H:%M}–"
                f"{timezone.localtime(self.fin):%H:%M} ({self.centre}, {lieu})")


JOURS = [(0, "lundi"), (1, "mardi"), (2, "mercredi"), (3, "jeudi"), (4, "vendredi"), (5, "samedi")]


class PreferencesPlanification(ModeleService):
    """What a member asked for its workers' convocations: days, hours, sessions in the company."""

    adherent = models.ForeignKey("adherents.Adherent", on_delete=models.CASCADE, related_name="+",
                                 verbose_name="adhérent")
    jours = models.JSONField("jours possibles", default=list, blank=True,
                             help_text="Vide : tous les jours ouvrés.")
    heure_min = models.TimeField("pas avant", null=True, blank=True)
    heure_max = models.TimeField("fin au plus tard à", null=True, blank=True)
    sessions_sur_site = models.BooleanField("de préférence lors de sessions dans l'entreprise", default=False)
    commentaire = models.CharField("précisions", max_length=255, blank=True)

    history = historique()

    class Meta:
        verbose_name = "préférences de convocation"
        verbose_name_plural = "préférences de convocation"
        constraints = [models.UniqueConstraint(fields=["tenant", "adherent"], name="preferences_uniques")]

    def get_jours_display(self) -> list[str]:
        return [libelle for numero, libelle in JOURS if numero in self.jours]

    def clean(self):
        if self.heure_min and self.heure_max and self.heure_max <= self.heure_min:
            raise ValidationError({"heure_max": "L'heure de fin doit suivre l'heure de début."})


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
        # The due list pages walk deadlines in date order (all, or the mandatory ones only).
        indexes = [models.Index(fields=["tenant", "obligatoire", "au_plus_tard"]),
                   models.Index(fields=["tenant", "au_plus_tard"], name="echeance_tenant_date")]

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


class ModeConsentement(models.TextChoices):
    ORAL_VISITE = "oral_visite", "Oralement, lors d'une visite"
    ECRIT = "ecrit", "Par écrit (document signé)"
    MESSAGERIE = "messagerie", "Par messagerie sécurisée de santé"


class SensTransfert(models.TextChoices):
    EMIS = "emis", "Transmis à un autre service"
    RECU = "recu", "Reçu d'un autre service"


class TransfertDMST(ModeleService):
    """A transmission of a worker's DMST between services (L4624-8 al. 3, R4624-45-7): sent to
    the service now in charge, or received from the one that followed the worker, each time with
    the worker's non-opposition recorded (when and how). Medical content: its files are served
    only through ``spsti.fichiers.servir_fichier`` to the worker's team physicians, every access
    logged. Never changed nor deleted (no history: it is its own record)."""

    salarie = models.ForeignKey("adherents.Salarie", on_delete=models.PROTECT, related_name="transferts_dmst",
                                verbose_name="salarié")
    sens = models.CharField("sens", max_length=4, choices=SensTransfert.choices)
    autre_service = models.CharField("autre service", max_length=200,
                                     help_text="Le service destinataire (envoi) ou émetteur (réception).")
    consentement_le = models.DateField("non-opposition du salarié recueillie le")
    consentement_mode = models.CharField("recueillie", max_length=12, choices=ModeConsentement.choices)
    fichier = models.FileField("fichier JSON", upload_to="dmst/%Y/")
    pdf = models.FileField("PDF", upload_to="dmst/%Y/", blank=True)
    contenu = models.JSONField("dossier reçu", default=dict, blank=True,
                               help_text="Le contenu d'un dossier reçu, tel que transmis (affiché dans le DMST).")
    par = models.ForeignKey("spsti.Rattachement", on_delete=models.PROTECT, related_name="+", verbose_name="médecin")
    le = models.DateTimeField("le", default=timezone.now)

    class Meta:
        verbose_name = "transmission de DMST"
        verbose_name_plural = "transmissions de DMST"
        ordering = ["-le", "-pk"]
        triggers = immuable("transfert_dmst")

    def __str__(self):
        return f"{self.get_sens_display()} — {self.autre_service} ({self.le:%d/%m/%Y})"
