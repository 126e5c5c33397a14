"""One workforce count (issue 16, point 7): a member's headcount is its workers with an employment
open at the date, each counting one (L4622-6). The back-office header, the member list, the portal
header and table, the declaration, the API and the yearly call say the same number, before and
after a declaration adds workers (the issue's "5 salariés" against 9, then 11)."""

import re
from datetime import date, timedelta

import pytest
from django_scopes import scopes_disabled

from adherents import effectifs
from adherents.models import Adherent, DeclarationEffectifs, Emploi, Etablissement
from offres.selectors import apercu_appel
from spsti.permissions import Role
from spsti.tenancy import service_actif
from tests.factories import SalarieFactory

from ..offres.outils import grille_socle
from .test_declarations import ENTETES, confirmer, deposer

DEUX_NOUVEAUX = "\n".join([
    ENTETES,
    "Martin;Léa;02/06/1981;F;2 81 06 84 007 042 06;Boulangère;636c;01/02/2024;;SI;",
    "Durand;Paul;15/03/1990;M;;Livreur;;01/09/2025;;SIA;travail_nuit",
])


@pytest.fixture(autouse=True)
def medias(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def nombres_affiches(monde) -> dict[str, object]:
    """The member's headcount as each surface shows it."""
    adherent = monde.adherent
    bureau = monde.client(Role.SERVICE_ADHERENT)
    fiche = bureau.get(f"/adherents/{adherent.pk}/").content.decode()
    liste = bureau.get("/adherents/", {"q": adherent.raison_sociale}).content.decode()
    portail = monde.client(Role.ADHERENT).get(f"/portail/entreprises/{adherent.pk}/").content.decode()
    with service_actif(monde.service):
        appel = {ligne.adherent.pk: ligne.effectif for ligne in apercu_appel(2026).lignes}
    with scopes_disabled():
        declaration = DeclarationEffectifs.objects.filter(adherent=adherent).first()
    return {
        "fiche": int(re.search(r"· (\d+) salariés \(", fiche)[1]),
        "liste": int(re.search(r'<td class="text-end">(\d+)<div', liste)[1]),
        "portail": int(re.search(r"· (\d+) salariés</p>", portail)[1]),
        "tableau du portail": int(re.search(r"Mes salariés et leur suivi <small[^>]*>(\d+)</small>", portail)[1]),
        "API": bureau.get(f"/api/v1/adherents/{adherent.pk}/").json()["effectif"],
        "appel de cotisation": appel[adherent.pk],
        "déclaration": declaration.totaux["total"] if declaration else None,
    }


def test_un_seul_effectif_partout_avant_et_apres_une_declaration(a):
    with scopes_disabled():
        Etablissement.objects.filter(adherent=a.adherent).update(effectif=5)  # the typed figure of the issue
        grille_socle(a.service, 2026)
    for _ in range(8):  # with the world's worker: 9 employed since 2021
        SalarieFactory(tenant=a.service, adherent=a.adherent)
    assert set(nombres_affiches(a).values()) == {9, None}  # no declaration yet

    employeur = a.client(Role.ADHERENT)
    assert deposer(employeur, a.adherent, DEUX_NOUVEAUX).status_code == 200
    assert confirmer(employeur, a.adherent).status_code == 302

    assert set(nombres_affiches(a).values()) == {11}


def test_un_depart_ou_une_embauche_a_venir_ne_compte_qu_a_sa_date(a):
    """Present that day: hired on or before it, not left before it (a worker leaving that day
    counts); the stored figure follows each change of employment."""
    aujourd_hui = date.today()
    with scopes_disabled():
        parti = SalarieFactory(tenant=a.service, adherent=a.adherent)
        Emploi.objects.filter(salarie=parti).update(date_sortie=aujourd_hui - timedelta(days=1))
        part_ce_soir = SalarieFactory(tenant=a.service, adherent=a.adherent)
        emploi = Emploi.objects.get(salarie=part_ce_soir)
        emploi.date_sortie = aujourd_hui
        emploi.save()  # through the model: the member's figure is refreshed at once
        arrive = SalarieFactory(tenant=a.service, adherent=a.adherent)
        emploi = Emploi.objects.get(salarie=arrive)
        emploi.date_embauche = aujourd_hui + timedelta(days=10)
        emploi.save()
        assert effectifs.par_categorie(a.adherent, aujourd_hui)["total"] == 2  # the world's worker, part_ce_soir
        assert Adherent.objects.get(pk=a.adherent.pk).effectif == 2
        assert effectifs.par_categorie(a.adherent, aujourd_hui + timedelta(days=10))["total"] == 2
        assert effectifs.par_categorie(a.adherent, aujourd_hui - timedelta(days=1))["total"] == 3


def test_la_nuit_met_a_jour_l_effectif_des_dates_passees(a):
    """A departure recorded in bulk (no signal) or dated ahead is counted by the nightly refresh."""
    with scopes_disabled():
        Emploi.objects.filter(adherent=a.adherent).update(date_sortie=date.today() - timedelta(days=1))
        assert Adherent.objects.get(pk=a.adherent.pk).effectif == 1
    from adherents.tasks import actualiser_effectifs

    assert actualiser_effectifs.delay(a.service.pk).get() == 1
    with scopes_disabled():
        assert Adherent.objects.get(pk=a.adherent.pk).effectif == 0
