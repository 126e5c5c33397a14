"""The cell that prevents workers from losing their job (PDP): signals, the case files they
open (the 17 columns of seed 001's table, consent, orientations, supports, interventions in the
company, journal, documents), what is shared with partners, the cell's meetings.

A file is confidential: the cell's members and the worker's physician and nurses see it
(``spsti.permissions.peut_voir_dossier_pdp``), its medical details only physicians and nurses
(``peut_lire_medical_pdp``); every read is logged."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone

from spsti.immuable import immuable
from spsti.tenancy import ModeleService, historique
from spsti.thesaurus import EntreeThesaurus, thesaurus
from spsti.verrou import ModeleVersionne

# --- Thesauri (seed 001, AST Beaucaire, § 2.1.2: entry, orientation, support, progress and exit indicators) ---


@thesaurus("sources-signalement-pdp")
class SourceSignalement(EntreeThesaurus):
    """D'où vient le signalement d'un salarié à la cellule PDP (indicateurs d'entrée)."""

    AMORCE = [
        {"code": "visite_demande", "libelle": "Visite médicale à la demande du salarié"},
        {"code": "visite_reprise", "libelle": "Visite de reprise / pré-reprise"},
        {"code": "visite_periodique", "libelle": "Visite médicale périodique"},
        {"code": "visite_autre", "libelle": "Autre visite"},
        {"code": "employeur", "libelle": "Signalement employeur"},
        {"code": "amt", "libelle": "Action en milieu de travail"},
        {"code": "partenaire", "libelle": "Partenaire (service social CARSAT, Cap Emploi, Assurance Maladie)"},
        {"code": "salarie", "libelle": "Demande du salarié"},
        {"code": "reperage", "libelle": "Liste de repérage précoce"},
    ]

    class Meta(EntreeThesaurus.Meta):
        verbose_name = "source de signalement PDP"
        verbose_name_plural = "sources de signalement PDP"


@thesaurus("orientations-pdp")
class OrientationPDP(EntreeThesaurus):
    """Les orientations que la cellule propose au salarié."""

    AMORCE = [
        {"code": "etude_poste", "libelle": "Demande d'étude de poste"},
        {"code": "assistant_social", "libelle": "Rendez-vous assistant·e social·e"},
        {"code": "cellule_pdp", "libelle": "Orientation cellule PDP"},
        {"code": "carsat", "libelle": "Service social CARSAT"},
        {"code": "cap_emploi", "libelle": "Cap Emploi"},
        {"code": "specialiste", "libelle": "Médecin spécialiste"},
        {"code": "medecin_conseil", "libelle": "Médecin conseil de l'Assurance Maladie"},
        {"code": "mdph", "libelle": "MDPH (RQTH)"},
        {"code": "psychologue", "libelle": "Psychologue du travail"},
    ]

    class Meta(EntreeThesaurus.Meta):
        verbose_name = "orientation PDP"
        verbose_name_plural = "orientations PDP"


@thesaurus("accompagnements-pdp")
class AccompagnementPDP(EntreeThesaurus):
    """Les accompagnements et mesures de maintien en emploi."""

    AMORCE = [
        {"code": "etude_poste", "libelle": "Étude de poste"},
        {"code": "essai_encadre", "libelle": "Essai encadré"},
        {"code": "bilan_competences", "libelle": "Bilan de compétences"},
        {"code": "formation", "libelle": "Formation"},
        {"code": "amenagement_poste", "libelle": "Aménagement du poste"},
        {"code": "temps_partiel_therapeutique", "libelle": "Temps partiel thérapeutique"},
        {"code": "crpe", "libelle": "Convention de rééducation professionnelle en entreprise (CRPE)"},
    ]

    class Meta(EntreeThesaurus.Meta):
        verbose_name = "accompagnement PDP"
        verbose_name_plural = "accompagnements PDP"


class Etape(models.TextChoices):
    A_TRAITER = "a_traiter", "À traiter"
    EN_COURS = "en_cours", "En cours"
    TERMINE = "termine", "Terminé"


@thesaurus("avancements-pdp")
class AvancementPDP(EntreeThesaurus):
    """Où en est un dossier (indicateurs d'avancement) ; chaque entrée relève d'une des trois
    étapes, qui décident de la file d'attente et de la clôture."""

    etape = models.CharField("étape", max_length=16, choices=Etape.choices, default=Etape.EN_COURS)

    AMORCE = [
        {"code": "a_traiter", "libelle": "À traiter", "etape": Etape.A_TRAITER},
        {"code": "en_cours", "libelle": "En cours", "etape": Etape.EN_COURS},
        {"code": "termine", "libelle": "Terminé", "etape": Etape.TERMINE},
    ]
    CHAMPS_EDITABLES = ("etape",)

    class Meta(EntreeThesaurus.Meta):
        verbose_name = "avancement PDP"
        verbose_name_plural = "avancements PDP"

    def clean(self):
        if self.code and self.pk:
            amorce = next((e for e in self.AMORCE if e["code"] == self.code), None)
            if amorce and (self.etape != amorce["etape"] or not self.actif):
                raise ValidationError("Les trois avancements du référentiel gardent leur étape et restent actifs : "
                                      "ajoutez plutôt vos propres avancements.")


@thesaurus("issues-pdp")
class IssuePDP(EntreeThesaurus):
    """Comment se termine l'accompagnement (indicateurs de sortie)."""

    AMORCE = [
        {"code": "maintien_poste", "libelle": "Maintien sur le poste"},
        {"code": "maintien_entreprise", "libelle": "Maintien dans l'entreprise sur un autre poste"},
        {"code": "reclassement_site", "libelle": "Reclassement sur un autre site"},
        {"code": "bilan_competences", "libelle": "Bilan de compétences"},
        {"code": "reconversion", "libelle": "Reconversion et autre projet professionnel"},
        {"code": "inaptitude", "libelle": "Inaptitude"},
        {"code": "autre", "libelle": "Autre"},
    ]

    class Meta(EntreeThesaurus.Meta):
        verbose_name = "issue PDP"
        verbose_name_plural = "issues PDP"


@thesaurus("pathologies-pdp")
class PathologiePDP(EntreeThesaurus):
    """Types de pathologie ou de situation de handicap (donnée médicale : médecins et
    infirmiers seulement)."""

    AMORCE = [
        {"code": "tms", "libelle": "Troubles musculosquelettiques"},
        {"code": "psychique", "libelle": "Santé mentale, troubles psychiques"},
        {"code": "cardiovasculaire", "libelle": "Maladie cardiovasculaire"},
        {"code": "cancer", "libelle": "Cancer"},
        {"code": "neurologique", "libelle": "Maladie neurologique"},
        {"code": "respiratoire", "libelle": "Maladie respiratoire"},
        {"code": "metabolique", "libelle": "Diabète, maladie métabolique"},
        {"code": "sensoriel", "libelle": "Déficience sensorielle"},
        {"code": "addiction", "libelle": "Addiction"},
        {"code": "autre", "libelle": "Autre"},
    ]

    class Meta(EntreeThesaurus.Meta):
        verbose_name = "pathologie PDP"
        verbose_name_plural = "pathologies PDP"


# --- Partners -------------------------------------------------------------------------------------------------------


class TypePartenaire(models.TextChoices):
    CARSAT = "carsat", "Service social CARSAT"
    CAP_EMPLOI = "cap_emploi", "Cap Emploi"
    ASSURANCE_MALADIE = "assurance_maladie", "Assurance Maladie (médecin conseil)"
    MDPH = "mdph", "MDPH"
    AGEFIPH = "agefiph", "Agefiph / Comète"
    FRANCE_TRAVAIL = "france_travail", "France Travail"
    MEDECIN_TRAITANT = "medecin_traitant", "Médecin traitant ou spécialiste"
    AUTRE = "autre", "Autre"


class Partenaire(ModeleService):
    """A partner of the cell (seed 001: the CARSAT social service under convention, Cap Emploi,
    the Assurance Maladie medical adviser...)."""

    nom = models.CharField("nom", max_length=150)
    type = models.CharField("type", max_length=32, choices=TypePartenaire.choices)
    contact = models.CharField("interlocuteur", max_length=150, blank=True)
    email = models.EmailField("e-mail", blank=True)
    telephone = models.CharField("téléphone", max_length=20, blank=True)
    convention_le = models.DateField("convention signée le", null=True, blank=True)
    actif = models.BooleanField("actif", default=True)

    history = historique()

    class Meta:
        verbose_name = "partenaire"
        ordering = ["nom"]
        constraints = [models.UniqueConstraint(fields=["tenant", "nom"], name="partenaire_nom_unique",
                                               violation_error_message="Ce partenaire existe déjà.")]

    def __str__(self):
        return self.nom


# --- The case file ---------------------------------------------------------------------------------------------------


class Situation(models.TextChoices):
    EN_POSTE = "en_poste", "En poste"
    ARRET = "arret", "En arrêt de travail"
    TEMPS_PARTIEL_THERAPEUTIQUE = "temps_partiel_therapeutique", "En temps partiel thérapeutique"
    INVALIDITE = "invalidite", "En invalidité"
    AUTRE = "autre", "Autre"


class Origine(models.TextChoices):
    ACCIDENT_DU_TRAVAIL = "accident_du_travail", "Accident du travail"
    MALADIE_PROFESSIONNELLE = "maladie_professionnelle", "Maladie professionnelle"
    NON_PROFESSIONNELLE = "non_professionnelle", "Pathologie non professionnelle"
    INCONNUE = "inconnue", "Non déterminée"


class StatutRQTH(models.TextChoices):
    AUCUNE = "aucune", "Aucune démarche"
    A_ENVISAGER = "a_envisager", "À envisager"
    EN_COURS = "en_cours", "Demande en cours"
    OBTENUE = "obtenue", "RQTH obtenue"
    REFUSEE = "refusee", "Refusée"


class DossierPDP(ModeleService, ModeleVersionne):
    """A worker's case file in the cell, from the first signal to its closure: the 17 columns
    of the AST Beaucaire table (seed 001 § 2.1.2) and what the cell needs to work it."""

    numero = models.PositiveIntegerField("n° file active")  # A
    salarie = models.ForeignKey("adherents.Salarie", on_delete=models.PROTECT, related_name="dossiers_pdp",
                                verbose_name="salarié")  # F (its file number)
    adherent = models.ForeignKey("adherents.Adherent", on_delete=models.PROTECT, related_name="+",
                                 verbose_name="entreprise au signalement")  # C, D, E
    medecin = models.ForeignKey("spsti.Rattachement", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="dossiers_pdp", verbose_name="médecin du travail",
                                limit_choices_to={"role": "medecin"})  # B
    avancement = models.ForeignKey(AvancementPDP, on_delete=models.PROTECT, related_name="+",
                                   verbose_name="avancement")
    situation = models.CharField("situation au moment du signalement", max_length=32,  # G
                                 choices=Situation.choices, default=Situation.EN_POSTE)
    situation_precision = models.CharField("précisions sur la situation", max_length=255, blank=True)
    pathologies = models.ManyToManyField(PathologiePDP, blank=True, related_name="+",  # H (medical)
                                         verbose_name="types de pathologie ou de handicap")
    pathologie_precisions = models.TextField("précisions médicales", blank=True)  # (medical)
    origine = models.CharField("origine", max_length=32, choices=Origine.choices,  # I
                               default=Origine.INCONNUE)
    metier = models.CharField("métier au moment du signalement", max_length=150, blank=True)  # J
    rqth = models.CharField("MDPH / RQTH", max_length=16, choices=StatutRQTH.choices,  # L
                            default=StatutRQTH.AUCUNE)
    independant = models.BooleanField("travailleur indépendant (offre spécifique)", default=False)
    intervenants = models.ManyToManyField("spsti.Rattachement", blank=True, related_name="dossiers_pdp_suivis",
                                          verbose_name="membres de la cellule impliqués")
    ouvert_le = models.DateField("date du signalement")  # O
    prochaine_revue = models.DateField("prochain point", null=True, blank=True)
    clos_le = models.DateField("date de clôture", null=True, blank=True)  # P
    issue = models.ForeignKey(IssuePDP, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name="issue")  # Q
    conclusion = models.TextField("conclusion à la clôture", blank=True)  # Q
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    history = historique(excluded_fields=["modifie_le"])

    class Meta:
        verbose_name = "dossier PDP"
        verbose_name_plural = "dossiers PDP"
        ordering = ["-ouvert_le", "-numero"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "numero"], name="dossier_pdp_numero_unique"),
            models.CheckConstraint(condition=models.Q(clos_le__isnull=True) | models.Q(issue__isnull=False),
                                   name="dossier_clos_avec_issue",
                                   violation_error_message="Un dossier clos a une issue."),
        ]

    def __str__(self):
        return f"Dossier PDP n° {self.numero} — {self.salarie}"

    @property
    def etape(self) -> str:
        return self.avancement.etape

    @property
    def ouvert(self) -> bool:
        return self.clos_le is None


