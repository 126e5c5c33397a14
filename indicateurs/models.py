"""Stored indicator values (snapshots) and the yearly targets a director sets.

A computation (``CalculIndicateurs``) is one run for one service and one year: nightly for the
current year, on demand (with its progress) for any year. Its snapshot rows (``Instantane``)
are never changed afterwards: a recomputation is a new run, and screens read the latest
finished run of each year. So a year as it was reported stays readable, and a closed year only
moves when someone recomputes it on purpose.
"""

from django.db import models
from django.utils import timezone

from spsti.tenancy import ModeleService, historique


class EtatCalcul(models.TextChoices):
    EN_COURS = "en_cours", "En cours"
    TERMINE = "termine", "Terminé"
    ECHOUE = "echoue", "Échoué"


class CalculIndicateurs(ModeleService):
    annee = models.PositiveSmallIntegerField("année")
    demande_par = models.ForeignKey("spsti.Rattachement", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name="demandé par")
    motif = models.CharField("motif", max_length=255, blank=True)
    commence_le = models.DateTimeField("commencé le", default=timezone.now)
    termine_le = models.DateTimeField("terminé le", null=True, blank=True)
    etat = models.CharField("état", max_length=16, choices=EtatCalcul.choices, default=EtatCalcul.EN_COURS)
    avancement = models.PositiveSmallIntegerField("avancement (%)", default=0)

    history = historique()

    class Meta:
        verbose_name = "calcul des indicateurs"
        verbose_name_plural = "calculs des indicateurs"
        ordering = ["-commence_le"]
        indexes = [models.Index(fields=["tenant", "annee", "etat", "-commence_le"])]

    def __str__(self):
        return f"Indicateurs {self.annee} ({self.commence_le:%d/%m/%Y %H:%M})"


class Axe(models.TextChoices):
    TOTAL = "", "Ensemble du service"
    CENTRE = "centre", "Centre"
    EQUIPE = "equipe", "Équipe"
    PROFESSIONNEL = "professionnel", "Professionnel"
    TRANCHE = "tranche", "Taille de l'adhérent"
    NAF = "naf", "Section NAF"


class Instantane(ModeleService):
    """One value of one indicator, for one period and one breakdown cell, as a run computed it.
    Append-only: written once with its run, never updated."""

    calcul = models.ForeignKey(CalculIndicateurs, on_delete=models.CASCADE, related_name="instantanes",
                               verbose_name="calcul")
    code = models.CharField("indicateur", max_length=120)
    debut = models.DateField("début de période")
    fin = models.DateField("fin de période")
    axe = models.CharField("ventilation", max_length=16, choices=Axe.choices, blank=True, default=Axe.TOTAL)
    cle = models.CharField("case", max_length=64, blank=True)
    libelle_cle = models.CharField("libellé de la case", max_length=255, blank=True)
    numerateur = models.FloatField("numérateur")
    denominateur = models.FloatField("dénominateur", null=True, blank=True)

    class Meta:
        verbose_name = "valeur d'indicateur enregistrée"
        verbose_name_plural = "valeurs d'indicateurs enregistrées"
        constraints = [models.UniqueConstraint(fields=["tenant", "calcul", "code", "debut", "fin", "axe", "cle"],
                                               name="instantane_unique")]
        indexes = [models.Index(fields=["tenant", "calcul", "axe", "code"])]

    @property
    def pourcentage(self):
        if not self.denominateur:
            return None
        return round(100 * self.numerateur / self.denominateur, 1)


class Cible(ModeleService):
    """A director's yearly target for a rate, in percent (a minimum to reach). Without one, the
    indicator's default (seed 000's trajectories) applies."""

    code = models.CharField("indicateur", max_length=120)
    annee = models.PositiveSmallIntegerField("année")
    valeur = models.DecimalField("objectif (%)", max_digits=5, decimal_places=1)

    history = historique()

    class Meta:
        verbose_name = "objectif"
        constraints = [models.UniqueConstraint(fields=["tenant", "code", "annee"], name="cible_unique"),
                       models.CheckConstraint(condition=models.Q(valeur__gte=0, valeur__lte=100),
                                              name="cible_pourcentage")]

    def __str__(self):
        return f"{self.code} {self.annee} : {self.valeur} %"


class SaisieEnquete(ModeleService):
    """A figure of the DGT survey the product cannot compute, entered by the director for a
    year and kept with it."""

    annee = models.PositiveSmallIntegerField("année")
    cle = models.CharField("rubrique", max_length=64)
    valeur = models.CharField("valeur", max_length=255, blank=True)

    history = historique()

    class Meta:
        verbose_name = "saisie de l'enquête DGT"
        verbose_name_plural = "saisies de l'enquête DGT"
        constraints = [models.UniqueConstraint(fields=["tenant", "annee", "cle"], name="saisie_enquete_unique")]

    def __str__(self):
        return f"{self.annee} {self.cle} : {self.valeur}"
