"""The resources the API lacked (issue 18, point 3): delegation protocols (R4623-14), the Relais de
prévention (seed 001 § 3.3.1) and the thesauri, with the pages' own rules and French errors."""

from datetime import date

import pytest

from spsti.permissions import Role
from suivi_individuel.models import ProtocoleDelegation
from tests.factories import RattachementFactory
from tests.prevention.outils import un_relais
from tests.test_matrice_permissions import un_protocole

JSON = "application/json"


def protocole_donnees(monde, **autres):
    return {"medecin": monde.membres[Role.MEDECIN].pk, "infirmier": monde.membres[Role.INFIRMIER].pk,
            "types_visite": ["vip_periodique"], "categories": ["SI"], "contenu": "Conduite de la VIP périodique.",
            "valide_du": "2026-01-01", **autres}


def test_un_medecin_redige_un_protocole_par_l_api(a):
    reponse = a.client(Role.MEDECIN).post("/api/v1/protocoles-delegation/", protocole_donnees(a), content_type=JSON)
    assert reponse.status_code == 201, reponse.json()
    corps = reponse.json()
    assert corps["types_visite"] == ["vip_periodique"] and corps["signe_le"] is None and corps["actif"] is False
    assert ProtocoleDelegation.tous_services.filter(pk=corps["id"], tenant=a.service).exists()


@pytest.mark.parametrize(("donnees", "champ", "extrait"), [
    # R4623-14: the aptitude examination stays the physician's (not even offered by the form)
    ({"types_visite": ["examen_aptitude_embauche"]}, "types_visite", "choix valide"),
    # L4624-2-2: mid-career visit only to an advanced-practice nurse
    ({"types_visite": ["mi_carriere"]}, "pratique_avancee", "pratique avancée"),
    ({"valide_du": "2026-06-01", "valide_au": "2026-01-01"}, "non_field_errors", "précède"),
    # JSON of the wrong kind is the form's French 400, never a server error
    ({"valide_du": 20260101, "medecin": None}, "valide_du", "date valide"),
    ({"categories": [{"x": 1}]}, "categories", "choix valide"),
])
def test_les_regles_du_formulaire_valent_pour_l_api(a, donnees, champ, extrait):
    reponse = a.client(Role.DIRECTEUR).post("/api/v1/protocoles-delegation/", protocole_donnees(a, **donnees),
                                            content_type=JSON)
    assert reponse.status_code == 400
    assert extrait in " ".join(reponse.json()[champ])


def test_l_infirmier_doit_etre_de_l_equipe_du_medecin(a):
    ailleurs = RattachementFactory(equipe=a.autre_equipe, tenant=a.service, role=Role.INFIRMIER)
    reponse = a.client(Role.MEDECIN).post("/api/v1/protocoles-delegation/",
                                          protocole_donnees(a, infirmier=ailleurs.pk), content_type=JSON)
    assert reponse.status_code == 400
    assert reponse.json()["infirmier"] == ["L'infirmier·e doit appartenir à l'équipe du médecin délégant."]


@pytest.mark.parametrize("role", [Role.INFIRMIER, Role.ASSISTANT_MEDICAL, Role.SERVICE_ADHERENT])
def test_seuls_medecins_et_direction_ecrivent_un_protocole(a, role):
    client = a.client(role)
    assert client.post("/api/v1/protocoles-delegation/", protocole_donnees(a), content_type=JSON).status_code == 403
    protocole = un_protocole(a)
    assert client.patch(f"/api/v1/protocoles-delegation/{protocole.pk}/", {"contenu": "autre"},
                        content_type=JSON).status_code == 403
    assert ProtocoleDelegation.tous_services.get(pk=protocole.pk).contenu == "x"


def test_signature_validation_cmt_puis_plus_de_modification(a):
    protocole = un_protocole(a)
    url = f"/api/v1/protocoles-delegation/{protocole.pk}/"
    assert a.client(Role.MEDECIN).patch(url, {"contenu": "Conduite précisée."}, content_type=JSON).status_code == 200
    # the director may write protocols but signs none: only the delegating physician
    assert a.client(Role.DIRECTEUR).post(url + "signer/").status_code == 403
    assert a.client(Role.MEDECIN).post(url + "valider-cmt/").status_code == 403
    assert a.client(Role.MEDECIN).post(url + "signer/").json()["signe_le"] == date.today().isoformat()
    corps = a.client(Role.DIRECTEUR).post(url + "valider-cmt/").json()
    assert corps["valide_cmt_le"] == date.today().isoformat() and corps["actif"] is True
    reponse = a.client(Role.MEDECIN).patch(url, {"contenu": "Changé après signature"}, content_type=JSON)
    assert reponse.status_code == 400
    assert reponse.json() == {"non_field_errors": ["Un protocole signé ne se modifie pas : rédigez-en un nouveau."]}
    # read by whoever books visits
    lignes = a.client(Role.ASSISTANT_MEDICAL).get("/api/v1/protocoles-delegation/").json()["results"]
    assert [(p["id"], p["contenu"], p["actif"]) for p in lignes] == [(protocole.pk, "Conduite précisée.", True)]


def test_relais_de_prevention_contrat_modules_progres_label(a):
    relais = un_relais(a)
    client = a.client(Role.IPRP)
    corps = client.get(f"/api/v1/relais-prevention/{relais.pk}/").json()
    assert corps["relais_nom"] == "Léa Martin" and corps["contrat_signe_le"] is None
    assert [m["numero"] for m in corps["modules"]] == [1, 2, 3, 4] and corps["points_de_progres"] == 0
    assert corps["manques_pour_label"] == ["le contrat d'engagement signé"]
    reponse = client.post(f"/api/v1/relais-prevention/{relais.pk}/labelliser/")
    assert reponse.status_code == 400
    assert reponse.json() == {"non_field_errors": ["Il manque pour le label : le contrat d'engagement signé."]}
    assert client.get("/api/v1/relais-prevention/", {"adherent": a.adherent.pk}).json()["count"] == 1
    refus = a.client(Role.ASSISTANT_MEDICAL).post(f"/api/v1/relais-prevention/{relais.pk}/labelliser/")
    assert refus.status_code == 403


def test_thesaurus_en_lecture(a):
    client = a.client(Role.ASSISTANT_PREVENTION)
    listes = {t["cle"]: t for t in client.get("/api/v1/thesaurus/").json()}
    assert {"familles-risque", "types-action", "sources-signalement-pdp"} <= set(listes)
    corps = client.get("/api/v1/thesaurus/types-action/").json()
    assert corps["libelle"] == listes["types-action"]["libelle"] and corps["entrees"]
    assert {"prevention_primaire"} == set(corps["entrees"][0]["attributs"])
    assert client.get("/api/v1/thesaurus/inconnu/").status_code == 404
    assert client.post("/api/v1/thesaurus/", {}, content_type=JSON).status_code == 405


def test_un_autre_service_ne_voit_ni_protocole_ni_relais(a, b):
    protocole, relais = un_protocole(b), un_relais(b)
    client = a.client(Role.DIRECTEUR)
    assert client.get(f"/api/v1/protocoles-delegation/{protocole.pk}/").status_code == 404
    assert client.post(f"/api/v1/protocoles-delegation/{protocole.pk}/valider-cmt/").status_code == 404
    assert client.get(f"/api/v1/relais-prevention/{relais.pk}/").status_code == 404
    assert client.get("/api/v1/protocoles-delegation/").json()["count"] == 0
    assert client.get("/api/v1/relais-prevention/").json()["count"] == 0
