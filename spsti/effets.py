"""Durable side effects (the transactional outbox): nothing that must follow a commit is lost
when Redis, a worker or the database fails.

A side effect (send a convocation, sweep alerts, recompute deadlines, send an e-mail) is an
``EffetDiffere`` row written **in the same transaction as its cause**: if the cause is rolled
back, so is the effect; if it commits, the effect is there until it is done.

API
---
Declare a handler once per kind, in any module imported at start-up (``<app>/effets.py`` are
autodiscovered)::

    from spsti.effets import effet

    @effet("convocation_envoyer")
    def convocation(service, visite_id):
        ...   # runs inside service_actif(service), in a transaction holding the row's lock

Record an effect where its cause is saved (inside the cause's ``transaction.atomic``)::

    from spsti.effets import differer

    differer(service, "convocation_envoyer", {"visite_id": visite.pk},
             cle=f"convocation:{visite.pk}:{visite.debut.isoformat()}")

- ``donnees`` must be JSON (ids, strings, numbers): the handler re-reads the rows it needs.
- ``cle`` (optional) is the idempotency key, unique per service: recording the same key twice
  gives the existing row back (a double click, a retried request, a webhook delivered twice).
  Without a key every call is a new effect.
- Delivery: on commit, the ``spsti.effets.livrer_effet`` task is published (broker timeouts of a
  few seconds). If the broker is down, the request still succeeds: the row waits and the user
  sees « l'envoi est différé » (``EffetsMiddleware``). The beat task ``rattraper_effets`` (every
  minute) delivers every due row (``SELECT … FOR UPDATE SKIP LOCKED``), so nothing depends on
  the first publication.
- A handler runs at most once to success: the row is locked (``FOR UPDATE``) while it runs and
  marked done in the same transaction. A failure (exception, lost database connection, killed
  worker) leaves the row to do, with ``tentatives``, ``derniere_erreur`` and a
  ``prochaine_tentative`` backed off exponentially (30 s, 1 min, 2 min… up to 6 h); after
  ``TENTATIVES_MAX`` the row is abandoned (shown to the platform admin, retried by hand with
  ``relancer``). Handlers must still be idempotent towards the outside world (a crash between
  an e-mail leaving and the commit re-sends it): check a "sent" marker on the cause when you can.
- Tests: with ``CELERY_TASK_ALWAYS_EAGER`` (the default outside production) the effect runs on
  commit, in the request; use ``django_capture_on_commit_callbacks(execute=True)``.
"""

import contextvars
import logging
import uuid
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.contrib import messages
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from .models import EffetDiffere, StatutEffet
from .tenancy import service_actif, tous_services_actifs

journal = logging.getLogger(__name__)

TENTATIVES_MAX = 12
DELAI_INITIAL = timedelta(seconds=30)
DELAI_MAX = timedelta(hours=6)
LOT_RATTRAPAGE = 200
AVIS_DIFFERE = ("L'envoi est différé : votre enregistrement est bien fait, les messages partiront "
                "automatiquement dès que possible.")

_GESTIONNAIRES = {}
_publication_echouee = contextvars.ContextVar("spsti_effets_publication_echouee", default=False)


def effet(genre: str):
    """Registers the handler of one kind of effect: ``handler(service, **donnees)``."""
    def enregistrer(fonction):
        if genre in _GESTIONNAIRES and _GESTIONNAIRES[genre] is not fonction:
            raise ValueError(f"Effet « {genre} » déjà déclaré.")
        _GESTIONNAIRES[genre] = fonction
        return fonction
    return enregistrer


def gestionnaire(genre: str):
    if genre not in _GESTIONNAIRES:
        autodiscover_modules("effets")
    return _GESTIONNAIRES[genre]


def differer(service, genre: str, donnees: dict | None = None, *, cle: str | None = None,
             dans: timedelta | None = None) -> EffetDiffere:
    """Records the effect in the current transaction and publishes its delivery once committed
    (``dans``: not before that delay — a handler's own retry). With a ``cle`` already recorded
    for this service, returns that effect (nothing new)."""
    cle = cle or f"{genre}:{uuid.uuid4()}"
    try:
        with transaction.atomic():
            ligne = EffetDiffere.tous_services.create(tenant=service, genre=genre, donnees=donnees or {}, cle=cle,
                                                      prochaine_tentative=timezone.now() + (dans or timedelta()))
    except IntegrityError:
        return EffetDiffere.tous_services.get(tenant=service, cle=cle)
    if dans is None:
        transaction.on_commit(lambda: publier(ligne.pk))
    elif not settings.CELERY_TASK_ALWAYS_EAGER:  # eager runs ignore countdowns: the catch-up delivers it when due
        transaction.on_commit(lambda: publier(ligne.pk, countdown=dans.total_seconds()))
    return ligne


def differer_en_lot(service, genre: str, effets: list[tuple[dict, str]]) -> None:
    """Records many effects ``(donnees, cle)`` at once in the current transaction (a batch of the
    yearly call: thousands of invoices). Keys already recorded are skipped. Not published: the
    catch-up (``rattraper_effets``, every minute) delivers them by lots, so a large batch never
    floods the broker nor runs inline where tasks are eager."""
    EffetDiffere.tous_services.bulk_create(
        [EffetDiffere(tenant=service, genre=genre, donnees=donnees, cle=cle) for donnees, cle in effets],
        batch_size=2000, ignore_conflicts=True)


