"""Prevention in member companies: the company risk sheet (fiche d'entreprise, FE) with its work
units, hazards and photos, versioned and frozen once the physician validates it; workplace
actions (actions en milieu de travail, AMT), proposed to the member as appointments when they
are visits; measurements (métrologie); each member's prevention record and due dates."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from adherents.models import MotifCategorie
from spsti.immuable import immuable
from spsti.tenancy import ModeleService, ServiceManager, historique
from spsti.thesaurus import EntreeThesaurus, thesaurus
from spsti.verrou import ModeleVersionne

from . import rules


@thesaurus("familles-risque")
class FamilleRisque(EntreeThesaurus):
    """Familles de dangers repérés par unité de travail dans la fiche d'entreprise (R4624-46) et
    les plans d'action, harmonisées avec les thésaurus du réseau (seed 002)."""

    AMORCE = [
        {"code": "chimique", "libelle": "Agents chimiques (produits, poussières, fumées, CMR)"},
        {"code": "bruit", "libelle": "Bruit"},
        {"code": "vibrations", "libelle": "Vibrations"},
        {"code": "manutention_tms", "libelle": "Manutention manuelle, postures, gestes répétitifs (TMS)"},
        {"code": "psychosociaux", "libelle": "Risques psychosociaux (charge, relations, violences externes)"},
        {"code": "chutes", "libelle": "Chutes de plain-pied et de hauteur"},
        {"code": "machines", "libelle": "Machines, outils, engins"},
        {"code": "routier", "libelle": "Risque routier (déplacements professionnels)"},
        {"code": "biologique", "libelle": "Agents biologiques"},
        {"code": "electrique", "libelle": "Risque électrique"},
        {"code": "thermique", "libelle": "Ambiances thermiques (chaleur, froid, intempéries)"},
        {"code": "ecran", "libelle": "Travail sur écran"},
        {"code": "nuit", "libelle": "Travail de nuit, horaires atypiques"},
        {"code": "rayonnements", "libelle": "Rayonnements ionisants et champs électromagnétiques"},
        {"code": "incendie_explosion", "libelle": "Incendie, explosion (ATEX)"},
        {"code": "eclairage", "libelle": "Éclairage insuffisant ou éblouissement"},
        {"code": "travail_isole", "libelle": "Travail isolé"},
    ]

    class Meta(EntreeThesaurus.Meta):
        verbose_name = "famille de risque"
        verbose_name_plural = "familles de risques"


# The follow-up reasons (SIR, SIA) that an exposure of each seeded hazard family may justify:
# the FE shows how many of the member's workers are followed for them (no one's health, only
# categories the employer declared). Reasons about the person (disability, age) are left out.
MOTIFS_SUIVI_PAR_FAMILLE = {
    "chimique": [MotifCategorie.AMIANTE, MotifCategorie.PLOMB, MotifCategorie.CMR],
    "biologique": [MotifCategorie.AGENTS_BIOLOGIQUES, MotifCategorie.AGENTS_BIOLOGIQUES_2],
    "rayonnements": [MotifCategorie.RAYONNEMENTS, MotifCategorie.RAYONNEMENTS_B,
                     MotifCategorie.CHAMPS_ELECTROMAGNETIQUES],
    "nuit": [MotifCategorie.NUIT],
    "chutes": [MotifCategorie.ECHAFAUDAGES],
    "machines": [MotifCategorie.APTITUDE_SPECIFIQUE],
}


