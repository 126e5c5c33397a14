"""Member companies (adhérents): their establishments, contacts, workers and portal accesses."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.utils import timezone

from spsti.permissions import Role
from spsti.plausibilite import erreurs_adhesion, erreurs_embauche, erreurs_naissance, erreurs_sortie
from spsti.tenancy import ModeleService, historique, service_actif
from spsti.validators import valider_code_postal, valider_nir, valider_siren, valider_siret, valider_telephone
from spsti.verrou import ModeleVersionne


class CodeNAF(models.Model):
    """A sub-class of the French activity nomenclature NAF rév. 2 (INSEE), shared by every
    service (reference data, see adherents/data/)."""

    code = models.CharField("code NAF", max_length=6, primary_key=True)
    libelle = models.CharField("libellé", max_length=255)

    class Meta:
        verbose_name = "code NAF rév. 2"
        verbose_name_plural = "codes NAF rév. 2"
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} — {self.libelle}"

    @staticmethod
    def normaliser(saisie: str) -> str:
        """'1071c', '10.71C', '10 71 C' → '10.71C'; a beginning ('4321') → '43.21'."""
        brut = "".join(c for c in saisie.upper() if c.isalnum())
        return f"{brut[:2]}.{brut[2:]}" if len(brut) > 2 else brut


class TrancheEffectif(models.TextChoices):
    MOINS_11 = "0-10", "Moins de 11 salariés"
    DE_11_A_49 = "11-49", "11 à 49 salariés"
    DE_50_A_249 = "50-249", "50 à 249 salariés"
    PLUS_250 = "250+", "250 salariés et plus"


def tranche_effectif(effectif: int) -> str:
    for plafond, tranche in ((10, TrancheEffectif.MOINS_11), (49, TrancheEffectif.DE_11_A_49),
                             (249, TrancheEffectif.DE_50_A_249)):
        if effectif <= plafond:
            return tranche
    return TrancheEffectif.PLUS_250


class StatutAdherent(models.TextChoices):
    PROSPECT = "prospect", "Prospect"
    ACTIF = "actif", "Actif"
    RADIE = "radie", "Démissionnaire / radié"


class Adherent(ModeleService, ModeleVersionne):
    """A member company (one SIREN), with its establishments (one SIRET each)."""

    siren = models.CharField("SIREN", max_length=9, validators=[valider_siren])
    raison_sociale = models.CharField("raison sociale", max_length=200)
    enseigne = models.CharField("enseigne", max_length=200, blank=True)
    code_naf = models.ForeignKey(CodeNAF, on_delete=models.PROTECT, related_name="+",
                                 verbose_name="code NAF")
    adresse = models.CharField("adresse", max_length=255, blank=True)
    code_postal = models.CharField("code postal", max_length=5, blank=True, validators=[valider_code_postal])
    ville = models.CharField("ville", max_length=120, blank=True)
    effectif = models.PositiveIntegerField(
        "effectif", default=0, editable=False,
        help_text="Salariés ayant un emploi en cours chez l'adhérent, chacun comptant pour un (art. L4622-6) : "
                  "tenu à jour par leurs emplois.")
    statut = models.CharField("statut", max_length=16, choices=StatutAdherent.choices,
                              default=StatutAdherent.ACTIF)
    date_adhesion = models.DateField("date d'adhésion", default=timezone.localdate)
    date_radiation = models.DateField("date de démission / radiation", null=True, blank=True)
    centre = models.ForeignKey("spsti.Centre", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="adherents", verbose_name="centre")
    equipe = models.ForeignKey("spsti.Equipe", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="adherents", verbose_name="équipe (UST)")
    medecin = models.ForeignKey("spsti.Rattachement", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="adherents_suivis", verbose_name="médecin du travail",
                                limit_choices_to={"role": "medecin"})
    injoignable = models.BooleanField("injoignable", default=False,
                                      help_text="Coordonnées erronées ou sans réponse : à reprendre en priorité.")
    note_injoignable = models.CharField("précision sur l'injoignabilité", max_length=255, blank=True)
    idcc = models.CharField("IDCC de la convention collective", max_length=4, blank=True,
                            validators=[RegexValidator(r"^\d{1,4}$", "L'IDCC est un numéro de 1 à 4 chiffres.")],
                            help_text="Fixe l'âge de la visite de mi-carrière de la branche (L4624-2-2).")

    history = historique()

    class Meta:
        verbose_name = "adhérent"
        ordering = ["raison_sociale"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "siren"], name="adherent_siren_unique",
                                    violation_error_message="Cette entreprise (SIREN) est déjà adhérente du service."),
            models.CheckConstraint(condition=models.Q(date_radiation__isnull=True) | models.Q(statut="radie"),
                                   name="date_radiation_si_radie"),
        ]
        indexes = [models.Index(fields=["tenant", "statut"]), models.Index(fields=["tenant", "effectif"])]

    def clean(self):
        if self.statut == StatutAdherent.RADIE and not self.date_radiation:
            raise ValidationError({"date_radiation": "Indiquez la date de démission ou de radiation."})
        if self.statut != StatutAdherent.RADIE and self.date_radiation:
            raise ValidationError({"date_radiation": "Seul un adhérent radié a une date de radiation."})
        if self.date_radiation and self.date_adhesion and self.date_radiation < self.date_adhesion:
            raise ValidationError({"date_radiation": "La radiation ne peut précéder l'adhésion."})
        if erreurs := erreurs_adhesion(self.date_adhesion):
            raise ValidationError(erreurs)

    def __str__(self):
        return self.raison_sociale

    @property
    def tranche_effectif(self) -> str:
        return tranche_effectif(self.effectif)

    def get_tranche_effectif_display(self) -> str:
        return TrancheEffectif(self.tranche_effectif).label


class Etablissement(ModeleService):
    """An establishment (SIRET) of a member: the head office or a site, with its workforce and
    the centre that follows it."""

    adherent = models.ForeignKey(Adherent, on_delete=models.CASCADE, related_name="etablissements",
                                 verbose_name="adhérent")
    siret = models.CharField("SIRET", max_length=14, validators=[valider_siret])
    siege = models.BooleanField("siège social", default=False)
    nom = models.CharField("nom de l'établissement", max_length=200, blank=True)
    adresse = models.CharField("adresse", max_length=255, blank=True)
    code_postal = models.CharField("code postal", max_length=5, blank=True, validators=[valider_code_postal])
    ville = models.CharField("ville", max_length=120, blank=True)
    effectif = models.PositiveIntegerField(
        "effectif indiqué", default=0,
        help_text="Indicatif, pour la fiche d'entreprise : l'effectif de l'adhérent est celui de ses salariés "
                  "déclarés.")
    centre = models.ForeignKey("spsti.Centre", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="etablissements", verbose_name="centre")

    history = historique()

    class Meta:
        verbose_name = "établissement"
        ordering = ["-siege", "siret"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "siret"], name="etablissement_siret_unique",
                                    violation_error_message="Cet établissement (SIRET) est déjà enregistré."),
            models.UniqueConstraint(fields=["tenant", "adherent"], condition=models.Q(siege=True),
                                    name="un_seul_siege",
                                    violation_error_message="Cet adhérent a déjà un siège social."),
        ]

    def __str__(self):
        return f"{self.nom or self.adherent} — {self.ville or self.siret}"

    def clean(self):
        if self.siret and self.adherent_id and not self.siret.startswith(self.adherent.siren):
            raise ValidationError({"siret": f"Le SIRET doit commencer par le SIREN de l'adhérent "
                                            f"({self.adherent.siren})."})


class RoleContact(models.TextChoices):
    EMPLOYEUR = "employeur", "Employeur / dirigeant"
    RH = "rh", "Ressources humaines"
    PREVENTION = "prevention", "Chargé·e de prévention"
    REFERENT_SECURITE = "referent_securite", "Référent·e santé-sécurité"
    CABINET_COMPTABLE = "cabinet_comptable", "Cabinet comptable"
    FACTURATION = "facturation", "Contact facturation"


class Contact(ModeleService):
    adherent = models.ForeignKey(Adherent, on_delete=models.CASCADE, related_name="contacts",
                                 verbose_name="adhérent")
    role = models.CharField("rôle", max_length=32, choices=RoleContact.choices)
    nom = models.CharField("nom", max_length=100)
    prenom = models.CharField("prénom", max_length=100, blank=True)
    email = models.EmailField("adresse e-mail", blank=True)
    telephone = models.CharField("téléphone", max_length=20, blank=True, validators=[valider_telephone])

    history = historique()

    class Meta:
        verbose_name = "contact"
        ordering = ["role", "nom"]

    def __str__(self):
        return f"{self.prenom} {self.nom}".strip()

    def clean(self):
        if not (self.email or self.telephone):
            raise ValidationError("Indiquez au moins une adresse e-mail ou un téléphone pour joindre ce contact.")


class CategorieSuivi(models.TextChoices):
    SI = "SI", "Suivi individuel (SI)"
    SIA = "SIA", "Suivi individuel adapté (SIA)"
    SIR = "SIR", "Suivi individuel renforcé (SIR)"


class MotifCategorie(models.TextChoices):
    """Why a worker is in SIR (R4624-23) or SIA (R4624-17, R4624-18, R4624-20)."""

    AMIANTE = "amiante", "SIR — amiante (R4624-23 I 1°)"
    PLOMB = "plomb", "SIR — plomb (R4624-23 I 2°)"
    CMR = "cmr", "SIR — agents cancérogènes, mutagènes ou reprotoxiques (R4624-23 I 3°)"
    AGENTS_BIOLOGIQUES = "agents_biologiques_3_4", "SIR — agents biologiques des groupes 3 et 4 (R4624-23 I 4°)"
    RAYONNEMENTS = "rayonnements_ionisants", "SIR — rayonnements ionisants, catégorie A (R4624-23 I 5°)"
    HYPERBARE = "hyperbare", "SIR — milieu hyperbare (R4624-23 I 6°)"
    ECHAFAUDAGES = "echafaudages", "SIR — montage et démontage d'échafaudages (R4624-23 I 7°)"
    APTITUDE_SPECIFIQUE = "aptitude_specifique", "SIR — poste à examen d'aptitude spécifique (R4624-23 II)"
    LISTE_EMPLOYEUR = "liste_employeur", "SIR — poste ajouté par l'employeur (R4624-23 III)"
    HANDICAP = "handicap", "SIA — travailleur handicapé (R4624-20)"
    INVALIDITE = "invalidite", "SIA — titulaire d'une pension d'invalidité (R4624-20)"
    NUIT = "travail_nuit", "SIA — travail de nuit (R4624-18)"
    MOINS_18 = "moins_18_ans", "SIA — moins de 18 ans (R4624-18)"
    RAYONNEMENTS_B = "rayonnements_categorie_b", "SIR — rayonnements ionisants, catégorie B (R4451-82)"
    CHAMPS_ELECTROMAGNETIQUES = "champs_electromagnetiques", "SIA — champs électromagnétiques (R4624-18)"
    AGENTS_BIOLOGIQUES_2 = "agents_biologiques_2", "SIA — agents biologiques du groupe 2 (R4624-18)"

    @classmethod
    def categorie(cls, motif: str) -> str:
        return CategorieSuivi.SIR if cls(motif).label.startswith("SIR") else CategorieSuivi.SIA


class Salarie(ModeleService, ModeleVersionne):
    """A worker, with its identity (identity vigilance on NIR, name and birth date), its
    follow-up category and reasons, and its employments. The member it is attached to for its
    follow-up (``adherent``: the team that follows it) is one of its employers."""

    nom = models.CharField("nom d'usage", max_length=100)
    nom_naissance = models.CharField("nom de naissance", max_length=100, blank=True)
    prenom = models.CharField("prénom", max_length=100)
    date_naissance = models.DateField("date de naissance")
    sexe = models.CharField("sexe", max_length=1, choices=[("F", "Femme"), ("M", "Homme")])
    nir = models.CharField("NIR", max_length=15, blank=True, validators=[valider_nir],
                           help_text="Numéro de sécurité sociale, 15 caractères, quand il est connu.")
    ins = models.CharField("INS", max_length=15, blank=True, validators=[valider_nir],
                           help_text="Identifiant national de santé qualifié (L4624-8), quand il est connu.")
    email = models.EmailField("adresse e-mail", blank=True,
                              help_text="Pour recevoir ses convocations ; sinon, elles passent par l'employeur.")
    adherent = models.ForeignKey(Adherent, on_delete=models.PROTECT, related_name="salaries",
                                 verbose_name="employeur de rattachement du suivi")
    categorie = models.CharField("catégorie de suivi", max_length=3, choices=CategorieSuivi.choices,
                                 default=CategorieSuivi.SI)
    motifs_categorie = models.JSONField("motifs de la catégorie", default=list, blank=True)

    history = historique()

    class Meta:
        verbose_name = "salarié"
        ordering = ["nom", "prenom"]
        indexes = [models.Index(fields=["tenant", "nom", "prenom"]),
                   models.Index(fields=["tenant", "date_naissance"])]
        constraints = [models.UniqueConstraint(
            fields=["tenant", "nir"], condition=~models.Q(nir=""), name="nir_unique_par_service",
            violation_error_message="Ce NIR est déjà celui d'un salarié du service : vérifiez l'identité "
                                    "(doublon possible).")]

    def __str__(self):
        return f"{self.nom.upper()} {self.prenom}"

    @property
    def equipe_id(self):
        """The worker's team (UST) is the one following the member it is attached to."""
        return self.adherent.equipe_id

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._charge = (instance.__dict__.get("categorie"), list(instance.__dict__.get("motifs_categorie") or []))
        return instance

    def save(self, *args, **kwargs):
        """A change of category or reasons is dated on the follow-up employment
        (``PeriodeSuivi``): on ``date_changement`` when the caller gives it, else today."""
        from .periodes import dater_changements

        avant = getattr(self, "_charge", None)
        with transaction.atomic():  # the periods first: the due list recomputed on save reads them
            if avant and avant[0] is not None:
                with service_actif(self.tenant):
                    dater_changements([(self, *avant)], getattr(self, "date_changement", None) or timezone.localdate())
            super().save(*args, **kwargs)
        self._charge = (self.categorie, list(self.motifs_categorie or []))

    def get_motifs_categorie_display(self) -> list[str]:
        return [MotifCategorie(motif).label for motif in self.motifs_categorie]

    def clean(self):
        erreurs = erreurs_naissance(self.date_naissance)
        erreur = erreur_categorie(self.categorie, self.motifs_categorie or [])
        if erreur:
            erreurs["motifs_categorie"] = [erreur]
        if erreurs:
            raise ValidationError(erreurs)