def publier(effet_id: int, countdown: float | None = None) -> bool:
    """Sends the delivery task to the broker; never raises (the catch-up delivers what could not
    be published). Returns whether it was published."""
    try:
        livrer_effet.apply_async((effet_id,), countdown=countdown, ignore_result=True)
        return True
    except Exception as erreur:  # broker down or hung (kombu, redis, socket errors), eager failure
        journal.warning("Effet %s non publié (%s) : il sera livré par le rattrapage.", effet_id, erreur)
        _publication_echouee.set(True)
        return False


def delai_apres(tentatives: int) -> timedelta:
    """Exponential backoff: 30 s, 1 min, 2 min, 4 min… capped at 6 h."""
    return min(DELAI_INITIAL * (2 ** max(tentatives - 1, 0)), DELAI_MAX)


def livrer(effet_id: int) -> str | None:
    """Runs one due effect, once: locks its row (skipping it when another worker holds it), runs
    its handler in the service's scope, marks it done in the same transaction. On failure, records
    the attempt and when to try again. Returns the resulting status (None when skipped)."""
    with transaction.atomic():
        with tous_services_actifs():
            ligne = (EffetDiffere.tous_services.select_for_update(skip_locked=True, of=("self",))
                     .select_related("tenant").filter(pk=effet_id, statut=StatutEffet.A_FAIRE).first())
        if ligne is None:
            return None  # done, abandoned, or being delivered by another worker
        maintenant = timezone.now()
        try:
            with service_actif(ligne.tenant), transaction.atomic():
                gestionnaire(ligne.genre)(ligne.tenant, **ligne.donnees)
        except Exception as erreur:
            journal.exception("Effet %s (%s) en échec", ligne.pk, ligne.genre)
            ligne.tentatives += 1
            ligne.derniere_erreur = f"{type(erreur).__name__}: {erreur}"[:2000]
            ligne.prochaine_tentative = maintenant + delai_apres(ligne.tentatives)
            if ligne.tentatives >= TENTATIVES_MAX:
                ligne.statut = StatutEffet.ABANDONNE
        else:
            ligne.tentatives += 1
            ligne.statut, ligne.fait_le, ligne.derniere_erreur = StatutEffet.FAIT, maintenant, ""
        with service_actif(ligne.tenant):
            ligne.save(update_fields=["tentatives", "derniere_erreur", "prochaine_tentative", "statut", "fait_le"])
        return ligne.statut


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True,
             soft_time_limit=120, time_limit=180)
def livrer_effet(effet_id: int):
    """Delivery of one effect (published on commit). A failed attempt is re-published with its
    backoff; the catch-up delivers it anyway if that publication is lost."""
    statut = livrer(effet_id)
    if statut == StatutEffet.A_FAIRE and not livrer_effet.request.is_eager:
        with tous_services_actifs():
            prochaine = (EffetDiffere.tous_services.filter(pk=effet_id)
                         .values_list("prochaine_tentative", flat=True).first())
        if prochaine:
            publier(effet_id, countdown=max((prochaine - timezone.now()).total_seconds(), 0))
    return statut


def effets_dus(limite: int = LOT_RATTRAPAGE) -> list[int]:
    with tous_services_actifs():
        return list(EffetDiffere.tous_services.filter(statut=StatutEffet.A_FAIRE,
                                                      prochaine_tentative__lte=timezone.now())
                    .order_by("prochaine_tentative").values_list("pk", flat=True)[:limite])


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True,
             soft_time_limit=540, time_limit=600)
def rattraper_effets(limite: int = LOT_RATTRAPAGE) -> dict:
    """Beat, every minute: delivers every due effect (those whose publication was lost, whose
    worker died, or whose retry time has come). Rows locked by another worker are skipped."""
    bilan = {"faits": 0, "a_refaire": 0, "abandonnes": 0}
    for effet_id in effets_dus(limite):
        try:
            statut = livrer(effet_id)
        except DatabaseError:  # the database went away: the rest waits for the next run
            journal.exception("Rattrapage des effets interrompu")
            break
        if statut == StatutEffet.FAIT:
            bilan["faits"] += 1
        elif statut == StatutEffet.A_FAIRE:
            bilan["a_refaire"] += 1
        elif statut == StatutEffet.ABANDONNE:
            bilan["abandonnes"] += 1
    return bilan


def relancer(effet_ids) -> int:
    """An operator retries abandoned effects (after fixing their cause)."""
    with tous_services_actifs():
        return EffetDiffere.tous_services.filter(pk__in=list(effet_ids)).exclude(statut=StatutEffet.FAIT).update(
            statut=StatutEffet.A_FAIRE, tentatives=0, prochaine_tentative=timezone.now())


class EffetsMiddleware:
    """Tells the user when the sending of what they just saved is delayed (broker unreachable):
    the save succeeded, the outbox will deliver."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        jeton = _publication_echouee.set(False)
        try:
            reponse = self.get_response(request)
            if _publication_echouee.get() and hasattr(request, "_messages"):
                messages.warning(request, AVIS_DIFFERE)
            return reponse
        finally:
            _publication_echouee.reset(jeton)


# Effects of this app (the other apps declare theirs in their own ``effets.py``).

@effet("courriel_envoyer")
def courriel_envoyer(service, sujet: str, message: str, destinataires: list[str]):
    """A plain e-mail (member requests, answers)."""
    from django.core.mail import send_mail

    send_mail(subject=sujet, message=message, from_email=None, recipient_list=destinataires)


@effet("alertes_balayer")
def alertes_balayer(service, codes: list[str] | None = None):
    """The alert sources an event concerns, swept at once."""
    from .alertes import balayer_alertes

    return balayer_alertes(timezone.localdate(), codes)
