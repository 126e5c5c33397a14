"""The member journey (trajectoire adhérent, seed 004): steps and deadlines set by the service,
started at adhesion, overdue steps raised as alerts for their owner."""

from datetime import date, timedelta

import pytest
from django_scopes import scopes_disabled

from adherents.models import EtapeAdherent, EtapeTrajectoire, StatutAdherent
from spsti.models import Alerte
from spsti.permissions import Role
from spsti.tasks import balayer_alertes_service
from spsti.tenancy import service_actif

AUJOURD_HUI = date.today()


def etapes(adherent):
    with scopes_disabled():
        return {e.etape.code: e for e in EtapeAdherent.objects.filter(adherent=adherent).select_related("etape")}


def nouvel_adherent(a, date_adhesion, siren="732829320"):
    client = a.client(Role.SERVICE_ADHERENT)
    reponse = client.post("/adherents/nouveau/", {
        "siren": siren, "raison_sociale": "Nouvelle SARL", "code_naf": "41.20A", "statut": StatutAdherent.ACTIF,
        "date_adhesion": date_adhesion.isoformat(), "centre": a.equipe.centre_id, "equipe": a.equipe.pk})
    assert reponse.status_code == 302, reponse.content.decode()[:3000]
    from adherents.models import Adherent

    with scopes_disabled():
        return Adherent.objects.get(tenant=a.service, siren=siren)


@pytest.mark.parametrize(("code", "role", "delai"), [
    ("accueil", Role.SERVICE_ADHERENT, 15),
    ("information", Role.SERVICE_ADHERENT, 90),
    ("rendez_vous_prevention", Role.ASSISTANT_PREVENTION, 182),  # seed 004: within 6 months
    ("plan_action", Role.ASSISTANT_PREVENTION, 270),
    ("satisfaction", Role.SERVICE_ADHERENT, 365),
])
def test_la_trajectoire_par_defaut_demarre_a_l_adhesion(a, code, role, delai):
    adherent = nouvel_adherent(a, date(2026, 3, 2))
    etape = etapes(adherent)[code]
    assert etape.etape.role == role and etape.echeance == date(2026, 3, 2) + timedelta(days=delai)
    assert etape.faite_le is None


def test_les_delais_viennent_des_reglages_du_service(a, b):
    with service_actif(a.service):
        from adherents.trajectoire import etapes_du_service

        etapes_du_service(a.service)
    directeur = a.client(Role.DIRECTEUR)
    with scopes_disabled():
        rdv = EtapeTrajectoire.objects.get(tenant=a.service, code="rendez_vous_prevention")
    reponse = directeur.post(f"/adherents/trajectoire/{rdv.pk}/", {
        "libelle": "Rendez-vous de la prévention", "code": "rendez_vous_prevention", "ordre": 3,
        "role": Role.ASSISTANT_PREVENTION, "delai_jours": 90, "active": "on"})
    assert reponse.status_code == 302
    adherent = nouvel_adherent(a, date(2026, 3, 2))
    assert etapes(adherent)["rendez_vous_prevention"].echeance == date(2026, 5, 31)
    autre = nouvel_adherent(b, date(2026, 3, 2), siren="552100554")
    assert etapes(autre)["rendez_vous_prevention"].echeance == date(2026, 8, 31)  # B keeps 182 days


def test_une_etape_en_retard_devient_une_alerte_pour_son_responsable(a):
    adherent = nouvel_adherent(a, AUJOURD_HUI - timedelta(days=200))
    balayer_alertes_service.delay(a.service.pk)
    with scopes_disabled():
        alertes = {alerte.libelle: alerte for alerte in Alerte.objects.filter(source="etape_trajectoire_en_retard")}
    assert set(alertes) == {"Nouvelle SARL : appel de bienvenue en retard",
                            "Nouvelle SARL : rencontre d'information employeur en retard",
                            "Nouvelle SARL : rendez-vous de la prévention en retard"}
    rdv = alertes["Nouvelle SARL : rendez-vous de la prévention en retard"]
    assert rdv.role == Role.ASSISTANT_PREVENTION and rdv.equipe == a.equipe
    assert alertes["Nouvelle SARL : appel de bienvenue en retard"].equipe is None
    asst = a.client(Role.ASSISTANT_PREVENTION).get("/alertes/").content.decode()
    assert "rendez-vous de la prévention en retard" in asst
    accueil = a.client(Role.SERVICE_ADHERENT).get("/alertes/").content.decode()
    assert "appel de bienvenue en retard" in accueil and "rendez-vous de la prévention" not in accueil

    etape = etapes(adherent)["accueil"]
    reponse = a.client(Role.SERVICE_ADHERENT).post(f"/adherents/{adherent.pk}/trajectoire/{etape.pk}/", {
        "faite_le": (AUJOURD_HUI - timedelta(days=1)).isoformat(), "note": "Appel passé, DUERP à faire."})
    assert reponse.status_code == 302
    assert balayer_alertes_service.delay(a.service.pk).get() == {"ouvertes": 0, "closes": 1}