def erreur_categorie(categorie: str, motifs: list[str]) -> str | None:
    """Why this category and these reasons do not go together (None when they do): SIR needs a
    reason of R4624-23, SIA one of R4624-17/18/20, SI none."""
    inconnus = [m for m in motifs if m not in MotifCategorie.values]
    if inconnus:
        return f"Motifs inconnus : {', '.join(inconnus)}."
    if categorie == CategorieSuivi.SI:
        return "Un salarié en SI n'a pas de motif de suivi particulier." if motifs else None
    if not motifs:
        return f"Indiquez au moins un motif de {categorie}."
    de_sir = any(MotifCategorie.categorie(m) == CategorieSuivi.SIR for m in motifs)
    if categorie == CategorieSuivi.SIA and de_sir:
        return "Un motif de SIR place le salarié en SIR, pas en SIA."
    if categorie == CategorieSuivi.SIR and not de_sir:
        return "Le SIR demande au moins un motif de SIR (R4624-23)."
    return None


class NatureContrat(models.TextChoices):
    CDI = "cdi", "CDI"
    CDD = "cdd", "CDD"
    INTERIM = "interim", "Intérim"
    APPRENTISSAGE = "apprentissage", "Contrat d'apprentissage"
    PROFESSIONNALISATION = "professionnalisation", "Contrat de professionnalisation"


