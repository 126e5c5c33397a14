"""Offers (socle, complémentaire, spécifique), their yearly price grids, subscriptions and
requests, the yearly cotisation call, invoices and credit notes, payments, no-show fees and the
self-employed affiliation.

Issued invoices and their lines are immutable: the ORM refuses to change them and, on
PostgreSQL, a trigger refuses UPDATE and DELETE (migration 0002). A correction is a credit note.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from simple_history.models import HistoricalRecords

from spsti.permissions import Role
from spsti.tenancy import ModeleService, ServiceManager, historique

from . import rules

ARGENT = {"max_digits": 12, "decimal_places": 2}


class CoutMoyenNational(models.Model):
    """The national average cost per worker fixed yearly by arrêté (D4622-27-4): platform data,
    the same for every service, edited by the platform administrator."""

    annee = models.PositiveSmallIntegerField("année", unique=True)
    montant = models.DecimalField("coût moyen national (€ HT par salarié)", **ARGENT)
    reference = models.CharField("arrêté de référence", max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "coût moyen national"
        verbose_name_plural = "coûts moyens nationaux"
        ordering = ["-annee"]

    def __str__(self):
        return f"{self.annee} : {self.montant} €"


def cout_moyen_national(annee: int) -> Decimal | None:
    return CoutMoyenNational.objects.filter(annee=annee).values_list("montant", flat=True).first()


class TypeOffre(models.TextChoices):
    SOCLE = "socle", "Offre socle"
    COMPLEMENTAIRE = "complementaire", "Offre complémentaire"
    SPECIFIQUE = "specifique", "Offre spécifique"


class Offre(ModeleService):
    """A service of the catalogue. The socle is paid by the cotisation (L4622-6); complementary
    and specific offers are invoiced from their grid. Published on the service's public page
    (L4622-16-1)."""

    type = models.CharField("type d'offre", max_length=16, choices=TypeOffre.choices)
    code = models.SlugField("code", max_length=40)
    nom = models.CharField("nom", max_length=150)
    description = models.TextField("contenu", blank=True)
    role_responsable = models.CharField(
        "rôle qui la réalise", max_length=32, blank=True,
        choices=[(r.value, r.label) for r in Role if r != Role.ADHERENT])
    equipe = models.ForeignKey("spsti.Equipe", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name="équipe qui la réalise")
    publique = models.BooleanField("publiée sur la page publique", default=True)
    active = models.BooleanField("active", default=True)
    ordre = models.PositiveSmallIntegerField("ordre", default=0)

    history = historique()

    class Meta:
        verbose_name = "offre"
        ordering = ["type", "ordre", "nom"]
        constraints = [models.UniqueConstraint(fields=["tenant", "code"], name="offre_code_unique",
                                               violation_error_message="Une offre porte déjà ce code.")]

    def __str__(self):
        return self.nom


class ModeTarif(models.TextChoices):
    PAR_SALARIE = rules.Mode.PAR_SALARIE, "Par salarié"
    PAR_CATEGORIE = rules.Mode.PAR_CATEGORIE, "Par salarié, selon la catégorie de suivi"
    HORAIRE = rules.Mode.HORAIRE, "À l'heure"
    ACTE = rules.Mode.ACTE, "À l'acte"
    FORFAIT = rules.Mode.FORFAIT, "Forfait"
    TRANCHE = rules.Mode.TRANCHE, "Selon la tranche d'effectif"


MODES_PAR_SALARIE = (ModeTarif.PAR_SALARIE, ModeTarif.PAR_CATEGORIE)


class GrilleTarifaire(ModeleService):
    """The yearly price of an offer, approved by the general assembly (L4622-6)."""

    offre = models.ForeignKey(Offre, on_delete=models.PROTECT, related_name="grilles", verbose_name="offre")
    annee = models.PositiveSmallIntegerField("année de validité")
    mode = models.CharField("mode de tarification", max_length=16, choices=ModeTarif.choices)
    prix = models.DecimalField("prix unitaire (€ HT)", default=Decimal("0"), validators=[MinValueValidator(0)],
                               **ARGENT)
    prix_categories = models.JSONField(
        "prix par catégorie de suivi", default=dict, blank=True,
        help_text="Par exemple {\"SI\": \"110.00\", \"SIA\": \"115.00\", \"SIR\": \"130.00\"}.")
    tranches = models.JSONField(
        "tranches d'effectif", default=list, blank=True,
        help_text="Liste de [effectif maximal, montant] croissante ; effectif maximal vide pour la dernière.")
    minimum = models.DecimalField("minimum par adhérent (€ HT)", default=Decimal("0"), **ARGENT)
    droit_entree = models.DecimalField("droit d'entrée (€ HT)", default=Decimal("0"), **ARGENT)
    taux_tva = models.DecimalField("taux de TVA (%)", max_digits=4, decimal_places=2, default=Decimal("20.00"))
    date_approbation_ag = models.DateField("approuvée par l'assemblée générale le", null=True, blank=True)
    decision_ag_hors_bande = models.TextField(
        "décision de l'assemblée générale hors fourchette", blank=True,
        help_text="Obligatoire si la cotisation par salarié sort de 80 % à 120 % du coût moyen national "
                  "(art. D4622-27-5 et D4622-27-6) : date, motif.")

    history = historique()

    class Meta:
        verbose_name = "grille tarifaire"
        ordering = ["-annee", "offre__type", "offre__nom"]
        constraints = [models.UniqueConstraint(
            fields=["tenant", "offre", "annee"], name="grille_offre_annee_unique",
            violation_error_message="Cette offre a déjà une grille pour cette année.")]

    def __str__(self):
        return f"{self.offre} — {self.annee}"

    @property
    def tarif(self) -> rules.Tarif:
        return rules.Tarif(mode=self.mode, prix=self.prix, prix_categories=self.prix_categories,
                           tranches=tuple((t[0], Decimal(str(t[1]))) for t in self.tranches),
                           minimum=self.minimum)

    def prix_par_salarie(self) -> list[Decimal]:
        """The per-worker prices the band applies to (one per category when priced by category)."""
        if self.mode == ModeTarif.PAR_SALARIE:
            return [self.prix]
        if self.mode == ModeTarif.PAR_CATEGORIE:
            return [Decimal(str(v)) for v in self.prix_categories.values()] or [self.prix]
        return []

    def clean(self):
        if self.mode == ModeTarif.PAR_CATEGORIE:
            try:
                {k: Decimal(str(v)) for k, v in self.prix_categories.items()}
            except (ArithmeticError, AttributeError) as erreur:
                message = "Indiquez un prix en euros pour chaque catégorie."
                raise ValidationError({"prix_categories": message}) from erreur
        if self.mode == ModeTarif.TRANCHE and not self.tranches:
            raise ValidationError({"tranches": "Indiquez au moins une tranche d'effectif."})
        if self.offre_id and self.offre.type == TypeOffre.SOCLE:
            national = cout_moyen_national(self.annee)
            for prix in self.prix_par_salarie():
                erreur = rules.erreur_bande(prix, national, self.decision_ag_hors_bande)
                if erreur:
                    raise ValidationError({"decision_ag_hors_bande": erreur})


class ChargesSocle(ModeleService):
    """The socle's operating charges of a year: with the workers invoiced that year, the
    service's own average cost (D4622-27-4)."""

    annee = models.PositiveSmallIntegerField("année")
    montant = models.DecimalField("charges de fonctionnement de l'offre socle (€)", **ARGENT)

    history = historique()

    class Meta:
        verbose_name = "charges de l'offre socle"
        verbose_name_plural = "charges de l'offre socle"
        constraints = [models.UniqueConstraint(fields=["tenant", "annee"], name="charges_socle_annee_unique")]