class Signalement(ModeleService):
    """A worker signalled to the cell: when, from where, by whom. It joins the worker's open file,
    or opens one in the intake queue."""

    dossier = models.ForeignKey(DossierPDP, on_delete=models.PROTECT, related_name="signalements",
                                verbose_name="dossier")
    salarie = models.ForeignKey("adherents.Salarie", on_delete=models.PROTECT, related_name="+",
                                verbose_name="salarié")
    source = models.ForeignKey(SourceSignalement, on_delete=models.PROTECT, related_name="+", verbose_name="source")
    recu_le = models.DateField("reçu le")
    visite = models.ForeignKey("suivi_individuel.Visite", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="signalements_pdp", verbose_name="visite d'origine")
    partenaire = models.ForeignKey(Partenaire, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name="partenaire à l'origine")
    signale_par = models.ForeignKey("spsti.Rattachement", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name="signalé par")
    description = models.TextField("situation au moment du signalement", blank=True)

    history = historique()

    class Meta:
        verbose_name = "signalement PDP"
        verbose_name_plural = "signalements PDP"
        ordering = ["-recu_le", "-pk"]

    def __str__(self):
        return f"Signalement du {self.recu_le:%d/%m/%Y} — {self.salarie}"


class Orientation(ModeleService):
    """An orientation proposed to the worker (column K)."""

    dossier = models.ForeignKey(DossierPDP, on_delete=models.CASCADE, related_name="orientations",
                                verbose_name="dossier")
    orientation = models.ForeignKey(OrientationPDP, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="orientation")
    partenaire = models.ForeignKey(Partenaire, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name="partenaire")
    proposee_le = models.DateField("proposée le", default=timezone.localdate)
    commentaire = models.CharField("commentaire", max_length=255, blank=True)

    history = historique()

    class Meta:
        verbose_name = "orientation"
        ordering = ["proposee_le", "pk"]

    def __str__(self):
        return f"{self.orientation} ({self.proposee_le:%d/%m/%Y})"


