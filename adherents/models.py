"""Member companies (adhérents), their workers and the portal accesses.

First, minimal shape: the members issue extends it (establishments, contacts, journey,
employments, declarations)."""

from django.db import models
from django.utils import timezone

from spsti.tenancy import ModeleService, historique
from spsti.validators import valider_siret


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


class Adherent(ModeleService):
    raison_sociale = models.CharField("raison sociale", max_length=200)
    siret = models.CharField("SIRET", max_length=14, validators=[valider_siret])
    code_naf = models.CharField("code NAF", max_length=6)
    effectif = models.PositiveIntegerField("effectif", default=0)
    ville = models.CharField("ville", max_length=120, blank=True)
    statut = models.CharField("statut", max_length=16, choices=StatutAdherent.choices,
                              default=StatutAdherent.ACTIF)
    date_adhesion = models.DateField("date d'adhésion", default=timezone.localdate)
    centre = models.ForeignKey("spsti.Centre", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="adherents", verbose_name="centre")
    equipe = models.ForeignKey("spsti.Equipe", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="adherents", verbose_name="équipe (UST)")

    history = historique()

    class Meta:
        verbose_name = "adhérent"
        ordering = ["raison_sociale"]
        constraints = [models.UniqueConstraint(fields=["tenant", "siret"], name="adherent_siret_unique")]

    def __str__(self):
        return self.raison_sociale

    @property
    def tranche_effectif(self) -> str:
        return tranche_effectif(self.effectif)

    def get_tranche_effectif_display(self) -> str:
        return TrancheEffectif(self.tranche_effectif).label


class CategorieSuivi(models.TextChoices):
    SI = "SI", "Suivi individuel (SI)"
    SIA = "SIA", "Suivi individuel adapté (SIA)"
    SIR = "SIR", "Suivi individuel renforcé (SIR)"


class Salarie(ModeleService):
    nom = models.CharField("nom", max_length=100)
    prenom = models.CharField("prénom", max_length=100)
    date_naissance = models.DateField("date de naissance")
    sexe = models.CharField("sexe", max_length=1, choices=[("F", "Femme"), ("M", "Homme")])
    adherent = models.ForeignKey(Adherent, on_delete=models.PROTECT, related_name="salaries",
                                 verbose_name="employeur")
    poste = models.CharField("poste", max_length=150, blank=True)
    date_embauche = models.DateField("date d'embauche", null=True, blank=True)
    categorie = models.CharField("catégorie de suivi", max_length=3, choices=CategorieSuivi.choices,
                                 default=CategorieSuivi.SI)

    history = historique()

    class Meta:
        verbose_name = "salarié"
        ordering = ["nom", "prenom"]
        indexes = [models.Index(fields=["tenant", "nom", "prenom"])]

    def __str__(self):
        return f"{self.nom.upper()} {self.prenom}"

    @property
    def equipe_id(self):
        """The worker's team (UST) is the one following their employer."""
        return self.adherent.equipe_id


class AccesPortail(ModeleService):
    """A portal user's right on one member company (an accounting firm has several)."""

    rattachement = models.ForeignKey("spsti.Rattachement", on_delete=models.CASCADE,
                                     related_name="acces_portail", verbose_name="utilisateur du portail")
    adherent = models.ForeignKey(Adherent, on_delete=models.CASCADE, related_name="acces_portail",
                                 verbose_name="adhérent")

    history = historique()

    class Meta:
        verbose_name = "accès portail"
        verbose_name_plural = "accès portail"
        constraints = [models.UniqueConstraint(fields=["tenant", "rattachement", "adherent"],
                                               name="acces_portail_unique")]
