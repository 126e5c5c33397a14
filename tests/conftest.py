import os
from datetime import date, timedelta

import pytest
from django.test import Client
from hypothesis import HealthCheck, settings

from spsti.permissions import Role
from suivi_individuel.models import Visite

from .connexion import connecter
from .factories import (
    AccesPortailFactory,
    AdherentFactory,
    DossierMedicalFactory,
    EquipeFactory,
    RattachementFactory,
    SalarieFactory,
)

# Properties are checked on their examples, not on the machine's speed: a busy CI machine made
# Hypothesis's "input generation is slow" check and its per-example deadline fail at random.
settings.register_profile("spsti", suppress_health_check=[HealthCheck.too_slow], deadline=None)
settings.load_profile("spsti")

# Playwright's sync API runs an event loop in the test thread; Django's ORM is used from the
# same thread only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _types_de_contenu_relus():
    """A transactional test empties the tables and recreates the content types under new ids:
    the cache must not keep the old ones for the next test of the same process."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


class Monde:
    """One service with a team, a member company, a worker with a medical record, and a
    member (staff or portal user) of every role. Built twice: ``a`` and ``b``."""

    def __init__(self):
        self.equipe = EquipeFactory()
        self.service = self.equipe.tenant
        self.autre_equipe = EquipeFactory(centre=self.equipe.centre, tenant=self.service)
        self.adherent = AdherentFactory(equipe=self.equipe, tenant=self.service, centre=self.equipe.centre)
        self.salarie = SalarieFactory(adherent=self.adherent, tenant=self.service)
        # seen last year: nothing late in its schedule unless a test makes it so
        Visite.objects.create(tenant=self.service, salarie=self.salarie, type="vip_initiale",
                              date=date.today() - timedelta(days=365))
        self.dossier = DossierMedicalFactory(salarie=self.salarie, tenant=self.service)
        self.membres = {}
        for role in Role:
            if role == Role.ADHERENT:
                acces = AccesPortailFactory(adherent=self.adherent, tenant=self.service,
                                            rattachement__tenant=self.service)
                self.membres[role] = acces.rattachement
            else:
                # the social worker sits in the PDP cell, as in seed 001
                self.membres[role] = RattachementFactory(equipe=self.equipe, tenant=self.service, role=role,
                                                         membre_cellule_pdp=role == Role.ASSISTANT_SOCIAL)

    def client(self, role) -> Client:
        return connecter(Client(), self.membres[role].utilisateur)


@pytest.fixture
def a(db):
    return Monde()


@pytest.fixture
def b(db):
    return Monde()


@pytest.fixture
def admin_client(db, admin_user):
    """pytest-django's admin client, with its second factor verified (issue 11)."""
    return connecter(Client(), admin_user)