@thesaurus("types-action")
class TypeAction(EntreeThesaurus):
    """Types d'actions en milieu de travail (AMT), chacun compté ou non comme action de
    prévention primaire (une au moins tous les 4 ans par adhérent, seeds 000 et 001)."""

    prevention_primaire = models.BooleanField(
        "action de prévention primaire", default=True,
        help_text="Compte pour l'obligation d'une action de prévention primaire tous les 4 ans.")

    CHAMPS_EDITABLES = ("prevention_primaire",)
    AMORCE = [
        {"code": "visite_entreprise", "libelle": "Visite d'entreprise (locaux, lieux d'intervention)"},
        {"code": "rendez_vous_prevention", "libelle": "Rendez-vous de la prévention (repérage des dangers)"},
        {"code": "etude_poste", "libelle": "Étude de poste"},
        {"code": "campagne_mesures", "libelle": "Campagne de mesures (métrologie)"},
        {"code": "sensibilisation", "libelle": "Action de sensibilisation dans l'entreprise"},
        {"code": "reunion_cse", "libelle": "Participation à une réunion du CSE / de la CSSCT",
         "prevention_primaire": False},
        {"code": "risque_chimique", "libelle": "Étude du risque chimique"},
        {"code": "accompagnement_rps", "libelle": "Accompagnement en prévention des RPS"},
        {"code": "etude_ergonomique", "libelle": "Étude ergonomique, prévention des TMS"},
        {"code": "accompagnement_duerp", "libelle": "Accompagnement au DUERP en entreprise"},
        {"code": "visite_relais", "libelle": "Visite Relais de prévention (points de progrès)"},
        {"code": "conseil", "libelle": "Conseil à l'employeur", "prevention_primaire": False},
    ]

    class Meta(EntreeThesaurus.Meta):
        verbose_name = "type d'action en milieu de travail"
        verbose_name_plural = "types d'actions en milieu de travail"


class SensLimite(models.TextChoices):
    MAXIMUM = "maximum", "Valeur à ne pas dépasser"
    MINIMUM = "minimum", "Valeur minimale à atteindre"


@thesaurus("types-mesurage")
class TypeMesurage(EntreeThesaurus):
    """Types de mesurages réalisés par les IPRP et les ASST (métrologie, seed 001 § 4.6), avec
    leur unité et le sens de leur valeur de référence."""

    unite = models.CharField("unité", max_length=20)
    sens_limite = models.CharField("valeur de référence", max_length=10, choices=SensLimite.choices,
                                   default=SensLimite.MAXIMUM)

    CHAMPS_EDITABLES = ("unite", "sens_limite")
    AMORCE = [
        {"code": "sonometrie", "libelle": "Bruit — sonométrie (niveau ambiant)", "unite": "dB(A)"},
        {"code": "dosimetrie_bruit", "libelle": "Bruit — dosimétrie (exposition quotidienne LEX,8h)",
         "unite": "dB(A)"},
        {"code": "eclairage", "libelle": "Éclairage (éclairement)", "unite": "lux", "sens_limite": "minimum"},
        {"code": "vibrations_main_bras", "libelle": "Vibrations main-bras (A(8))", "unite": "m/s²"},
        {"code": "vibrations_corps", "libelle": "Vibrations corps entier (A(8))", "unite": "m/s²"},
        {"code": "prelevement_atmospherique", "libelle": "Prélèvement atmosphérique", "unite": "mg/m³"},
        {"code": "prelevement_surfacique", "libelle": "Prélèvement surfacique", "unite": "µg/cm²"},
        {"code": "ventilation", "libelle": "Ventilation (vitesse d'air au captage)", "unite": "m/s",
         "sens_limite": "minimum"},
    ]

    class Meta(EntreeThesaurus.Meta):
        verbose_name = "type de mesurage"
        verbose_name_plural = "types de mesurages (métrologie)"


class DocumentConserveQuerySet(models.QuerySet):
    """Regulated documents: rows are never changed nor deleted in bulk (each row guards its own
    save and delete)."""

    def update(self, **kwargs):
        raise PermissionDenied(f"Les {self.model._meta.verbose_name_plural} ne se modifient pas en masse.")

    def delete(self):
        raise PermissionDenied(f"Les {self.model._meta.verbose_name_plural} ne se suppriment pas.")


class InstanceRepresentative(models.TextChoices):
    AUCUNE = "aucune", "Ni CSE ni CSSCT"
    CSE = "cse", "CSE"
    CSSCT = "cssct", "CSE et CSSCT"


class DossierPrevention(ModeleService):
    """What the prevention staff know of a member beyond its identity: who follows it (the
    prevention referent, IPRP or ASST) and its staff representative bodies (CSE/CSSCT
    participations are counted against the members that have one, seed 000)."""

    adherent = models.ForeignKey("adherents.Adherent", on_delete=models.CASCADE, related_name="+",
                                 verbose_name="adhérent")
    referent = models.ForeignKey("spsti.Rattachement", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="adherents_prevention", verbose_name="référent prévention",
                                 limit_choices_to={"role__in": ["iprp", "asst"]})
    instances = models.CharField("instances représentatives du personnel", max_length=8,
                                choices=InstanceRepresentative.choices, default=InstanceRepresentative.AUCUNE)

    history = historique()

    class Meta:
        verbose_name = "dossier prévention de l'adhérent"
        verbose_name_plural = "dossiers prévention des adhérents"
        constraints = [models.UniqueConstraint(fields=["tenant", "adherent"], name="un_dossier_prevention")]

    def __str__(self):
        return f"Prévention — {self.adherent}"


