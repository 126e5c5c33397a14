"""The outbox (spsti/effets.py): side effects recorded with their cause, delivered after commit,
retried with backoff, caught up by beat; a booking never fails because Redis is down, and its
convocation leaves exactly once after recovery."""

import time
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.core import mail
from django.db import OperationalError, transaction
from django.utils import timezone

from spsti import effets
from spsti.effets import differer, effet, livrer, rattraper_effets
from spsti.models import EffetDiffere, StatutEffet
from spsti.permissions import Role
from spsti.tenancy import service_actif, tous_services_actifs
from suivi_individuel.models import StatutVisite
from tests.suivi_individuel.outils import DEMAIN, convoquer, moment, plage, visites

APPELS = []


@effet("test_compter")
def compter(service, valeur, echouer=0):
    """Fails its first ``echouer`` calls (a database cut, a mail server down), then counts."""
    APPELS.append(valeur)
    if len([v for v in APPELS if v == valeur]) <= echouer:
        raise OperationalError("server closed the connection unexpectedly")


@pytest.fixture(autouse=True)
def remise_a_zero():
    APPELS.clear()


def lignes(service, **filtres):
    with tous_services_actifs():
        return list(EffetDiffere.tous_services.filter(tenant=service, **filtres))


@contextmanager
def broker(url):
    """Tasks sent to the broker at ``url`` (not run eagerly) for the block."""
    from django.conf import settings

    from spsti.celery import app

    app.conf.update(task_always_eager=False, broker_url=url)
    try:
        yield
    finally:
        app.conf.update(task_always_eager=True, broker_url=settings.CELERY_BROKER_URL)
        # forget the fault broker's connections everywhere kombu keeps them (its global pools and
        # the app's producer pool): closing only ``app.pool`` here closed the *real* broker's pool,
        # left in kombu's registry, and a later real-worker test failed "Acquire on closed pool"
        from kombu import pools

        pools.reset()
        app._pool, app.amqp._producer_pool = None, None


@pytest.fixture
def broker_en_panne():
    """Redis unreachable: nothing listens on the broker's port."""
    with broker("redis://127.0.0.1:1/0"):
        yield


@pytest.mark.django_db(transaction=True)
def test_broker_en_panne_la_convocation_part_une_seule_fois_au_retour(a, broker_en_panne):
    plage(a, Role.MEDECIN)
    a.salarie.email = "alex@exemple.fr"
    a.salarie.save()
    debut = time.monotonic()
    reponse = convoquer(a, Role.ASSISTANT_MEDICAL, Role.MEDECIN, moment(DEMAIN, 9, 20))
    duree = time.monotonic() - debut
    assert reponse.status_code == 302 and duree < 8, duree
    (visite,) = visites(a, statut=StatutVisite.PLANIFIEE)
    assert mail.outbox == [] and visite.convoquee_le is None
    (ligne,) = lignes(a.service, genre="convocation_envoyer")
    assert ligne.statut == StatutEffet.A_FAIRE

    from spsti.celery import app
    app.conf.update(task_always_eager=True)  # Redis is back: beat's catch-up runs
    assert rattraper_effets() == {"faits": 1, "a_refaire": 0, "abandonnes": 0}
    assert rattraper_effets() == {"faits": 0, "a_refaire": 0, "abandonnes": 0}
    (courriel,) = mail.outbox
    assert courriel.to == ["alex@exemple.fr"]
    (visite,) = visites(a, statut=StatutVisite.PLANIFIEE)
    assert visite.convoquee_le is not None


@pytest.mark.django_db(transaction=True)
def test_broker_en_panne_l_utilisateur_est_prevenu_en_francais(a, broker_en_panne):
    plage(a, Role.MEDECIN)
    client = a.client(Role.ASSISTANT_MEDICAL)
    from tests.suivi_individuel.outils import type_visite
    reponse = client.post(f"/suivi/salaries/{a.salarie.pk}/convoquer/", {
        "type_service": type_visite(a, "vip_periodique").pk, "professionnel": a.membres[Role.MEDECIN].pk,
        "debut": timezone.localtime(moment(DEMAIN, 9, 20)).strftime("%Y-%m-%dT%H:%M"), "mode": "site"},
        follow=True)
    assert reponse.status_code == 200
    assert "L&#x27;envoi est différé" in reponse.content.decode()


