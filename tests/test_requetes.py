"""Lists cost the same number of queries whatever their length (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from spsti.permissions import Role

from .factories import AdherentFactory, RattachementFactory


def requetes(client, url):
    with CaptureQueriesContext(connection) as capture:
        assert client.get(url).status_code == 200
    return len(capture)


@pytest.mark.parametrize(("url", "role"), [
    ("/organisation/", Role.DIRECTEUR), ("/api/v1/personnel/", Role.DIRECTEUR), ("/accueil/", Role.DIRECTEUR),
    ("/alertes/", Role.SERVICE_ADHERENT), ("/api/v1/alertes/", Role.SERVICE_ADHERENT),
    ("/journal-acces-medical/", Role.DIRECTEUR), ("/portail/", Role.ADHERENT),
])
def test_le_nombre_de_requetes_ne_depend_pas_du_volume(a, url, role):
    from spsti.tasks import balayer_alertes_service

    client = a.client(role)
    medecin = a.client(Role.MEDECIN)

    def grossir():
        RattachementFactory(tenant=a.service, equipe=a.autre_equipe, role=Role.INFIRMIER)
        sans_equipe = AdherentFactory(tenant=a.service, equipe=None, centre=a.equipe.centre)
        from adherents.models import AccesPortail

        AccesPortail.objects.create(tenant=a.service, adherent=sans_equipe, rattachement=a.membres[Role.ADHERENT])
        medecin.get(f"/suivi/salaries/{a.salarie.pk}/dossier-medical/")
        balayer_alertes_service.delay(a.service.pk)

    grossir()
    avant = requetes(client, url)
    for _ in range(5):
        grossir()
    assert requetes(client, url) == avant


def test_l_historique_nomme_chaque_ligne_liee_une_seule_fois(a):
    iprp = a.membres[Role.IPRP]
    client = a.client(Role.DIRECTEUR)
    url = f"/historique/spsti.rattachement/{iprp.pk}/"

    def changer_deux_fois():
        for equipe in (a.autre_equipe, a.equipe):
            iprp.equipe = equipe
            iprp.save()

    changer_deux_fois()
    avant = requetes(client, url)
    for _ in range(4):
        changer_deux_fois()
    assert requetes(client, url) == avant