class CompteurFacture(ModeleService):
    """The last number given for a year: locked ``FOR UPDATE`` while an invoice is numbered, so
    numbers have no gap and no duplicate (CGI art. 242 nonies A)."""

    annee = models.PositiveSmallIntegerField("année")
    dernier = models.PositiveIntegerField("dernier rang", default=0)

    class Meta:
        verbose_name = "compteur de factures"
        constraints = [models.UniqueConstraint(fields=["tenant", "annee"], name="compteur_facture_unique")]


class StatutAppel(models.TextChoices):
    EN_COURS = "en_cours", "Émission en cours"
    TERMINE = "termine", "Émis"
    ECHEC = "echec", "Interrompu"


class AppelCotisation(ModeleService):
    """The yearly cotisation call: one invoice per member, issued by one task."""

    annee = models.PositiveSmallIntegerField("année")
    statut = models.CharField("statut", max_length=16, choices=StatutAppel.choices, default=StatutAppel.EN_COURS)
    a_emettre = models.PositiveIntegerField("factures à émettre", default=0)
    emises = models.PositiveIntegerField("factures émises", default=0)
    lance_le = models.DateTimeField("lancé le", default=timezone.now)
    lance_par = models.ForeignKey("spsti.Utilisateur", on_delete=models.PROTECT, related_name="+",
                                  verbose_name="lancé par")
    termine_le = models.DateTimeField("terminé le", null=True, blank=True)

    history = historique()

    class Meta:
        verbose_name = "appel de cotisations"
        verbose_name_plural = "appels de cotisations"
        ordering = ["-annee"]
        constraints = [models.UniqueConstraint(fields=["tenant", "annee"], name="appel_annee_unique",
                                               violation_error_message="L'appel de cette année existe déjà.")]

    def __str__(self):
        return f"Appel de cotisations {self.annee}"