class StatutMesure(models.TextChoices):
    PROPOSEE = "proposee", "Proposée"
    EN_COURS = "en_cours", "En cours"
    REALISEE = "realisee", "Mise en œuvre"
    ABANDONNEE = "abandonnee", "Abandonnée"


class Mesure(ModeleService):
    """A support measure proposed, then implemented or not (column N)."""

    dossier = models.ForeignKey(DossierPDP, on_delete=models.CASCADE, related_name="mesures", verbose_name="dossier")
    accompagnement = models.ForeignKey(AccompagnementPDP, on_delete=models.PROTECT, related_name="+",
                                       verbose_name="accompagnement")
    statut = models.CharField("statut", max_length=16, choices=StatutMesure.choices, default=StatutMesure.PROPOSEE)
    proposee_le = models.DateField("proposée le", default=timezone.localdate)
    commentaire = models.CharField("commentaire", max_length=255, blank=True)

    history = historique()

    class Meta:
        verbose_name = "mesure"
        ordering = ["proposee_le", "pk"]

    def __str__(self):
        return f"{self.accompagnement} — {self.get_statut_display().lower()}"


class InterventionEntreprise(ModeleService):
    """An intervention in the company (column M: nature, proposal, result)."""

    dossier = models.ForeignKey(DossierPDP, on_delete=models.CASCADE, related_name="interventions",
                                verbose_name="dossier")
    date = models.DateField("date", default=timezone.localdate)
    nature = models.CharField("nature", max_length=150, help_text="Étude de poste, rencontre de l'employeur…")
    proposition = models.TextField("proposition", blank=True)
    resultat = models.TextField("résultat", blank=True)

    history = historique()

    class Meta:
        verbose_name = "intervention en entreprise"
        verbose_name_plural = "interventions en entreprise"
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{self.nature} ({self.date:%d/%m/%Y})"


