"""DUERP support (seed 001 § 3.2): collective sessions and their registrations, the tool given,
the on-site support, the member's action plan with its priority actions and the follow-up
point; the member's DUERP versions, kept 40 years (L4121-3-1); the "Relais de prévention"
(seed 001 § 3.3): contract, four modules, progress points, visit, follow-up one year on, label."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from fiche_entreprise.models import DocumentConserveQuerySet
from spsti.immuable import immuable
from spsti.tenancy import ModeleService, ServiceManager, historique

from . import rules


class Programme(models.TextChoices):
    SENSIBILISATION_DUERP = "duerp", "Sensibilisation au DUERP"
    RELAIS_1 = "relais_1", f"Relais de prévention — module 1 : {rules.MODULES_RELAIS[1]}"
    RELAIS_2 = "relais_2", f"Relais de prévention — module 2 : {rules.MODULES_RELAIS[2]}"
    RELAIS_3 = "relais_3", f"Relais de prévention — module 3 : {rules.MODULES_RELAIS[3]}"
    RELAIS_4 = "relais_4", f"Relais de prévention — module 4 : {rules.MODULES_RELAIS[4]}"
    AUTRE = "autre", "Autre sensibilisation collective (risque routier, chimique, TMS…)"


MODULE_PAR_PROGRAMME = {Programme.RELAIS_1: 1, Programme.RELAIS_2: 2, Programme.RELAIS_3: 3, Programme.RELAIS_4: 4}


class StatutSession(models.TextChoices):
    PROGRAMMEE = "programmee", "Programmée"
    TENUE = "tenue", "Tenue"
    ANNULEE = "annulee", "Annulée"


class SessionCollective(ModeleService):
    """A collective session offered to members: a DUERP awareness session, a Relais de
    prévention module, another theme. Members register from the portal; the service records
    attendance."""

    programme = models.CharField("programme", max_length=12, choices=Programme.choices,
                                 default=Programme.SENSIBILISATION_DUERP)
    titre = models.CharField("titre", max_length=150, blank=True, help_text="Vide : le nom du programme.")
    debut = models.DateTimeField("début")
    fin = models.DateTimeField("fin")
    lieu = models.CharField("lieu", max_length=200)
    centre = models.ForeignKey("spsti.Centre", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name="centre")
    capacite = models.PositiveSmallIntegerField("places", default=12,
                                                validators=[MinValueValidator(1), MaxValueValidator(200)])
    animateur = models.ForeignKey("spsti.Rattachement", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name="animé par")
    statut = models.CharField("statut", max_length=12, choices=StatutSession.choices,
                              default=StatutSession.PROGRAMMEE)

    history = historique()

    class Meta:
        verbose_name = "session collective"
        verbose_name_plural = "sessions collectives"
        ordering = ["debut"]
        constraints = [models.CheckConstraint(condition=models.Q(fin__gt=models.F("debut")),
                                              name="session_ordonnee",
                                              violation_error_message="La fin de la session doit suivre son début.")]

    def __str__(self):
        return f"{self.intitule} — {timezone.localtime(self.debut):%d/%m/%Y %H:%M}"

    @property
    def intitule(self) -> str:
        return self.titre or self.get_programme_display()


class Inscription(ModeleService):
    """A member's registration to a session (from the portal or by the service), with its
    attendance once the session is held."""

    session = models.ForeignKey(SessionCollective, on_delete=models.PROTECT, related_name="inscriptions",
                                verbose_name="session")
    adherent = models.ForeignKey("adherents.Adherent", on_delete=models.PROTECT, related_name="inscriptions_sessions",
                                 verbose_name="adhérent")
    participants = models.PositiveSmallIntegerField("nombre de participants", default=1,
                                                    validators=[MinValueValidator(1), MaxValueValidator(10)])
    noms = models.CharField("noms des participants", max_length=300, blank=True)
    inscrite_le = models.DateTimeField("inscrite le", default=timezone.now)
    inscrite_par = models.ForeignKey("spsti.Utilisateur", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name="inscrite par")
    present = models.BooleanField("présence", null=True, blank=True)

    history = historique()

    class Meta:
        verbose_name = "inscription à une session"
        verbose_name_plural = "inscriptions aux sessions"
        ordering = ["session__debut", "adherent__raison_sociale"]
        constraints = [models.UniqueConstraint(fields=["tenant", "session", "adherent"], name="inscription_unique",
                                               violation_error_message="Cette entreprise est déjà inscrite.")]

    def __str__(self):
        return f"{self.adherent} — {self.session}"


class OutilDUERP(models.TextChoices):
    TABLEUR = "tableur", "Tableur du service"
    OIRA = "oira", "OiRA (outil en ligne INRS / EU-OSHA)"
    MODELE = "modele", "Modèle de document unique du service"


class AccompagnementDUERP(ModeleService):
    """One member's support towards its DUERP: the tool given, the on-site support
    appointment, the follow-up point (seed 001 § 3.2.1). Its action plan is a ``PlanAction``."""

    adherent = models.ForeignKey("adherents.Adherent", on_delete=models.PROTECT, related_name="accompagnements_duerp",
                                 verbose_name="adhérent")
    suivi_par = models.ForeignKey("spsti.Rattachement", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name="suivi par")
    ouvert_le = models.DateField("ouvert le", default=timezone.localdate)
    outil = models.CharField("outil remis", max_length=10, choices=OutilDUERP.choices, blank=True)
    outil_remis_le = models.DateField("outil remis le", null=True, blank=True)
    lien_oira = models.URLField("lien OiRA", blank=True, help_text="Outil sectoriel OiRA conseillé à l'entreprise.")
    accompagnement_sur_site_le = models.DateField(
        "accompagnement en entreprise le", null=True, blank=True,
        help_text="Rendez-vous d'aide à l'évaluation des risques (à enregistrer aussi comme action en milieu de "
                  "travail).")
    point_suivi_prevu_le = models.DateField("point de suivi prévu le", null=True, blank=True)
    point_suivi_fait_le = models.DateField("point de suivi fait le", null=True, blank=True)
    notes = models.TextField("notes", blank=True)

    history = historique()

    class Meta:
        verbose_name = "accompagnement DUERP"
        verbose_name_plural = "accompagnements DUERP"
        ordering = ["-ouvert_le", "-pk"]

    def __str__(self):
        return f"Accompagnement DUERP — {self.adherent} ({self.ouvert_le:%d/%m/%Y})"

    def clean(self):
        if self.outil_remis_le and not self.outil:
            raise ValidationError({"outil": "Indiquez l'outil remis."})
        if self.outil == OutilDUERP.OIRA and self.outil_remis_le and not self.lien_oira:
            raise ValidationError({"lien_oira": "Indiquez le lien de l'outil OiRA conseillé."})
        for champ in ("outil_remis_le", "accompagnement_sur_site_le", "point_suivi_fait_le"):
            jour = getattr(self, champ)
            if jour and jour > timezone.localdate():
                raise ValidationError({champ: "Cette date est à venir : enregistrez-la une fois faite."})


class RelaisPrevention(ModeleService):
    """A member's path in the "Relais de prévention" (seed 001 § 3.3): the future health and
    safety referent, the commitment contract the employer signs, the visit, the follow-up one
    year on and the label. Modules come from attendance at the module sessions; progress
    points are the action plan's."""

    adherent = models.ForeignKey("adherents.Adherent", on_delete=models.PROTECT, related_name="relais_prevention",
                                 verbose_name="adhérent")
    relais_nom = models.CharField("relais (futur référent santé-sécurité)", max_length=150)
    relais_fonction = models.CharField("fonction du relais", max_length=150, blank=True)
    proposee_le = models.DateField("démarche proposée le", default=timezone.localdate)
    proposee_par = models.ForeignKey("spsti.Rattachement", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name="proposée par")
    contrat_signe_le = models.DateField("contrat d'engagement signé le", null=True, blank=True)
    contrat_signe_par = models.ForeignKey("spsti.Utilisateur", on_delete=models.PROTECT, null=True, blank=True,
                                          related_name="+", verbose_name="contrat signé par")
    visite_le = models.DateField("visite en entreprise le", null=True, blank=True)
    suivi_un_an_le = models.DateField("suivi à un an fait le", null=True, blank=True)
    label_le = models.DateField("label « Relais de prévention » obtenu le", null=True, blank=True)
    abandonnee_le = models.DateField("démarche abandonnée le", null=True, blank=True)

    history = historique()

    class Meta:
        verbose_name = "relais de prévention"
        verbose_name_plural = "relais de prévention"
        ordering = ["-proposee_le", "-pk"]

    def __str__(self):
        return f"Relais de prévention — {self.adherent} ({self.relais_nom})"

    @property
    def fin_modules(self):
        return rules.fin_modules_relais(self.contrat_signe_le) if self.contrat_signe_le else None

    def clean(self):
        if self.visite_le and not self.contrat_signe_le:
            raise ValidationError({"visite_le": "La visite suit la signature du contrat d'engagement."})
        if self.suivi_un_an_le and not self.visite_le:
            raise ValidationError({"suivi_un_an_le": "Le suivi à un an suit la visite en entreprise."})
        if self.contrat_signe_le and self.contrat_signe_le < self.proposee_le:
            raise ValidationError({"contrat_signe_le": "Le contrat ne peut précéder la proposition."})