class TypeEcheancePrevention(models.TextChoices):
    FICHE = rules.TypeEcheance.FICHE.value, "Fiche d'entreprise"
    ACTION_PRIMAIRE = rules.TypeEcheance.ACTION_PRIMAIRE.value, "Action de prévention primaire"


class EcheancePrevention(ModeleService):
    """A member's FE or primary-prevention action deadline, as ``rules`` computes it from its
    adhesion and its last FE or action; the member's rows are replaced when recomputed."""

    adherent = models.ForeignKey("adherents.Adherent", on_delete=models.CASCADE, related_name="echeances_prevention",
                                 verbose_name="adhérent")
    etablissement = models.ForeignKey("adherents.Etablissement", on_delete=models.CASCADE, null=True, blank=True,
                                      related_name="+", verbose_name="établissement",
                                      help_text="FE par établissement (R4624-46) ; vide : pour l'adhérent.")
    type = models.CharField("échéance", max_length=20, choices=TypeEcheancePrevention.choices)
    au_plus_tard = models.DateField("au plus tard")
    derniere = models.DateField("dernière réalisation", null=True, blank=True)
    base_legale = models.CharField("base", max_length=80)
    motif = models.CharField("motif", max_length=200)
    calculee_le = models.DateTimeField("calculée le", auto_now=True)

    class Meta:
        verbose_name = "échéance de prévention"
        verbose_name_plural = "échéances de prévention"
        ordering = ["au_plus_tard"]
        constraints = [models.UniqueConstraint(fields=["tenant", "adherent", "type", "etablissement"],
                                               name="une_echeance_prevention_par_type", nulls_distinct=False)]
        indexes = [models.Index(fields=["tenant", "type", "au_plus_tard"])]

    def __str__(self):
        pour = self.etablissement or self.adherent
        return f"{self.get_type_display()} avant le {self.au_plus_tard:%d/%m/%Y} — {pour}"


class StatutFiche(models.TextChoices):
    BROUILLON = "brouillon", "En rédaction"
    A_VALIDER = "a_valider", "À valider par le médecin"
    VALIDEE = "validee", "Validée"