class NatureJournal(models.TextChoices):
    NOTE = "note", "Note"
    ENTRETIEN = "entretien", "Entretien avec le salarié"
    ECHANGE_EMPLOYEUR = "echange_employeur", "Échange avec l'employeur"
    ECHANGE_PARTENAIRE = "echange_partenaire", "Échange avec un partenaire"
    PARTAGE = "partage", "Informations transmises"
    DECISION = "decision", "Décision de la cellule"
    SUIVI = "suivi", "Suivi du dossier"


class EntreeJournal(ModeleService):
    """The file's dated journal of actions. Entries are kept as written (a correction is a new
    entry)."""

    dossier = models.ForeignKey(DossierPDP, on_delete=models.PROTECT, related_name="journal", verbose_name="dossier")
    date = models.DateTimeField("date", default=timezone.now)
    auteur = models.ForeignKey("spsti.Rattachement", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name="auteur")
    nature = models.CharField("nature", max_length=32, choices=NatureJournal.choices, default=NatureJournal.NOTE)
    texte = models.TextField("texte")

    class Meta:
        verbose_name = "entrée du journal"
        verbose_name_plural = "journal"
        ordering = ["-date", "-pk"]
        triggers = immuable("journal_pdp")

    def __str__(self):
        return f"{self.get_nature_display()} du {timezone.localtime(self.date):%d/%m/%Y}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionDenied("Une entrée du journal ne se modifie pas : ajoutez-en une nouvelle.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Une entrée du journal ne se supprime pas.")