class MotifSortie(models.TextChoices):
    RETRAITE = "retraite", "Départ ou mise à la retraite"
    AUTRE = "autre", "Autre motif (fin de contrat, démission, licenciement…)"


class Emploi(ModeleService):
    """An employment of a worker with a member (a worker may have several: multi-employer)."""

    salarie = models.ForeignKey(Salarie, on_delete=models.CASCADE, related_name="emplois", verbose_name="salarié")
    adherent = models.ForeignKey(Adherent, on_delete=models.PROTECT, related_name="emplois",
                                 verbose_name="employeur")
    poste = models.CharField("poste", max_length=150, blank=True)
    code_pcs = models.CharField("code PCS", max_length=6, blank=True,
                                help_text="Profession et catégorie socioprofessionnelle (INSEE), ex. 632a.")
    date_embauche = models.DateField("date d'embauche")
    date_sortie = models.DateField("date de sortie", null=True, blank=True)
    nature_contrat = models.CharField("nature du contrat", max_length=20, choices=NatureContrat.choices,
                                      default=NatureContrat.CDI)
    motif_sortie = models.CharField("motif de sortie", max_length=12, choices=MotifSortie.choices, blank=True,
                                    help_text="Départ à la retraite d'un salarié exposé : visite avant le départ "
                                              "(L4624-2-1).")
    # R4624-15 (VIP) and R4624-27 (SIR): a visit done before the hiring spares a new one only when
    # all three conditions hold.
    dispense_emploi_identique = models.BooleanField(
        "attestation ou avis pour un emploi identique aux expositions équivalentes", default=False)
    dispense_document_au_medecin = models.BooleanField(
        "le médecin du travail a la dernière attestation ou le dernier avis d'aptitude", default=False)
    dispense_sans_mesure_ni_inaptitude = models.BooleanField(
        "aucune mesure ni avis d'inaptitude depuis (5 ans en SI, 3 ans en SIA, 2 ans en SIR)", default=False)

    history = historique()

    class Meta:
        verbose_name = "emploi"
        ordering = ["-date_embauche"]
        indexes = [models.Index(fields=["tenant", "adherent", "date_sortie"])]
        constraints = [models.CheckConstraint(
            condition=models.Q(date_sortie__isnull=True) | models.Q(date_sortie__gte=models.F("date_embauche")),
            name="sortie_apres_embauche", violation_error_message="La sortie ne peut précéder l'embauche.")]

    def __str__(self):
        return f"{self.poste or 'Emploi'} — {self.adherent}"

    def clean(self):
        erreurs = erreurs_sortie(self.date_embauche, self.date_sortie)
        if self.salarie_id:
            erreurs |= erreurs_embauche(self.salarie.date_naissance, self.date_embauche)
        if erreurs:
            raise ValidationError(erreurs)