class NatureFacture(models.TextChoices):
    FACTURE = "facture", "Facture"
    AVOIR = "avoir", "Avoir"


class FactureQuerySet(models.QuerySet):
    def avec_reste(self):
        """Each invoice with ``reste``, what is still owed on it: its amount less its payments and
        its credit notes (nothing on a credit note), computed by the database."""
        def total(modele, cle, montant):  # correlated to the outer invoice, whose service is already filtered
            somme = (modele._base_manager.filter(**{cle: models.OuterRef("pk")}).values(cle)
                     .annotate(s=models.Sum(montant)).values("s"))
            return Coalesce(models.Subquery(somme), models.Value(Decimal("0.00")))
        du = models.F("montant_ttc") - total(Paiement, "facture", "montant") - total(Facture, "facture_origine",
                                                                                       "montant_ttc")
        return self.annotate(reste=models.Case(models.When(nature=NatureFacture.AVOIR, then=models.Value(Decimal("0"))),
                                               default=du, output_field=models.DecimalField(**ARGENT)))

    def update(self, **kwargs):
        raise PermissionDenied("Une facture émise ne se modifie pas : émettez un avoir.")

    def delete(self):
        raise PermissionDenied("Une facture émise ne se supprime pas : émettez un avoir.")


class Immuable(models.Model):
    """Written once: the ORM refuses later saves and deletions (and a trigger does in the database)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionDenied("Une facture émise ne se modifie pas : émettez un avoir.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Une facture émise ne se supprime pas : émettez un avoir.")


class Facture(Immuable, ModeleService):
    """An issued invoice or credit note, with the identities as they were at issue."""

    nature = models.CharField("nature", max_length=8, choices=NatureFacture.choices, default=NatureFacture.FACTURE)
    numero = models.CharField("numéro", max_length=20)
    annee = models.PositiveSmallIntegerField("année")
    adherent = models.ForeignKey("adherents.Adherent", on_delete=models.PROTECT, related_name="factures",
                                 verbose_name="adhérent")
    objet = models.CharField("objet", max_length=255)
    emise_le = models.DateField("émise le")
    echeance = models.DateField("échéance")
    appel = models.ForeignKey(AppelCotisation, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="factures", verbose_name="appel de cotisations")
    facture_origine = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="avoirs", verbose_name="facture corrigée")
    motif = models.TextField("motif de l'avoir", blank=True)
    montant_ht = models.DecimalField("total HT", **ARGENT)
    montant_tva = models.DecimalField("TVA", **ARGENT)
    montant_ttc = models.DecimalField("total TTC", **ARGENT)
    vendeur = models.JSONField("vendeur (à l'émission)")
    acheteur = models.JSONField("acheteur (à l'émission)")
    emise_par = models.ForeignKey("spsti.Utilisateur", on_delete=models.PROTECT, related_name="+",
                                  verbose_name="émise par")

    objects = ServiceManager.from_queryset(FactureQuerySet)()
    tous_services = models.Manager.from_queryset(FactureQuerySet)()

    class Meta:
        verbose_name = "facture"
        ordering = ["-annee", "-numero"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "numero"], name="facture_numero_unique"),
            # the yearly call issues one invoice per member, whatever the number of runs
            models.UniqueConstraint(fields=["tenant", "appel", "adherent"], condition=models.Q(nature="facture"),
                                    name="facture_appel_adherent_unique"),
            models.CheckConstraint(condition=models.Q(nature="facture") | models.Q(facture_origine__isnull=False),
                                   name="avoir_sur_facture"),
        ]
        indexes = [models.Index(fields=["tenant", "adherent", "emise_le"]),
                   models.Index(fields=["tenant", "echeance"])]

    def __str__(self):
        return f"{self.get_nature_display()} n° {self.numero}"

    @property
    def signe(self) -> int:
        return -1 if self.nature == NatureFacture.AVOIR else 1


class LigneFacture(Immuable, ModeleService):
    facture = models.ForeignKey(Facture, on_delete=models.PROTECT, related_name="lignes", verbose_name="facture")
    offre = models.ForeignKey(Offre, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name="offre")
    libelle = models.CharField("désignation", max_length=255)
    quantite = models.DecimalField("quantité", max_digits=12, decimal_places=3)
    prix_unitaire = models.DecimalField("prix unitaire HT", **ARGENT)
    taux_tva = models.DecimalField("taux de TVA (%)", max_digits=4, decimal_places=2)
    montant_ht = models.DecimalField("montant HT", **ARGENT)

    objects = ServiceManager.from_queryset(FactureQuerySet)()
    tous_services = models.Manager.from_queryset(FactureQuerySet)()

    class Meta:
        verbose_name = "ligne de facture"
        ordering = ["pk"]

    def __str__(self):
        return self.libelle


class ModePaiement(models.TextChoices):
    VIREMENT = "virement", "Virement"
    CHEQUE = "cheque", "Chèque"
    PRELEVEMENT = "prelevement", "Prélèvement SEPA"


class Paiement(ModeleService):
    """A payment received on an invoice (partial payments allowed)."""

    facture = models.ForeignKey(Facture, on_delete=models.PROTECT, related_name="paiements", verbose_name="facture")
    date = models.DateField("reçu le", default=timezone.localdate)
    montant = models.DecimalField("montant", validators=[MinValueValidator(Decimal("0.01"))], **ARGENT)
    mode = models.CharField("mode", max_length=16, choices=ModePaiement.choices)
    reference = models.CharField("référence (n° de chèque, de virement…)", max_length=100, blank=True)
    saisi_par = models.ForeignKey("spsti.Utilisateur", on_delete=models.PROTECT, related_name="+",
                                  verbose_name="saisi par")

    history = historique()

    class Meta:
        verbose_name = "paiement"
        ordering = ["-date"]


class MandatSEPA(ModeleService):
    """A member's SEPA direct-debit mandate (pain.008 files are built from active ones)."""

    adherent = models.ForeignKey("adherents.Adherent", on_delete=models.PROTECT, related_name="mandats_sepa",
                                 verbose_name="adhérent")
    reference = models.CharField("référence unique du mandat (RUM)", max_length=35)
    iban = models.CharField("IBAN", max_length=34)
    bic = models.CharField("BIC", max_length=11)
    signe_le = models.DateField("signé le")
    actif = models.BooleanField("actif", default=True)

    history = historique()

    class Meta:
        verbose_name = "mandat SEPA"
        constraints = [models.UniqueConstraint(fields=["tenant", "reference"], name="mandat_reference_unique")]


