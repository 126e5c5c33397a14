"""Webhooks: a member (from its portal) or a partner system of the service (declared by the
director) subscribes a URL to events; every event becomes one delivery per subscription, every
attempt of a delivery is logged. Payloads carry identifiers, dates, types and links only: never
medical content (``webhooks.evenements``)."""

import secrets
import uuid

from django.db import models
from django.utils import timezone

from spsti.tenancy import ModeleService, historique


class TypeEvenement(models.TextChoices):
    CONVOCATION_CREEE = "convocation.creee", "Convocation créée"
    CONVOCATION_DEPLACEE = "convocation.deplacee", "Convocation déplacée"
    DOCUMENT_DISPONIBLE = "document.disponible", "Attestation ou avis disponible"
    DECLARATION_APPLIQUEE = "declaration.appliquee", "Déclaration d'effectifs appliquée"
    FACTURE_EMISE = "facture.emise", "Facture ou avoir émis"


def nouveau_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


class Abonnement(ModeleService):
    """A URL that receives the chosen events: a member's (its own company's events only) or, with
    no member, a partner system's (every event of the service)."""

    adherent = models.ForeignKey("adherents.Adherent", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="abonnements_webhook", verbose_name="adhérent",
                                 help_text="Vide : un système partenaire du service, qui reçoit les événements de "
                                           "tous les adhérents.")
    nom = models.CharField("nom", max_length=100, help_text="Le logiciel qui reçoit (paie, RH, cabinet comptable…).")
    url = models.URLField("adresse de réception", max_length=500)
    evenements = models.JSONField("événements", default=list)
    secret = models.CharField("secret de signature", max_length=80, default=nouveau_secret, editable=False)
    actif = models.BooleanField("actif", default=True)
    cree_par = models.ForeignKey("spsti.Utilisateur", on_delete=models.PROTECT, related_name="+",
                                 verbose_name="créé par")
    cree_le = models.DateTimeField("créé le", default=timezone.now)

    history = historique(excluded_fields=["secret"])

    class Meta:
        verbose_name = "abonnement webhook"
        verbose_name_plural = "abonnements webhook"
        ordering = ["nom", "pk"]

    def __str__(self):
        return f"{self.nom} ({self.url})"

    def get_evenements_display(self) -> list[str]:
        return [TypeEvenement(e).label for e in self.evenements if e in TypeEvenement.values]


class StatutLivraison(models.TextChoices):
    EN_COURS = "en_cours", "En cours (nouvel essai prévu)"
    LIVREE = "livree", "Livrée"
    ABANDONNEE = "abandonnee", "Abandonnée"


class Livraison(ModeleService):
    """One event for one subscription; its payload is frozen when the event happens. Log rows:
    no history (the attempts are its history)."""

    abonnement = models.ForeignKey(Abonnement, on_delete=models.PROTECT, related_name="livraisons",
                                   verbose_name="abonnement")
    evenement = models.CharField("événement", max_length=40, choices=TypeEvenement.choices)
    identifiant = models.UUIDField("identifiant de l'événement", default=uuid.uuid4, editable=False)
    charge = models.JSONField("contenu envoyé")
    statut = models.CharField("statut", max_length=12, choices=StatutLivraison.choices,
                              default=StatutLivraison.EN_COURS)
    tentatives = models.PositiveSmallIntegerField("tentatives", default=0)
    creee_le = models.DateTimeField("créée le", default=timezone.now)
    livree_le = models.DateTimeField("livrée le", null=True, blank=True)

    class Meta:
        verbose_name = "livraison webhook"
        verbose_name_plural = "livraisons webhook"
        ordering = ["-creee_le", "-pk"]
        indexes = [models.Index(fields=["tenant", "abonnement", "-creee_le"], name="livraison_abonnement_idx")]

    def __str__(self):
        return f"{self.get_evenement_display()} → {self.abonnement.nom}"


class Tentative(ModeleService):
    """One POST of a delivery: when, how long, the receiver's answer or the error."""

    livraison = models.ForeignKey(Livraison, on_delete=models.CASCADE, related_name="essais",
                                  verbose_name="livraison")
    le = models.DateTimeField("le", default=timezone.now)
    duree_ms = models.PositiveIntegerField("durée (ms)")
    statut_http = models.PositiveSmallIntegerField("réponse HTTP", null=True, blank=True)
    erreur = models.CharField("erreur", max_length=500, blank=True)
    reussie = models.BooleanField("réussie", default=False)

    class Meta:
        verbose_name = "tentative de livraison"
        verbose_name_plural = "tentatives de livraison"
        ordering = ["-le", "-pk"]