class PeriodeSuivi(ModeleService):
    """When a follow-up category, or one of its reasons, started and ended in an employment: the
    follow-up the category requires runs from its start (R4624-24, R4624-18), the post-exposure
    visit from the end of the SIR (L4624-2-1). No period recorded: since the hiring."""

    emploi = models.ForeignKey(Emploi, on_delete=models.CASCADE, related_name="periodes", verbose_name="emploi")
    categorie = models.CharField("catégorie de suivi", max_length=3, choices=CategorieSuivi.choices)
    motif = models.CharField("motif", max_length=32, choices=MotifCategorie.choices, blank=True,
                             help_text="Vide : la catégorie elle-même.")
    debut = models.DateField("du")
    fin = models.DateField("au", null=True, blank=True)

    history = historique()

    class Meta:
        verbose_name = "période de suivi"
        verbose_name_plural = "périodes de suivi"
        ordering = ["debut", "categorie", "motif"]
        indexes = [models.Index(fields=["tenant", "emploi"])]
        constraints = [models.CheckConstraint(
            condition=models.Q(fin__isnull=True) | models.Q(fin__gte=models.F("debut")),
            name="periode_fin_apres_debut", violation_error_message="La fin ne peut précéder le début.")]

    def __str__(self):
        libelle = self.get_motif_display() if self.motif else self.get_categorie_display()
        return f"{libelle} : du {self.debut:%d/%m/%Y}" + (f" au {self.fin:%d/%m/%Y}" if self.fin else "")