class FicheEntreprise(ModeleService, ModeleVersionne):
    """One version of a member's (or establishment's) fiche d'entreprise (R4624-46 to R4624-48):
    drafted by an ASST or IPRP, validated and signed by the physician. Once validated it is
    frozen, with its PDF: a later edit is a new version. Never deleted."""

    adherent = models.ForeignKey("adherents.Adherent", on_delete=models.PROTECT, related_name="fiches_entreprise",
                                 verbose_name="adhérent")
    etablissement = models.ForeignKey("adherents.Etablissement", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="fiches_entreprise", verbose_name="établissement",
                                      help_text="Vide : la fiche couvre toute l'entreprise.")
    version = models.PositiveSmallIntegerField("version")
    precedente = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name="version mise à jour")
    statut = models.CharField("statut", max_length=12, choices=StatutFiche.choices, default=StatutFiche.BROUILLON)
    redigee_par = models.ForeignKey("spsti.Rattachement", on_delete=models.PROTECT, related_name="+",
                                    verbose_name="rédigée par")
    creee_le = models.DateTimeField("créée le", default=timezone.now)
    description_activite = models.TextField(
        "activité de l'entreprise", blank=True,
        help_text="Activité, procédés, produits, organisation du travail (horaires, déplacements).")
    organisation_prevention = models.TextField(
        "organisation de la prévention", blank=True,
        help_text="DUERP, référent santé-sécurité, formations, consignes, équipements de protection.")
    effectif = models.PositiveIntegerField("effectif concerné", default=0)
    priorite_1 = models.TextField("recommandation prioritaire n° 1", blank=True)
    priorite_2 = models.TextField("recommandation prioritaire n° 2", blank=True)
    priorite_3 = models.TextField("recommandation prioritaire n° 3", blank=True)
    soumise_le = models.DateTimeField("soumise au médecin le", null=True, blank=True)
    validee_le = models.DateTimeField("validée et signée le", null=True, blank=True)
    validee_par = models.ForeignKey("spsti.Rattachement", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name="validée par le médecin du travail")
    categories_suivi = models.JSONField(
        "suivi individuel des salariés", default=dict, blank=True,
        help_text="Effectifs par catégorie de suivi et par motif d'exposition, relevés à la validation.")
    pdf = models.FileField("PDF", upload_to="prevention/fiches/%Y/", blank=True)

    objects = ServiceManager.from_queryset(DocumentConserveQuerySet)()
    tous_services = models.Manager.from_queryset(DocumentConserveQuerySet)()
    history = historique()

    class Meta:
        verbose_name = "fiche d'entreprise"
        verbose_name_plural = "fiches d'entreprise"
        ordering = ["adherent", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "adherent", "version"],
                                    condition=models.Q(etablissement__isnull=True),
                                    name="fiche_entreprise_version_unique"),
            models.UniqueConstraint(fields=["tenant", "etablissement", "version"],
                                    condition=models.Q(etablissement__isnull=False),
                                    name="fiche_etablissement_version_unique"),
            models.CheckConstraint(
                condition=~models.Q(statut="validee") | models.Q(validee_le__isnull=False,
                                                                  validee_par__isnull=False),
                name="fiche_validee_signee"),
        ]
        indexes = [models.Index(fields=["tenant", "statut", "validee_le"])]
        triggers = immuable("fiche_entreprise", modifiable_si="OLD.statut <> 'validee'")

    def __str__(self):
        return f"Fiche d'entreprise v{self.version} — {self.etablissement or self.adherent}"

    @property
    def reference(self) -> str:
        suite = f"-{self.etablissement.siret[9:]}" if self.etablissement_id else ""
        return f"FE-{self.adherent.siren}{suite}-v{self.version}"

    @property
    def validee(self) -> bool:
        return self.statut == StatutFiche.VALIDEE

    @property
    def priorites(self) -> list[str]:
        return [p for p in (self.priorite_1, self.priorite_2, self.priorite_3) if p.strip()]

    def save(self, *args, **kwargs):
        if self.pk and FicheEntreprise.tous_services.filter(pk=self.pk, statut=StatutFiche.VALIDEE).exists():
            raise PermissionDenied("Une fiche d'entreprise validée ne se modifie pas : créez une nouvelle version.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Une fiche d'entreprise ne se supprime pas : chaque version est conservée.")


def verifier_fiche_modifiable(fiche_id) -> None:
    """The content of a validated FE is frozen with it."""
    if FicheEntreprise.tous_services.filter(pk=fiche_id, statut=StatutFiche.VALIDEE).exists():
        raise PermissionDenied("Cette fiche d'entreprise est validée : son contenu ne se modifie plus. "
                               "Créez une nouvelle version.")


class ContenuFiche(ModeleService):
    """A part of an FE: editable while the FE is a draft, frozen once it is validated."""

    class Meta(ModeleService.Meta):
        abstract = True

    def id_fiche(self):
        return self.fiche_id

    def save(self, *args, **kwargs):
        verifier_fiche_modifiable(self.id_fiche())
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        verifier_fiche_modifiable(self.id_fiche())
        return super().delete(*args, **kwargs)


class UniteTravail(ContenuFiche):
    """A work unit (unité de travail) of the FE: a job, a workshop, a team, with its headcount."""

    fiche = models.ForeignKey(FicheEntreprise, on_delete=models.CASCADE, related_name="unites",
                              verbose_name="fiche d'entreprise")
    nom = models.CharField("unité de travail", max_length=120)
    description = models.TextField("activités et postes", blank=True)
    effectif = models.PositiveIntegerField("effectif", default=0)
    ordre = models.PositiveSmallIntegerField("ordre", default=0)

    history = historique()

    class Meta:
        verbose_name = "unité de travail"
        verbose_name_plural = "unités de travail"
        ordering = ["ordre", "pk"]

    def __str__(self):
        return self.nom


