"""The API shell: session and token authentication, pagination, filtering, OpenAPI schema and
interactive docs served from our own static files."""

import re

import pytest
from django.test import Client
from django.utils.html import escape

from comptes.jetons import jeton_creer
from spsti.permissions import Role

from .factories import RattachementFactory


def test_authentification_par_jeton_dans_le_bon_service(a, b):
    _jeton, cle = jeton_creer(rattachement=a.membres[Role.DIRECTEUR], nom="test")
    client = Client(HTTP_AUTHORIZATION=f"Token {cle}")
    services = client.get("/api/v1/services/").json()
    assert [s["id"] for s in services["results"]] == [a.service.pk]
    assert client.get(f"/api/v1/centres/{b.equipe.centre_id}/").status_code == 404


def test_un_jeton_invalide_est_refuse(db):
    reponse = Client(HTTP_AUTHORIZATION="Token faux").get("/api/v1/centres/")
    assert reponse.status_code == 401


def test_pagination_et_filtres(a):
    for _ in range(3):
        RattachementFactory(tenant=a.service, equipe=a.autre_equipe, role=Role.INFIRMIER)
    client = a.client(Role.DIRECTEUR)
    tous = client.get("/api/v1/personnel/").json()
    assert tous["count"] == 9 + 3 and {"next", "previous", "results"} <= set(tous)
    infirmiers = client.get("/api/v1/personnel/", {"role": "infirmier", "equipe": a.autre_equipe.pk}).json()
    assert infirmiers["count"] == 3
    recherche = client.get("/api/v1/personnel/", {"search": a.membres[Role.IPRP].utilisateur.last_name}).json()
    assert recherche["count"] == 1 and recherche["results"][0]["role"] == "iprp"


def test_le_personnel_de_l_api_n_expose_pas_les_comptes_du_portail(a):
    roles = {p["role"] for p in a.client(Role.DIRECTEUR).get("/api/v1/personnel/").json()["results"]}
    assert Role.ADHERENT not in roles


def test_schema_openapi(db):
    reponse = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert reponse.status_code == 200
    chemins = reponse.json()["paths"]
    for chemin in ["/api/v1/services/", "/api/v1/centres/", "/api/v1/equipes/", "/api/v1/personnel/",
                   "/api/v1/alertes/", "/api/v1/dossiers-medicaux/{id}/"]:
        assert chemin in chemins


@pytest.mark.parametrize("url", ["/api/docs/", "/comptes/connexion/", "/portail/connexion/"])
def test_aucune_ressource_externe_cdn(db, url):
    page = Client().get(url).content.decode()
    externes = re.findall(r'(?:src|href)=["\'](https?:)?//[^"\']+', page)
    assert externes == [], externes


def test_le_schema_openapi_se_genere_sans_avertissement():
    """The same check as `check --deploy` runs in CI (enum name collisions, untyped fields...)."""
    from drf_spectacular.checks import schema_check
    from drf_spectacular.drainage import GENERATOR_STATS

    GENERATOR_STATS.reset()
    assert schema_check(None) == []


def test_l_api_navigable_montre_la_liste_en_json_indente(a):
    """In a browser (``Accept: text/html``), DRF's browsable page shows the list as written by the
    API's JSON renderer (orjson), indented."""
    reponse = a.client(Role.DIRECTEUR).get("/api/v1/adherents/", HTTP_ACCEPT="text/html")
    assert reponse.status_code == 200 and reponse["Content-Type"].startswith("text/html")
    assert escape(f'"raison_sociale": "{a.adherent.raison_sociale}"') in reponse.content.decode()