class DocumentPDP(ModeleService):
    """A document of the file (study report, partner's letter...): kept, never deleted."""

    dossier = models.ForeignKey(DossierPDP, on_delete=models.PROTECT, related_name="documents",
                                verbose_name="dossier")
    libelle = models.CharField("libellé", max_length=150)
    fichier = models.FileField("fichier", upload_to="pdp/documents/%Y/")
    depose_le = models.DateTimeField("déposé le", default=timezone.now)
    depose_par = models.ForeignKey("spsti.Rattachement", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name="déposé par")

    class Meta:
        verbose_name = "document du dossier PDP"
        verbose_name_plural = "documents du dossier PDP"
        ordering = ["-depose_le", "-pk"]
        triggers = immuable("document_pdp", modification=True)

    def __str__(self):
        return self.libelle

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Un document du dossier ne se supprime pas.")


# --- Consent and sharing -----------------------------------------------------------------------------------------


class Information(models.TextChoices):
    """What may be shared about the worker (the scope of the consent)."""

    COORDONNEES = "coordonnees", "Identité et coordonnées"
    SITUATION = "situation", "Situation professionnelle et poste"
    MESURES = "mesures", "Mesures et aménagements envisagés"
    SANTE = "sante", "Éléments de santé utiles à l'accompagnement"


class Consentement(ModeleService):
    """The worker's consent to what the cell shares, and with whom (partners, the employer);
    withdrawn at any time. A new consent replaces the previous one."""

    dossier = models.ForeignKey(DossierPDP, on_delete=models.PROTECT, related_name="consentements",
                                verbose_name="dossier")
    recueilli_le = models.DateField("recueilli le", default=timezone.localdate)
    recueilli_par = models.ForeignKey("spsti.Rattachement", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name="recueilli par")
    partenaires = models.ManyToManyField(Partenaire, blank=True, related_name="+", verbose_name="partenaires")
    employeur = models.BooleanField("l'employeur", default=False)
    informations = models.JSONField("informations partageables", default=list)
    retire_le = models.DateField("retiré le", null=True, blank=True)

    history = historique()

    class Meta:
        verbose_name = "consentement"
        ordering = ["-recueilli_le", "-pk"]

    def __str__(self):
        etat = f"retiré le {self.retire_le:%d/%m/%Y}" if self.retire_le else "en vigueur"
        return f"Consentement du {self.recueilli_le:%d/%m/%Y} ({etat})"

    def get_informations_display(self) -> list[str]:
        return [Information(i).label for i in self.informations if i in Information.values]