def test_seul_le_responsable_ou_le_service_adherent_enregistre_une_etape(a):
    adherent = nouvel_adherent(a, AUJOURD_HUI - timedelta(days=10))
    rdv = etapes(adherent)["rendez_vous_prevention"]
    url = f"/adherents/{adherent.pk}/trajectoire/{rdv.pk}/"
    assert a.client(Role.MEDECIN).get(url).status_code == 403
    assert a.client(Role.ASSISTANT_PREVENTION).get(url).status_code == 200
    assert a.client(Role.SERVICE_ADHERENT).get(url).status_code == 200


@pytest.mark.parametrize(("faite_le", "message"), [
    ("", "Indiquez la date à laquelle l&#x27;étape a été réalisée."),
    ((AUJOURD_HUI + timedelta(days=2)).isoformat(), "La date ne peut pas être dans le futur."),
    ((AUJOURD_HUI - timedelta(days=40)).isoformat(), "L&#x27;étape ne peut pas précéder l&#x27;adhésion."),
])
def test_enregistrer_une_etape_valide_la_date(a, faite_le, message):
    adherent = nouvel_adherent(a, AUJOURD_HUI - timedelta(days=10))
    etape = etapes(adherent)["accueil"]
    page = a.client(Role.SERVICE_ADHERENT).post(f"/adherents/{adherent.pk}/trajectoire/{etape.pk}/",
                                                {"faite_le": faite_le}).content.decode()
    assert message in page
    assert etapes(adherent)["accueil"].faite_le is None


def test_la_fiche_montre_la_trajectoire_et_la_liste_filtre_les_retards(a):
    adherent = nouvel_adherent(a, AUJOURD_HUI - timedelta(days=30))
    client = a.client(Role.SERVICE_ADHERENT)
    page = client.get(f"/adherents/{adherent.pk}/", {"onglet": "trajectoire"}).content.decode()
    assert "Appel de bienvenue" in page and "en retard depuis le" in page and "à faire avant le" in page
    en_retard = {x.raison_sociale for x in client.get("/adherents/", {"etape_en_retard": "true"}).context["page"]}
    a_jour = {x.raison_sociale for x in client.get("/adherents/", {"etape_en_retard": "false"}).context["page"]}
    assert en_retard == {"Nouvelle SARL"} and a.adherent.raison_sociale in a_jour


def test_indicateurs_de_la_trajectoire(a):
    dans_les_temps = nouvel_adherent(a, date(2026, 1, 5))
    en_retard = nouvel_adherent(a, date(2026, 1, 5), siren="552100554")
    with scopes_disabled():
        EtapeAdherent.objects.filter(adherent=dans_les_temps, etape__code="accueil").update(faite_le=date(2026, 1, 10))
        EtapeAdherent.objects.filter(adherent=en_retard, etape__code="accueil").update(faite_le=date(2026, 2, 20))
    reponse = a.client(Role.DIRECTEUR).get("/indicateurs/domaines/", {"annee": 2026})
    valeurs = {v.indicateur.code: v for _, groupe in reponse.context["par_domaine"] for v in groupe}
    accueil = valeurs["trajectoire_accueil_dans_les_delais"]
    assert (accueil.numerateur, accueil.denominateur, accueil.pourcentage) == (1, 2, 50.0)
    assert valeurs["adherents_statut_actif"].numerateur == 3