class Souscription(ModeleService):
    adherent = models.ForeignKey("adherents.Adherent", on_delete=models.PROTECT, related_name="souscriptions",
                                 verbose_name="adhérent")
    offre = models.ForeignKey(Offre, on_delete=models.PROTECT, related_name="souscriptions", verbose_name="offre")
    debut = models.DateField("depuis le", default=timezone.localdate)
    fin = models.DateField("jusqu'au", null=True, blank=True)

    history = historique()

    class Meta:
        verbose_name = "souscription"
        ordering = ["-debut"]


class StatutDemande(models.TextChoices):
    DEMANDEE = "demandee", "Demandée"
    DEVIS = "devis", "Devis envoyé"
    ACCEPTEE = "acceptee", "Devis accepté"
    REALISEE = "realisee", "Réalisée"
    FACTUREE = "facturee", "Facturée"
    REFUSEE = "refusee", "Refusée"


class DemandeOffre(ModeleService):
    """A member's request for a complementary service, in its own words, tracked from the
    request to the quote, its acceptance, the delivery and the invoice."""

    adherent = models.ForeignKey("adherents.Adherent", on_delete=models.PROTECT, related_name="demandes_offre",
                                 verbose_name="adhérent")
    offre = models.ForeignKey(Offre, on_delete=models.PROTECT, related_name="demandes", verbose_name="offre")
    besoin = models.TextField("votre besoin")
    statut = models.CharField("statut", max_length=16, choices=StatutDemande.choices, default=StatutDemande.DEMANDEE)
    demandee_le = models.DateTimeField("demandée le", default=timezone.now)
    demandee_par = models.ForeignKey("spsti.Utilisateur", on_delete=models.PROTECT, related_name="+",
                                     verbose_name="demandée par")
    quantite = models.DecimalField("quantité (heures, actes)", max_digits=8, decimal_places=2, default=Decimal("1"))
    montant_devis = models.DecimalField("montant du devis (€ HT)", null=True, blank=True, **ARGENT)
    devis_le = models.DateField("devis envoyé le", null=True, blank=True)
    acceptee_le = models.DateField("acceptée le", null=True, blank=True)
    realisee_le = models.DateField("réalisée le", null=True, blank=True)
    action = models.ForeignKey("fiche_entreprise.ActionMilieuTravail", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="+", verbose_name="action en milieu de travail")
    session = models.ForeignKey("duerp.SessionCollective", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name="session collective")
    visite = models.ForeignKey("suivi_individuel.Visite", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name="visite")
    facture = models.ForeignKey(Facture, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name="facture")
    # mediation (seed 000): the mediator, the sessions and the outcome
    mediateur = models.ForeignKey("spsti.Rattachement", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name="médiateur")
    seances = models.PositiveSmallIntegerField("séances tenues", default=0)
    issue = models.TextField("issue", blank=True)

    history = historique()

    class Meta:
        verbose_name = "demande d'offre"
        verbose_name_plural = "demandes d'offres"
        ordering = ["-demandee_le"]
        indexes = [models.Index(fields=["tenant", "statut"])]

    def __str__(self):
        return f"{self.offre} pour {self.adherent}"