class PlanAction(ModeleService):
    """The member's prevention action plan, from its DUERP support or its Relais de prévention:
    it counts once it holds at least three priority actions."""

    adherent = models.ForeignKey("adherents.Adherent", on_delete=models.PROTECT, related_name="plans_action",
                                 verbose_name="adhérent")
    titre = models.CharField("titre", max_length=150, default="Plan d'action de prévention")
    cree_le = models.DateField("établi le", default=timezone.localdate)
    accompagnement = models.ForeignKey(AccompagnementDUERP, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="plans", verbose_name="accompagnement DUERP")
    relais = models.ForeignKey(RelaisPrevention, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="plans", verbose_name="relais de prévention")

    history = historique()

    class Meta:
        verbose_name = "plan d'action"
        verbose_name_plural = "plans d'action"
        ordering = ["-cree_le", "-pk"]

    def __str__(self):
        return f"{self.titre} — {self.adherent} ({self.cree_le:%d/%m/%Y})"


class StatutActionPlan(models.TextChoices):
    A_FAIRE = "a_faire", "À faire"
    EN_COURS = "en_cours", "En cours"
    FAITE = "faite", "Réalisée"
    ABANDONNEE = "abandonnee", "Abandonnée"


class ActionPlan(ModeleService):
    """An action of the plan (a progress point for a Relais): what, who, by when, how far."""

    plan = models.ForeignKey(PlanAction, on_delete=models.CASCADE, related_name="actions", verbose_name="plan")
    intitule = models.CharField("action", max_length=250)
    famille = models.ForeignKey("fiche_entreprise.FamilleRisque", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name="risque visé")
    responsable = models.CharField("responsable dans l'entreprise", max_length=150)
    echeance = models.DateField("échéance")
    statut = models.CharField("avancement", max_length=12, choices=StatutActionPlan.choices,
                              default=StatutActionPlan.A_FAIRE)
    prioritaire = models.BooleanField("prioritaire", default=True)

    history = historique()

    class Meta:
        verbose_name = "action du plan"
        verbose_name_plural = "actions du plan"
        ordering = ["-prioritaire", "echeance", "pk"]
        indexes = [models.Index(fields=["tenant", "echeance"], name="action_plan_tenant_echeance")]

    def __str__(self):
        return self.intitule


