"""Delivery of a webhook (an outbox effect): one signed POST, logged, then the next attempt
planned with an exponential backoff, or the delivery marked done or abandoned.

The attempt is logged by the handler, which therefore never raises for a receiver's failure
(a raise would roll the log back with it): it plans the next attempt itself, as a new outbox
effect due after ``spsti.effets.delai_apres`` (30 s, 1 min, 2 min… up to 6 h)."""

import json
import logging
import time
import uuid

import requests
from django.utils import timezone

from spsti.effets import delai_apres, effet

from .evenements import GENRE_EFFET, programmer
from .models import Livraison, StatutLivraison, Tentative
from .reseau import REFUS, destination_permise
from .signature import signer

TENTATIVES_MAX = 10  # about 4 h 15 of retries before giving up
DELAIS = (5, 10)  # seconds to connect, to read the answer
# What the attempt's page says of a failure (most specific first); the raw error goes to the log.
ECHECS = ((requests.Timeout, "Pas de réponse dans le délai (5 s pour se connecter, 10 s pour répondre)."),
          (requests.exceptions.SSLError, "Certificat du serveur refusé."),
          (requests.ConnectionError, "Connexion au serveur impossible."),
          (requests.RequestException, "Échec de l'envoi."))
journal = logging.getLogger(__name__)


def envoyer(livraison: Livraison) -> Tentative:
    """POSTs the frozen payload, signed; returns the attempt (not saved)."""
    abonnement = livraison.abonnement
    corps = json.dumps(livraison.charge, ensure_ascii=False, separators=(",", ":")).encode()
    horodatage = str(int(time.time()))
    entetes = {"Content-Type": "application/json", "User-Agent": "SPSTI-Webhooks/1",
               "X-SPSTI-Evenement": livraison.evenement, "X-SPSTI-Livraison": str(livraison.identifiant),
               "X-SPSTI-Horodatage": horodatage, "X-SPSTI-Signature": signer(abonnement.secret, horodatage, corps)}
    tentative = Tentative(tenant=livraison.tenant, livraison=livraison, le=timezone.now())
    debut = time.monotonic()
    if not destination_permise(abonnement.url):
        tentative.erreur, tentative.duree_ms = REFUS, 0
        return tentative
    try:
        reponse = requests.post(abonnement.url, data=corps, headers=entetes, timeout=DELAIS, allow_redirects=False)
    except requests.RequestException as erreur:
        journal.info("webhook %s: %r", livraison.identifiant, erreur)
        tentative.erreur = next(texte for genre, texte in ECHECS if isinstance(erreur, genre))
    else:
        tentative.statut_http = reponse.status_code
        tentative.reussie = 200 <= reponse.status_code < 300
        if not tentative.reussie:
            tentative.erreur = f"Réponse HTTP {reponse.status_code} {reponse.reason or ''}".strip()[:500]
    tentative.duree_ms = round((time.monotonic() - debut) * 1000)
    return tentative


@effet(GENRE_EFFET)
def webhook_livrer(service, livraison_id: int):
    livraison = (Livraison.objects.select_for_update(of=("self",)).select_related("abonnement")
                 .filter(pk=livraison_id).first())
    if livraison is None or livraison.statut != StatutLivraison.EN_COURS:
        return  # delivered meanwhile, or abandoned
    if not livraison.abonnement.actif:
        tentative = Tentative(tenant=service, livraison=livraison, duree_ms=0, erreur="Abonnement désactivé.")
    else:
        tentative = envoyer(livraison)
    tentative.save()
    livraison.tentatives += 1
    if tentative.reussie:
        livraison.statut, livraison.livree_le = StatutLivraison.LIVREE, tentative.le
    elif livraison.tentatives >= TENTATIVES_MAX or not livraison.abonnement.actif:
        livraison.statut = StatutLivraison.ABANDONNEE
    else:
        programmer(livraison, dans=delai_apres(livraison.tentatives))
    livraison.save(update_fields=["tentatives", "statut", "livree_le"])


def rejouer(livraison: Livraison) -> bool:
    """A person replays a delivery (after fixing the receiver): one more attempt, now. Not while
    its retries are still running (two chains of retries would then deliver it twice)."""
    if livraison.statut == StatutLivraison.EN_COURS:
        return False
    livraison.statut = StatutLivraison.EN_COURS
    livraison.save(update_fields=["statut"])
    programmer(livraison, motif=f":rejeu:{uuid.uuid4().hex[:8]}")
    return True
