"""The cell that prevents workers from losing their job (PDP): signals and the case files they
open. The content of a file is confidential: the cell and the worker's physician and nurses."""

from django.db import models

from spsti.tenancy import ModeleService, historique
from spsti.thesaurus import EntreeThesaurus, thesaurus


@thesaurus("sources-signalement-pdp")
class SourceSignalement(EntreeThesaurus):
    """D'où vient le signalement d'un salarié à la cellule PDP (indicateurs d'entrée, AST
    Beaucaire, projet de service 2024-2028 § 2.1.2)."""

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


class StatutDossier(models.TextChoices):
    A_TRAITER = "a_traiter", "À traiter"
    EN_COURS = "en_cours", "En cours"
    TERMINE = "termine", "Terminé"


class DossierPDP(ModeleService):
    """A worker's case file in the cell, from the first signal to its closure."""

    numero = models.PositiveIntegerField("n° file active")
    salarie = models.ForeignKey("adherents.Salarie", on_delete=models.PROTECT, related_name="dossiers_pdp",
                                verbose_name="salarié")
    medecin = models.ForeignKey("spsti.Rattachement", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="dossiers_pdp", verbose_name="médecin du travail")
    statut = models.CharField("avancement", max_length=16, choices=StatutDossier.choices,
                              default=StatutDossier.A_TRAITER)
    ouvert_le = models.DateField("date du signalement")
    clos_le = models.DateField("date de clôture", null=True, blank=True)

    history = historique()

    class Meta:
        verbose_name = "dossier PDP"
        verbose_name_plural = "dossiers PDP"
        ordering = ["-ouvert_le", "-numero"]
        constraints = [models.UniqueConstraint(fields=["tenant", "numero"], name="dossier_pdp_numero_unique")]

    def __str__(self):
        return f"Dossier PDP n° {self.numero} — {self.salarie}"


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