class RolePortail(models.TextChoices):
    """What a portal user does for one company: everything, its invoices and balance only
    (billing contact), or its workforce declarations without the invoices."""

    COMPLET = "complet", "Tous les espaces de l'entreprise"
    FACTURATION = "facturation", "Contact facturation (factures et solde)"
    DECLARATION = "declaration", "Déclaration des effectifs (sans les factures)"


class AccesPortail(ModeleService):
    """A portal user's right on one member company (an accounting firm has several), with the
    user's role for that company."""

    rattachement = models.ForeignKey("spsti.Rattachement", on_delete=models.CASCADE,
                                     related_name="acces_portail", verbose_name="utilisateur du portail")
    adherent = models.ForeignKey(Adherent, on_delete=models.CASCADE, related_name="acces_portail",
                                 verbose_name="adhérent")
    role = models.CharField("rôle sur le portail", max_length=16, choices=RolePortail.choices,
                            default=RolePortail.COMPLET)

    history = historique()

    class Meta:
        verbose_name = "accès portail"
        verbose_name_plural = "accès portail"
        constraints = [models.UniqueConstraint(fields=["tenant", "rattachement", "adherent"],
                                               name="acces_portail_unique")]


class EtapeTrajectoire(ModeleService):
    """A step of the member journey (trajectoire adhérent, seed 004), as the service defines it:
    who owns it and within how many days of the adhesion it is due."""

    code = models.SlugField("code", max_length=40)
    libelle = models.CharField("libellé", max_length=120)
    ordre = models.PositiveSmallIntegerField("ordre")
    role = models.CharField("rôle responsable", max_length=32, choices=[
        (role.value, role.label) for role in Role if role != Role.ADHERENT])
    delai_jours = models.PositiveSmallIntegerField("délai (jours après l'adhésion)")
    active = models.BooleanField("active", default=True,
                                 help_text="Une étape inactive n'est plus proposée aux nouveaux adhérents.")

    history = historique()

    class Meta:
        verbose_name = "étape de la trajectoire adhérent"
        verbose_name_plural = "étapes de la trajectoire adhérent"
        ordering = ["ordre"]
        constraints = [models.UniqueConstraint(fields=["tenant", "code"], name="etape_trajectoire_code_unique")]

    def __str__(self):
        return self.libelle


