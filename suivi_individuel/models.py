"""Individual health follow-up. First, the medical record (DMST) that proves the medical
secrecy mechanism; the follow-up issue adds visits, schedule and protocols."""

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