class DocumentDUERP(ModeleService):
    """A version of the member's DUERP as filed (portal or service). Kept at least 40 years
    (L4121-3-1): never changed nor deleted; a new version supersedes it."""

    adherent = models.ForeignKey("adherents.Adherent", on_delete=models.PROTECT, related_name="documents_duerp",
                                 verbose_name="adhérent")
    version = models.PositiveIntegerField("version")
    fichier = models.FileField("fichier", upload_to="duerp/%Y/")
    mis_a_jour_le = models.DateField("DUERP mis à jour le",
                                     help_text="Date de la mise à jour portée sur le document.")
    depose_le = models.DateTimeField("déposé le", default=timezone.now)
    depose_par = models.ForeignKey("spsti.Utilisateur", on_delete=models.PROTECT, related_name="+",
                                   verbose_name="déposé par")
    commentaire = models.CharField("commentaire", max_length=300, blank=True)

    objects = ServiceManager.from_queryset(DocumentConserveQuerySet)()
    tous_services = models.Manager.from_queryset(DocumentConserveQuerySet)()
    history = historique()

    class Meta:
        verbose_name = "version du DUERP"
        verbose_name_plural = "versions du DUERP"
        ordering = ["adherent", "-version"]
        constraints = [models.UniqueConstraint(fields=["tenant", "adherent", "version"],
                                               name="duerp_version_unique")]
        triggers = immuable("duerp_version")

    def __str__(self):
        return f"DUERP v{self.version} de {self.adherent} (mis à jour le {self.mis_a_jour_le:%d/%m/%Y})"

    @property
    def conserver_jusqu_au(self):
        return rules.conserver_jusqu_au(self.mis_a_jour_le)

    @property
    def nom_fichier(self) -> str:
        return self.fichier.name.rsplit("/", 1)[-1]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionDenied("Une version du DUERP ne se modifie pas : déposez une nouvelle version.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Une version du DUERP ne se supprime pas : elle est conservée 40 ans (L4121-3-1).")