class NiveauExposition(models.IntegerChoices):
    FAIBLE = 1, "Faible"
    MODERE = 2, "Modéré"
    ELEVE = 3, "Élevé"
    TRES_ELEVE = 4, "Très élevé"


class RisqueUnite(ContenuFiche):
    """A hazard spotted in a work unit: its family (thesaurus), the situation, the exposure
    level and the prevention already in place."""

    unite = models.ForeignKey(UniteTravail, on_delete=models.CASCADE, related_name="risques",
                              verbose_name="unité de travail")
    famille = models.ForeignKey(FamilleRisque, on_delete=models.PROTECT, related_name="+", verbose_name="danger")
    situation = models.CharField("situation d'exposition", max_length=300, blank=True)
    niveau = models.PositiveSmallIntegerField("niveau d'exposition", choices=NiveauExposition.choices,
                                              default=NiveauExposition.MODERE)
    effectif_expose = models.PositiveIntegerField("salariés exposés", null=True, blank=True)
    mesures_existantes = models.TextField("mesures de prévention existantes", blank=True)

    history = historique()

    class Meta:
        verbose_name = "risque d'une unité de travail"
        verbose_name_plural = "risques des unités de travail"
        ordering = ["-niveau", "famille__ordre", "pk"]

    def __str__(self):
        return f"{self.famille} — {self.unite}"

    def id_fiche(self):
        return UniteTravail.tous_services.filter(pk=self.unite_id).values_list("fiche_id", flat=True).first()

    def clean(self):
        if self.effectif_expose is not None and self.unite_id and self.effectif_expose > self.unite.effectif:
            raise ValidationError({"effectif_expose": f"Plus de salariés exposés que l'effectif de l'unité "
                                                      f"({self.unite.effectif})."})


class PhotoFiche(ContenuFiche):
    """A photo taken on site (good practice or situation to improve), shown in the FE."""

    fiche = models.ForeignKey(FicheEntreprise, on_delete=models.CASCADE, related_name="photos",
                              verbose_name="fiche d'entreprise")
    unite = models.ForeignKey(UniteTravail, on_delete=models.SET_NULL, null=True, blank=True, related_name="photos",
                              verbose_name="unité de travail")
    image = models.ImageField("photo", upload_to="prevention/photos/%Y/")
    legende = models.CharField("légende", max_length=200)

    history = historique()

    class Meta:
        verbose_name = "photo de la fiche d'entreprise"
        verbose_name_plural = "photos des fiches d'entreprise"
        ordering = ["pk"]

    def __str__(self):
        return self.legende


class StatutAction(models.TextChoices):
    PROPOSEE = "proposee", "Date proposée à l'adhérent"
    A_REPLANIFIER = "a_replanifier", "Autre date demandée par l'adhérent"
    CONFIRMEE = "confirmee", "Confirmée par l'adhérent"
    REALISEE = "realisee", "Réalisée"
    ANNULEE = "annulee", "Annulée"


STATUTS_PLANIFIES = (StatutAction.PROPOSEE, StatutAction.CONFIRMEE)


