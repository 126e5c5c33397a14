"""The daily sweep turns what is due into Alerte rows, per service, for the roles concerned."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django_scopes import scopes_disabled

from spsti.models import Alerte
from spsti.permissions import Role
from spsti.tasks import balayer_alertes_service, balayer_alertes_tous_services

from .factories import AdherentFactory
from .prevention.outils import a_jour_en_prevention


@pytest.fixture
def a(a):
    """Only the source under test has something due (the prevention deadlines are met)."""
    return a_jour_en_prevention(a)


@pytest.fixture
def b(b):
    return a_jour_en_prevention(b)


def alertes_ouvertes(service):
    with scopes_disabled():
        return list(Alerte.objects.filter(tenant=service, resolue_le__isnull=True))


@pytest.fixture
def sans_equipe(a):
    return AdherentFactory(tenant=a.service, equipe=None, centre=a.equipe.centre,
                           raison_sociale="Boulangerie Ménard",
                           date_adhesion=date.today() - timedelta(days=30))  # a new member: no FE due yet


def test_le_balayage_ouvre_une_alerte_pour_l_adherent_sans_equipe(a, sans_equipe):
    resultat = balayer_alertes_service.delay(a.service.pk).get()
    assert resultat == {"ouvertes": 1, "closes": 0}
    [alerte] = alertes_ouvertes(a.service)
    assert (alerte.objet, alerte.role, alerte.due_depuis) == (sans_equipe, Role.SERVICE_ADHERENT,
                                                             sans_equipe.date_adhesion)


def test_le_balayage_est_idempotent_et_ferme_ce_qui_n_est_plus_du(a, sans_equipe):
    balayer_alertes_service.delay(a.service.pk)
    assert balayer_alertes_service.delay(a.service.pk).get() == {"ouvertes": 0, "closes": 0}
    assert len(alertes_ouvertes(a.service)) == 1
    sans_equipe.equipe = a.equipe
    sans_equipe.save()
    assert balayer_alertes_service.delay(a.service.pk).get() == {"ouvertes": 0, "closes": 1}
    assert alertes_ouvertes(a.service) == []


def test_le_balayage_d_un_service_ne_touche_pas_l_autre(a, b, sans_equipe):
    AdherentFactory(tenant=b.service, equipe=None, centre=b.equipe.centre)
    balayer_alertes_service.delay(a.service.pk)
    assert len(alertes_ouvertes(a.service)) == 1 and alertes_ouvertes(b.service) == []


def test_la_tache_planifiee_balaye_chaque_service(a, b, sans_equipe):
    AdherentFactory(tenant=b.service, equipe=None, centre=b.equipe.centre)
    balayer_alertes_tous_services.delay()
    assert len(alertes_ouvertes(a.service)) == 1 and len(alertes_ouvertes(b.service)) == 1
    taches = {entree["task"] for entree in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "spsti.tasks.balayer_alertes_tous_services" in taches


def test_l_alerte_apparait_sur_l_accueil_des_roles_concernes_seulement(a, sans_equipe):
    balayer_alertes_service.delay(a.service.pk)
    texte = "Boulangerie Ménard : aucune équipe de santé au travail attribuée"
    accueil = a.client(Role.SERVICE_ADHERENT).get("/accueil/").content.decode()
    assert "Adhérents sans équipe" in accueil  # grouped by kind on the home, with its count
    assert texte in a.client(Role.SERVICE_ADHERENT).get("/alertes/").content.decode()
    assert a.client(Role.SERVICE_ADHERENT).get("/api/v1/alertes/").json()["count"] == 1
    assert "Adhérents sans équipe" not in a.client(Role.MEDECIN).get("/accueil/").content.decode()
    assert a.client(Role.MEDECIN).get("/api/v1/alertes/").json()["count"] == 0


def test_une_tache_sur_un_service_inconnu_echoue(db):
    from spsti.models import Service

    with pytest.raises(Service.DoesNotExist):
        balayer_alertes_service.delay(999_999)


@pytest.mark.celery_reel
@pytest.mark.django_db(transaction=True)
def test_un_vrai_worker_celery_execute_le_balayage_via_redis(a, sans_equipe):
    from celery.contrib.testing.worker import start_worker

    from spsti.celery import app

    app.conf.update(task_always_eager=False, broker_url=settings.REDIS_URL,
                    result_backend=settings.REDIS_URL)
    app.loader.import_module("celery.contrib.testing.tasks")
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            resultat = balayer_alertes_service.delay(a.service.pk).get(timeout=60)
    finally:
        app.conf.update(task_always_eager=True)
    assert resultat == {"ouvertes": 1, "closes": 0}
    assert len(alertes_ouvertes(a.service)) == 1


def test_la_commande_de_gestion_prend_le_service_en_argument(a, b, sans_equipe):
    from io import StringIO

    from django.core.management import CommandError, call_command

    sortie = StringIO()
    call_command("balayer_alertes", tenant=a.service.siren, stdout=sortie)
    assert "1 alerte(s) ouverte(s)" in sortie.getvalue()
    assert len(alertes_ouvertes(a.service)) == 1 and alertes_ouvertes(b.service) == []
    with pytest.raises(CommandError, match="Aucun service"):
        call_command("balayer_alertes", tenant="999999999")