class Partage(ModeleService):
    """What was shared with whom: a partner, or the employer (``partenaire`` empty)."""

    dossier = models.ForeignKey(DossierPDP, on_delete=models.PROTECT, related_name="partages",
                                verbose_name="dossier")
    partenaire = models.ForeignKey(Partenaire, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name="partenaire (vide : l'employeur)")
    consentement = models.ForeignKey(Consentement, on_delete=models.PROTECT, related_name="partages",
                                     verbose_name="consentement")
    informations = models.JSONField("informations transmises", default=list)
    objet = models.CharField("objet", max_length=255)
    partage_le = models.DateTimeField("transmis le", default=timezone.now)
    par = models.ForeignKey("spsti.Rattachement", on_delete=models.PROTECT, related_name="+", verbose_name="par")

    class Meta:
        verbose_name = "partage d'informations"
        verbose_name_plural = "partages d'informations"
        ordering = ["-partage_le", "-pk"]
        triggers = immuable("partage_pdp", modification=True)

    def __str__(self):
        return f"{self.objet} → {self.partenaire or 'employeur'}"

    def get_informations_display(self) -> list[str]:
        return [Information(i).label for i in self.informations if i in Information.values]

    def delete(self, *args, **kwargs):
        raise PermissionDenied("La trace d'un partage ne se supprime pas.")


# --- The cell's meetings and early detection -------------------------------------------------------------------


class NatureReunion(models.TextChoices):
    CELLULE = "cellule", "Réunion de la cellule"
    CMT = "cmt", "Commission médico-technique"


class Reunion(ModeleService):
    """A meeting of the cell (monthly, or at the end of the CMT in seed 001)."""

    date = models.DateField("date", default=timezone.localdate)
    nature = models.CharField("nature", max_length=16, choices=NatureReunion.choices, default=NatureReunion.CELLULE)
    participants = models.ManyToManyField("spsti.Rattachement", blank=True, related_name="+",
                                          verbose_name="participants")

    history = historique()

    class Meta:
        verbose_name = "réunion de la cellule"
        verbose_name_plural = "réunions de la cellule"
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.get_nature_display()} du {self.date:%d/%m/%Y}"


class Decision(ModeleService):
    """What the meeting decided for a file."""

    reunion = models.ForeignKey(Reunion, on_delete=models.PROTECT, related_name="decisions", verbose_name="réunion")
    dossier = models.ForeignKey(DossierPDP, on_delete=models.PROTECT, related_name="decisions",
                                verbose_name="dossier")
    texte = models.TextField("décision")

    history = historique()

    class Meta:
        verbose_name = "décision"
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["tenant", "reunion", "dossier"], name="une_decision_par_dossier",
                                               violation_error_message="Ce dossier a déjà sa décision pour cette "
                                                                       "réunion.")]

    def __str__(self):
        return f"{self.reunion} — dossier n° {self.dossier.numero}"


class Ecart(ModeleService):
    """A worker the physician reviewed on the early detection list and set aside (with why):
    not listed again before ``jusqu_au``. The list proposes, it never decides."""

    salarie = models.ForeignKey("adherents.Salarie", on_delete=models.CASCADE, related_name="+",
                                verbose_name="salarié")
    par = models.ForeignKey("spsti.Rattachement", on_delete=models.PROTECT, related_name="+", verbose_name="par")
    le = models.DateField("le", default=timezone.localdate)
    jusqu_au = models.DateField("écarté jusqu'au")
    motif = models.CharField("motif", max_length=255)

    history = historique()

    class Meta:
        verbose_name = "salarié écarté du repérage"
        verbose_name_plural = "salariés écartés du repérage"
        ordering = ["-le"]