class StatutFrais(models.TextChoices):
    PROPOSES = "proposes", "À décider"
    CONFIRMES = "confirmes", "Confirmés"
    RENONCES = "renonces", "Abandonnés"


class FraisAbsence(ModeleService):
    """A no-show fee proposed from a missed visit not cancelled in time; accounting confirms it or
    waives it with a reason. Never blocks the worker's legal visit."""

    visite = models.ForeignKey("suivi_individuel.Visite", on_delete=models.PROTECT, related_name="+",
                               verbose_name="visite manquée")
    adherent = models.ForeignKey("adherents.Adherent", on_delete=models.PROTECT, related_name="frais_absence",
                                 verbose_name="employeur")
    montant = models.DecimalField("montant (€ HT)", **ARGENT)
    statut = models.CharField("statut", max_length=16, choices=StatutFrais.choices, default=StatutFrais.PROPOSES)
    motif = models.TextField("motif de l'abandon", blank=True)
    decide_par = models.ForeignKey("spsti.Utilisateur", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name="décidé par")
    decide_le = models.DateTimeField("décidé le", null=True, blank=True)
    facture = models.ForeignKey(Facture, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name="facture")

    history = historique()

    class Meta:
        verbose_name = "frais d'absence"
        verbose_name_plural = "frais d'absence"
        constraints = [
            models.UniqueConstraint(fields=["tenant", "visite"], name="frais_absence_visite_unique"),
            models.CheckConstraint(condition=~models.Q(statut="renonces") | ~models.Q(motif=""),
                                   name="frais_renonces_motives"),
        ]