class EtapeAdherent(ModeleService):
    """One member's step of its journey: due date, done date, note."""

    adherent = models.ForeignKey(Adherent, on_delete=models.CASCADE, related_name="trajectoire",
                                 verbose_name="adhérent")
    etape = models.ForeignKey(EtapeTrajectoire, on_delete=models.PROTECT, related_name="+", verbose_name="étape")
    echeance = models.DateField("échéance")
    faite_le = models.DateField("faite le", null=True, blank=True)
    note = models.TextField("note", blank=True)

    history = historique()

    class Meta:
        verbose_name = "étape de trajectoire d'un adhérent"
        ordering = ["echeance", "etape__ordre"]
        constraints = [models.UniqueConstraint(fields=["tenant", "adherent", "etape"], name="etape_adherent_unique")]
        indexes = [models.Index(fields=["tenant", "faite_le", "echeance"])]

    def __str__(self):
        return f"{self.etape} — {self.adherent}"

    def en_retard(self, aujourd_hui) -> bool:
        return self.faite_le is None and self.echeance < aujourd_hui

    @property
    def dans_les_temps(self) -> bool:
        return self.faite_le is not None and self.faite_le <= self.echeance


class StatutDemande(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente d'examen"
    ACCEPTEE = "acceptee", "Acceptée"
    REFUSEE = "refusee", "Refusée"


class DemandeAdhesion(ModeleService):
    """An online application from a company (portal public page), reviewed by member services."""

    statut = models.CharField("statut", max_length=16, choices=StatutDemande.choices, default=StatutDemande.EN_ATTENTE)
    siret = models.CharField("SIRET du siège", max_length=14, validators=[valider_siret])
    raison_sociale = models.CharField("raison sociale", max_length=200)
    enseigne = models.CharField("enseigne", max_length=200, blank=True)
    code_naf = models.ForeignKey(CodeNAF, on_delete=models.PROTECT, related_name="+", verbose_name="code NAF")
    adresse = models.CharField("adresse", max_length=255)
    code_postal = models.CharField("code postal", max_length=5, validators=[valider_code_postal])
    ville = models.CharField("ville", max_length=120)
    effectif = models.PositiveIntegerField("effectif salarié")
    contact_prenom = models.CharField("prénom de l'employeur", max_length=100)
    contact_nom = models.CharField("nom de l'employeur", max_length=100)
    contact_email = models.EmailField("adresse e-mail de l'employeur")
    contact_telephone = models.CharField("téléphone de l'employeur", max_length=20, validators=[valider_telephone])
    recue_le = models.DateTimeField("reçue le", default=timezone.now)
    traitee_le = models.DateTimeField("traitée le", null=True, blank=True)
    traitee_par = models.ForeignKey("spsti.Utilisateur", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name="traitée par")
    motif_refus = models.TextField("motif du refus", blank=True)
    adherent = models.ForeignKey(Adherent, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name="adhérent créé")

    history = historique()

    class Meta:
        verbose_name = "demande d'adhésion"
        verbose_name_plural = "demandes d'adhésion"
        ordering = ["-recue_le"]
        indexes = [models.Index(fields=["tenant", "statut"])]

    def __str__(self):
        return f"{self.raison_sociale} ({self.get_statut_display().lower()})"

    @property
    def siren(self) -> str:
        return self.siret[:9]


class DeclarationEffectifs(ModeleService):
    """A member's workforce declaration as filed (form or file), kept as a document with its
    totals per follow-up category."""

    adherent = models.ForeignKey(Adherent, on_delete=models.PROTECT, related_name="declarations",
                                 verbose_name="adhérent")
    annee = models.PositiveSmallIntegerField("année")
    deposee_le = models.DateTimeField("déposée le", default=timezone.now)
    deposee_par = models.ForeignKey("spsti.Utilisateur", on_delete=models.PROTECT, related_name="+",
                                    verbose_name="déposée par")
    fichier = models.FileField("fichier déposé", upload_to="declarations/%Y/", blank=True)
    totaux = models.JSONField("totaux", default=dict)

    history = historique()

    class Meta:
        verbose_name = "déclaration d'effectifs"
        verbose_name_plural = "déclarations d'effectifs"
        ordering = ["-deposee_le"]

    def __str__(self):
        return f"Déclaration {self.annee} de {self.adherent}"


class MessageAdherent(ModeleService):
    """A request or message a member sends its service from the portal."""

    adherent = models.ForeignKey(Adherent, on_delete=models.CASCADE, related_name="messages",
                                 verbose_name="adhérent")
    auteur = models.ForeignKey("spsti.Utilisateur", on_delete=models.PROTECT, related_name="+", verbose_name="auteur")
    objet = models.CharField("objet", max_length=150)
    texte = models.TextField("message")
    envoye_le = models.DateTimeField("envoyé le", default=timezone.now)
    reponse = models.TextField("réponse", blank=True)
    traite_le = models.DateTimeField("traité le", null=True, blank=True)
    traite_par = models.ForeignKey("spsti.Utilisateur", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name="traité par")

    history = historique()

    class Meta:
        verbose_name = "message d'adhérent"
        verbose_name_plural = "messages d'adhérents"
        ordering = ["-envoye_le"]

    def __str__(self):
        return self.objet


class PropositionCategorie(ModeleService):
    """An employer's proposal to change a worker's follow-up category, decided by the worker's
    team (the employer knows the exposures; the team decides)."""

    salarie = models.ForeignKey(Salarie, on_delete=models.CASCADE, related_name="propositions",
                                verbose_name="salarié")
    adherent = models.ForeignKey(Adherent, on_delete=models.CASCADE, related_name="+", verbose_name="employeur")
    categorie = models.CharField("catégorie proposée", max_length=3, choices=CategorieSuivi.choices)
    motifs_categorie = models.JSONField("motifs", default=list, blank=True)
    justification = models.TextField("justification", blank=True)
    proposee_par = models.ForeignKey("spsti.Utilisateur", on_delete=models.PROTECT, related_name="+",
                                     verbose_name="proposée par")
    proposee_le = models.DateTimeField("proposée le", default=timezone.now)
    statut = models.CharField("statut", max_length=16, choices=StatutDemande.choices, default=StatutDemande.EN_ATTENTE)
    decidee_par = models.ForeignKey("spsti.Utilisateur", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name="décidée par")
    decidee_le = models.DateTimeField("décidée le", null=True, blank=True)
    motif_decision = models.TextField("motif de la décision", blank=True)

    history = historique()

    class Meta:
        verbose_name = "proposition de catégorie de suivi"
        verbose_name_plural = "propositions de catégorie de suivi"
        ordering = ["-proposee_le"]

    def __str__(self):
        return f"{self.salarie} : {self.categorie} proposé"

    def get_motifs_categorie_display(self) -> list[str]:
        return [MotifCategorie(motif).label for motif in self.motifs_categorie]