def test_un_effet_est_enregistre_avec_sa_cause_et_annule_avec_elle(a, django_capture_on_commit_callbacks):
    with pytest.raises(RuntimeError), transaction.atomic():
        differer(a.service, "test_compter", {"valeur": 1})
        raise RuntimeError("la cause échoue")
    assert lignes(a.service) == []
    with django_capture_on_commit_callbacks(execute=True):
        differer(a.service, "test_compter", {"valeur": 2})
    assert APPELS == [2]
    (ligne,) = lignes(a.service)
    assert ligne.statut == StatutEffet.FAIT and ligne.tentatives == 1 and ligne.fait_le


def test_la_cle_d_idempotence_n_enregistre_l_effet_qu_une_fois(a, b, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        premier = differer(a.service, "test_compter", {"valeur": 3}, cle="convocation:1")
        second = differer(a.service, "test_compter", {"valeur": 3}, cle="convocation:1")
        autre_service = differer(b.service, "test_compter", {"valeur": 3}, cle="convocation:1")
    assert premier.pk == second.pk != autre_service.pk
    assert APPELS == [3, 3]  # once per service


def test_coupure_de_la_base_pendant_l_envoi_l_effet_est_retente_avec_recul(a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        differer(a.service, "test_compter", {"valeur": 4, "echouer": 2})
    (ligne,) = lignes(a.service)
    assert ligne.statut == StatutEffet.A_FAIRE and ligne.tentatives == 1
    assert "server closed the connection" in ligne.derniere_erreur
    assert timedelta(seconds=25) < ligne.prochaine_tentative - timezone.now() <= timedelta(seconds=30)
    assert rattraper_effets()["faits"] == 0  # not due yet
    with tous_services_actifs():
        EffetDiffere.tous_services.filter(pk=ligne.pk).update(prochaine_tentative=timezone.now())
    assert rattraper_effets() == {"faits": 0, "a_refaire": 1, "abandonnes": 0}
    (ligne,) = lignes(a.service)
    assert ligne.tentatives == 2 and ligne.prochaine_tentative - timezone.now() > timedelta(seconds=55)
    with tous_services_actifs():
        EffetDiffere.tous_services.filter(pk=ligne.pk).update(prochaine_tentative=timezone.now())
    assert rattraper_effets() == {"faits": 1, "a_refaire": 0, "abandonnes": 0}
    assert APPELS == [4, 4, 4]
    assert livrer(ligne.pk) is None  # done: never again


@pytest.mark.parametrize(("tentatives", "delai"), [(1, 30), (2, 60), (3, 120), (5, 480), (20, 6 * 3600)])
def test_le_recul_est_exponentiel_et_borne(tentatives, delai):
    assert effets.delai_apres(tentatives) == timedelta(seconds=delai)


def test_apres_trop_d_echecs_l_effet_est_abandonne(a):
    with service_actif(a.service):
        ligne = EffetDiffere.objects.create(tenant=a.service, genre="test_compter", cle="x",
                                            donnees={"valeur": 5, "echouer": 99},
                                            tentatives=effets.TENTATIVES_MAX - 1)
    assert livrer(ligne.pk) == StatutEffet.ABANDONNE
    assert effets.relancer([ligne.pk]) == 1
    assert lignes(a.service)[0].statut == StatutEffet.A_FAIRE


@pytest.fixture
def redis_fige():
    """A Redis that accepts connections and never answers (a hung server)."""
    import socket
    import threading

    serveur = socket.socket()
    serveur.bind(("127.0.0.1", 0))
    serveur.listen(16)
    connexions = []
    arret = threading.Event()

    def accepter():
        serveur.settimeout(0.2)
        while not arret.is_set():
            try:
                connexions.append(serveur.accept()[0])
            except OSError:
                continue

    fil = threading.Thread(target=accepter, daemon=True)
    fil.start()
    with broker(f"redis://127.0.0.1:{serveur.getsockname()[1]}/0"):
        yield
    arret.set()
    fil.join()
    for connexion in connexions:
        connexion.close()
    serveur.close()


@pytest.mark.django_db(transaction=True)
def test_un_redis_fige_ne_bloque_pas_la_reservation(a, redis_fige):
    plage(a, Role.MEDECIN)
    debut = time.monotonic()
    reponse = convoquer(a, Role.ASSISTANT_MEDICAL, Role.MEDECIN, moment(DEMAIN, 9, 20))
    duree = time.monotonic() - debut
    assert reponse.status_code == 302 and duree < 15, duree  # 152 s before the broker timeouts
    (ligne,) = lignes(a.service, genre="convocation_envoyer")
    assert ligne.statut == StatutEffet.A_FAIRE  # delivered by the catch-up once Redis answers