class AffiliationIndependant(ModeleService):
    """A self-employed worker's yearly affiliation to the specific offer: at least one year, no
    tacit renewal (décret 2022-681, D4622-27-1 to D4622-27-3): renewing creates the next one."""

    adherent = models.ForeignKey("adherents.Adherent", on_delete=models.PROTECT, related_name="affiliations",
                                 verbose_name="travailleur indépendant")
    debut = models.DateField("du")
    fin = models.DateField("au")
    renouvelle = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="renouvellement", verbose_name="renouvelle l'affiliation")
    facture = models.ForeignKey(Facture, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name="facture")

    history = historique()

    class Meta:
        verbose_name = "affiliation de travailleur indépendant"
        verbose_name_plural = "affiliations de travailleurs indépendants"
        ordering = ["-debut"]
        constraints = [models.CheckConstraint(condition=models.Q(fin__gt=models.F("debut")),
                                              name="affiliation_fin_apres_debut")]

    def en_cours(self, aujourd_hui) -> bool:
        return rules.affiliation_en_cours(self.debut, self.fin, aujourd_hui)


class DiagnosticEpuisement(models.TextChoices):
    ABSENT = "absent", "Pas d'épuisement professionnel"
    RISQUE = "risque", "Risque d'épuisement : surveillance"
    EPUISEMENT = "epuisement", "Épuisement professionnel (burn-out)"


class Accompagnement(models.TextChoices):
    AUCUN = "aucun", "Aucun accompagnement nécessaire"
    PSYCHOLOGUE = "psychologue", "Entretiens avec un psychologue du travail"
    MEDECIN = "medecin", "Visite avec le médecin du travail"
    CELLULE_PDP = "cellule_pdp", "Orientation vers la cellule PDP"
    ATELIER = "atelier", "Atelier de codéveloppement entre indépendants"
    REFUSE = "refuse", "Accompagnement proposé, refusé"


class QuestionnaireEpuisement(ModeleService):
    """The burnout questionnaire a self-employed member fills from the portal (seeds 000 and
    003): its balance of resources and strains, then the diagnosis and the support the medical
    team offers. Medical content: its physicians and nurses only, every read logged."""

    adherent = models.ForeignKey("adherents.Adherent", on_delete=models.PROTECT, related_name="+",
                                 verbose_name="travailleur indépendant")
    salarie = models.ForeignKey("adherents.Salarie", on_delete=models.PROTECT, related_name="+",
                                verbose_name="personne suivie")
    repondu_le = models.DateTimeField("répondu le", default=timezone.now)
    reponses = models.JSONField("réponses")
    ressources = models.PositiveSmallIntegerField("score des ressources")
    contraintes = models.PositiveSmallIntegerField("score des contraintes")
    diagnostic = models.CharField("diagnostic", max_length=12, choices=DiagnosticEpuisement.choices, blank=True)
    accompagnement = models.CharField("accompagnement proposé", max_length=12, choices=Accompagnement.choices,
                                      blank=True)
    note = models.TextField("note de l'équipe médicale", blank=True)
    examine_par = models.ForeignKey("spsti.Rattachement", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name="examiné par")
    examine_le = models.DateTimeField("examiné le", null=True, blank=True)

    history = historique()

    class Meta:
        verbose_name = "questionnaire d'épuisement professionnel"
        verbose_name_plural = "questionnaires d'épuisement professionnel"
        ordering = ["-repondu_le"]

    def __str__(self):
        return f"Questionnaire de {self.salarie} du {timezone.localtime(self.repondu_le):%d/%m/%Y}"

    @property
    def resultat(self) -> rules.BalanceEpuisement:
        return rules.BalanceEpuisement(self.ressources, self.contraintes)