class ActionMilieuTravail(ModeleService):
    """A workplace action (AMT): a visit, a study, a measurement campaign, a meeting... Either
    recorded once done, or first proposed to the member as an appointment it confirms or asks
    to move (then ``debut`` holds its time)."""

    adherent = models.ForeignKey("adherents.Adherent", on_delete=models.PROTECT, related_name="actions_prevention",
                                 verbose_name="adhérent")
    etablissement = models.ForeignKey("adherents.Etablissement", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name="établissement")
    type = models.ForeignKey(TypeAction, on_delete=models.PROTECT, related_name="+", verbose_name="type d'action")
    objet = models.CharField("objet", max_length=200, blank=True, help_text="Ex. : poste de cariste, atelier peinture.")
    intervenant = models.ForeignKey("spsti.Rattachement", on_delete=models.PROTECT, related_name="actions_prevention",
                                    verbose_name="intervenant du service")
    participants = models.TextField("participants", blank=True,
                                    help_text="Personnes présentes, de l'entreprise et du service.")
    statut = models.CharField("statut", max_length=16, choices=StatutAction.choices, default=StatutAction.REALISEE)
    date = models.DateField("date")
    debut = models.DateTimeField("heure de rendez-vous", null=True, blank=True)
    duree_minutes = models.PositiveSmallIntegerField(
        "durée sur place (minutes)", default=120,
        validators=[MinValueValidator(15, "Une intervention dure au moins 15 minutes."),
                    MaxValueValidator(600, "Une intervention dure au plus 10 heures.")])
    temps_passe_heures = models.DecimalField(
        "temps passé (heures)", max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)], help_text="Préparation, intervention et compte rendu.")
    resultat = models.TextField("compte rendu et suites", blank=True)
    proposee_le = models.DateTimeField("date proposée le", null=True, blank=True)
    reponse_adherent = models.CharField("réponse de l'adhérent", max_length=500, blank=True)
    repondue_le = models.DateTimeField("réponse le", null=True, blank=True)
    rappel_envoye_le = models.DateTimeField("rappel envoyé le", null=True, blank=True)

    history = historique()

    class Meta:
        verbose_name = "action en milieu de travail"
        verbose_name_plural = "actions en milieu de travail"
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["tenant", "adherent", "statut", "date"]),
                   models.Index(fields=["tenant", "intervenant", "debut"]),
                   models.Index(fields=["tenant", "date"], name="action_mt_tenant_date")]
        constraints = [models.CheckConstraint(
            condition=~models.Q(statut__in=["proposee", "confirmee"]) | models.Q(debut__isnull=False),
            name="action_planifiee_datee")]

    def __str__(self):
        return f"{self.type} — {self.adherent} ({self.date:%d/%m/%Y})"

    @property
    def fin(self):
        return self.debut + timezone.timedelta(minutes=self.duree_minutes) if self.debut else None

    def clean(self):
        if self.statut == StatutAction.REALISEE and self.date and self.date > timezone.localdate():
            raise ValidationError({"date": "Une action se saisit une fois faite : pour une date à venir, proposez "
                                           "un rendez-vous à l'adhérent."})


class DocumentAction(ModeleService):
    """A document of a workplace action: report, study, photos, measurement sheet."""

    action = models.ForeignKey(ActionMilieuTravail, on_delete=models.PROTECT, related_name="documents",
                               verbose_name="action")
    titre = models.CharField("titre", max_length=150)
    fichier = models.FileField("fichier", upload_to="prevention/actions/%Y/")
    depose_le = models.DateTimeField("déposé le", default=timezone.now)
    depose_par = models.ForeignKey("spsti.Utilisateur", on_delete=models.PROTECT, related_name="+",
                                   verbose_name="déposé par")

    history = historique()

    class Meta:
        verbose_name = "document d'action"
        verbose_name_plural = "documents d'actions"
        ordering = ["-depose_le"]

    def __str__(self):
        return self.titre


class Mesurage(ModeleService):
    """One measurement of a workplace action (métrologie): what, where, with which device, the
    value and its unit, the reference limit and whether the value is outside it."""

    action = models.ForeignKey(ActionMilieuTravail, on_delete=models.PROTECT, related_name="mesurages",
                               verbose_name="action")
    type = models.ForeignKey(TypeMesurage, on_delete=models.PROTECT, related_name="+", verbose_name="type de mesurage")
    lieu = models.CharField("poste ou zone mesuré", max_length=150)
    appareil = models.CharField("appareil", max_length=150, help_text="Modèle et n° de série, date d'étalonnage.")
    valeur = models.DecimalField("valeur mesurée", max_digits=12, decimal_places=3)
    unite = models.CharField("unité", max_length=20)
    valeur_limite = models.DecimalField("valeur de référence", max_digits=12, decimal_places=3, null=True,
                                        blank=True)
    reference = models.CharField("référence", max_length=150, blank=True,
                                 help_text="Texte ou norme : R4431-2 (bruit), VLEP 8 h, NF X35-103…")
    hors_limite = models.BooleanField("hors de la valeur de référence", default=False, editable=False)
    commentaire = models.CharField("commentaire", max_length=300, blank=True)

    history = historique()

    class Meta:
        verbose_name = "mesurage"
        verbose_name_plural = "mesurages"
        ordering = ["action", "type__ordre", "pk"]

    def __str__(self):
        return f"{self.type} — {self.lieu} : {self.valeur:g} {self.unite}"

    def save(self, *args, **kwargs):
        self.hors_limite = rules.hors_limite(self.valeur, self.valeur_limite, self.type.sens_limite)
        super().save(*args, **kwargs)
