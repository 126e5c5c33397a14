"""Worker search from the navigation bar (issue 16, point 4): name, birth name, NIR, birth date,
member; what each result offers follows the role; another service's workers never show."""

from datetime import date

import pytest

from spsti.permissions import Role
from spsti.tenancy import service_actif
from tests.factories import SalarieFactory


@pytest.fixture
def lea(a):
    with service_actif(a.service):
        return SalarieFactory(tenant=a.service, adherent=a.adherent, nom="Martin", nom_naissance="Rivière",
                              prenom="Léa", date_naissance=date(1981, 6, 2), nir="281068400704206")


@pytest.mark.parametrize("q", ["martin", "Rivière", "léa mar", "02/06/1981", "2 81 06 84", "1981-06-02"])
def test_on_trouve_un_salarie_par_tout_ce_qu_on_sait_de_lui(a, lea, q):
    page = a.client(Role.ASSISTANT_MEDICAL).get("/adherents/salaries/recherche/", {"q": q})
    assert f'href="/adherents/salaries/{lea.pk}/"' in page.content.decode(), q


def test_par_l_entreprise(a, lea):
    page = a.client(Role.SERVICE_ADHERENT).get("/adherents/salaries/recherche/", {"q": a.adherent.raison_sociale})
    assert f'href="/adherents/salaries/{lea.pk}/"' in page.content.decode()


@pytest.mark.parametrize(("role", "dossier", "convoquer"), [
    (Role.MEDECIN, True, True), (Role.INFIRMIER, True, True), (Role.ASSISTANT_MEDICAL, False, True),
    (Role.SERVICE_ADHERENT, False, False), (Role.COMPTABLE, False, False)])
def test_les_resultats_suivent_le_role(a, lea, role, dossier, convoquer):
    page = a.client(role).get("/adherents/salaries/recherche/", {"q": "Martin"}).content.decode()
    assert (f"/suivi/salaries/{lea.pk}/dossier-medical/" in page) is dossier
    assert (f"/suivi/salaries/{lea.pk}/convoquer/" in page) is convoquer


def test_la_barre_de_navigation_porte_la_recherche(a):
    assert 'action="/adherents/salaries/recherche/"' in a.client(Role.COMPTABLE).get("/accueil/").content.decode()


def test_un_autre_service_ne_voit_rien(a, b, lea):
    page = b.client(Role.MEDECIN).get("/adherents/salaries/recherche/", {"q": "Martin"}).content.decode()
    assert f"/adherents/salaries/{lea.pk}/" not in page
