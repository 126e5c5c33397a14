"""Member companies in the back office: forms with French messages, filters, exports, API."""

import csv
from io import BytesIO, StringIO

import pytest
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from adherents.models import Adherent, CodeNAF, Contact, Etablissement, StatutAdherent
from spsti.management.commands.donnees_demo import avec_cle_luhn
from spsti.permissions import Role
from tests.factories import AdherentFactory, RattachementFactory

SIREN = "732829320"


def formulaire(a, **changements):
    donnees = {"siren": SIREN, "raison_sociale": "Boulangerie Ménard", "code_naf": "1071c",
               "statut": StatutAdherent.ACTIF, "date_adhesion": "2026-03-02", "code_postal": "84000",
               "ville": "Avignon", "centre": a.equipe.centre_id, "equipe": a.equipe.pk,
               "medecin": a.membres[Role.MEDECIN].pk}
    donnees.update(changements)
    return {cle: valeur for cle, valeur in donnees.items() if valeur is not None}


def compter(service):
    with scopes_disabled():
        return Adherent.objects.filter(tenant=service).count()


@pytest.mark.parametrize(("saisie", "attendu"), [("1071C", "10.71C"), ("10.71c", "10.71C"), ("10 71 C", "10.71C"),
                                                 ("43.21A", "43.21A")])
def test_normalisation_du_code_naf(saisie, attendu):
    assert CodeNAF.normaliser(saisie) == attendu


def test_la_liste_officielle_naf_est_chargee(db):
    assert CodeNAF.objects.count() == 732
    assert CodeNAF.objects.get(code="10.71C").libelle == "Boulangerie et boulangerie-pâtisserie"


def test_creer_un_adherent(a):
    reponse = a.client(Role.SERVICE_ADHERENT).post("/adherents/nouveau/", formulaire(a))
    with scopes_disabled():
        adherent = Adherent.objects.get(tenant=a.service, siren=SIREN)
    assert reponse.url == f"/adherents/{adherent.pk}/"
    assert adherent.code_naf_id == "10.71C" and adherent.medecin == a.membres[Role.MEDECIN]


@pytest.mark.parametrize(("changements", "message"), [
    ({"siren": "732829321"}, "clé de contrôle valide"),
    ({"code_naf": "99.99Z"}, "n&#x27;est pas un code NAF rév. 2"),
    ({"statut": StatutAdherent.RADIE}, "Indiquez la date de démission ou de radiation."),
    ({"date_radiation": "2026-05-01"}, "Seul un adhérent radié a une date de radiation."),
    ({"statut": StatutAdherent.RADIE, "date_radiation": "2025-01-01"},
     "La radiation ne peut précéder l&#x27;adhésion."),
    ({"code_postal": "8400"}, "Le code postal doit comporter 5 chiffres."),
    ({"raison_sociale": ""}, "Ce champ est obligatoire."),
])
def test_une_saisie_invalide_est_expliquee_et_ne_cree_rien(a, changements, message):
    avant = compter(a.service)
    page = a.client(Role.SERVICE_ADHERENT).post("/adherents/nouveau/", formulaire(a, **changements)).content.decode()
    assert message in page
    assert compter(a.service) == avant


def test_un_siren_est_unique_dans_le_service_mais_pas_entre_services(a, b):
    client = a.client(Role.SERVICE_ADHERENT)
    page = client.post("/adherents/nouveau/", formulaire(a, siren=a.adherent.siren)).content.decode()
    assert "Cette entreprise (SIREN) est déjà adhérente du service." in page
    assert client.post("/adherents/nouveau/", formulaire(a, siren=b.adherent.siren)).status_code == 302


def test_le_medecin_doit_etre_celui_de_l_equipe(a):
    ailleurs = RattachementFactory(tenant=a.service, equipe=a.autre_equipe, role=Role.MEDECIN)
    page = a.client(Role.SERVICE_ADHERENT).post("/adherents/nouveau/", formulaire(a, medecin=ailleurs.pk))
    assert f"Ce médecin n&#x27;appartient pas à l&#x27;équipe {a.equipe}." in page.content.decode()


def test_etablissements_siret_siege_et_effectif_indique(a):
    client = a.client(Role.SERVICE_ADHERENT)
    url = f"/adherents/{a.adherent.pk}/etablissements/nouveau/"
    siret = avec_cle_luhn(a.adherent.siren + "0002")
    avant = Adherent.tous_services.values_list("effectif", flat=True).get(pk=a.adherent.pk)
    assert client.post(url, {"siret": siret, "nom": "Dépôt", "effectif": 12}).status_code == 302
    a.adherent.refresh_from_db()
    assert a.adherent.effectif == avant  # the headcount is that of its workers, not a typed figure
    page = client.post(url, {"siret": "73282932000074", "effectif": 1}).content.decode()
    assert f"Le SIRET doit commencer par le SIREN de l&#x27;adhérent ({a.adherent.siren})." in page
    page = client.post(url, {"siret": avec_cle_luhn(a.adherent.siren + "0003"), "siege": "on", "effectif": 1})
    assert "Cet adhérent a déjà un siège social." in page.content.decode()
    with scopes_disabled():
        assert Etablissement.objects.filter(adherent=a.adherent).count() == 2


@pytest.mark.parametrize(("donnees", "message"), [
    ({"telephone": "12 34"}, "Numéro de téléphone invalide"),
    ({"email": "pas-un-email"}, "Saisissez une adresse e-mail valide."),
    ({}, "Indiquez au moins une adresse e-mail ou un téléphone"),
])
def test_contacts_valides(a, donnees, message):
    client = a.client(Role.SERVICE_ADHERENT)
    page = client.post(f"/adherents/{a.adherent.pk}/contacts/nouveau/",
                       {"role": "rh", "nom": "Roux", **donnees}).content.decode()
    assert message in page
    assert client.post(f"/adherents/{a.adherent.pk}/contacts/nouveau/", {
        "role": "rh", "nom": "Roux", "telephone": "+33 4 90 00 00 00"}).status_code == 302
    with scopes_disabled():
        assert Contact.objects.filter(adherent=a.adherent).count() == 1


@pytest.fixture
def plusieurs(a):
    a.adherent.raison_sociale = "Alpha BTP"
    a.adherent.save()
    grande = AdherentFactory(tenant=a.service, equipe=a.equipe, centre=a.equipe.centre, effectif=120,
                             raison_sociale="Beta Industrie")
    injoignable = AdherentFactory(tenant=a.service, equipe=None, centre=a.equipe.centre, effectif=30,
                                  raison_sociale="Gamma Services", injoignable=True,
                                  code_naf=CodeNAF.objects.get(code="56.10A"))
    radiee = AdherentFactory(tenant=a.service, equipe=a.equipe, centre=a.equipe.centre, effectif=3,
                             raison_sociale="Delta", statut=StatutAdherent.RADIE, date_radiation="2025-06-30")
    return {"grande": grande, "injoignable": injoignable, "radiee": radiee}


@pytest.mark.parametrize(("filtres", "attendus"), [
    ({}, {"Alpha BTP", "Beta Industrie", "Gamma Services", "Delta"}),
    ({"statut": "radie"}, {"Delta"}),
    ({"tranche": "0-10"}, {"Alpha BTP", "Delta"}),
    ({"tranche": "50-249"}, {"Beta Industrie"}),
    ({"injoignable": "true"}, {"Gamma Services"}),
    ({"sans_equipe": "true"}, {"Gamma Services"}),
    ({"naf": "56"}, {"Gamma Services"}),
    ({"naf": "5610"}, {"Gamma Services"}),
    ({"naf": "restauration"}, {"Gamma Services"}),  # 56.10A: Restauration traditionnelle
    ({"q": "beta"}, {"Beta Industrie"}),
])
def test_filtres_de_la_liste_et_de_l_api(a, b, plusieurs, filtres, attendus):
    client = a.client(Role.SERVICE_ADHERENT)
    page = client.get("/adherents/", filtres)
    assert {adherent.raison_sociale for adherent in page.context["page"]} == attendus
    api = client.get("/api/v1/adherents/", filtres).json()
    assert {adherent["raison_sociale"] for adherent in api["results"]} == attendus


def test_recherche_par_siret(a, plusieurs):
    siret = avec_cle_luhn(plusieurs["grande"].siren + "0001")
    page = a.client(Role.SERVICE_ADHERENT).get("/adherents/", {"q": siret})
    assert [adherent.raison_sociale for adherent in page.context["page"]] == ["Beta Industrie"]


def test_la_liste_signale_les_injoignables_et_les_adherents_sans_equipe(a, plusieurs):
    page = a.client(Role.SERVICE_ADHERENT).get("/adherents/").content.decode()
    assert "injoignable</span>" in page and "sans équipe</span>" in page


def test_un_centre_d_un_autre_service_filtre_comme_un_centre_inexistant(a, b):
    """An empty page, as for an id that exists nowhere: the answer does not reveal the other service's."""
    for centre in (b.equipe.centre_id, 999999999):
        reponse = a.client(Role.SERVICE_ADHERENT).get("/api/v1/adherents/", {"centre": centre})
        assert reponse.status_code == 200 and reponse.json()["count"] == 0


def test_export_csv_filtre_en_francais(a, plusieurs):
    reponse = a.client(Role.COMPTABLE).get("/adherents/export.csv", {"tranche": "0-10"})
    assert reponse["Content-Disposition"].startswith('attachment; filename="adherents-')
    lignes = list(csv.DictReader(StringIO(reponse.content.decode())))
    assert {ligne["raison sociale"] for ligne in lignes} == {"Alpha BTP", "Delta"}
    assert {"SIREN", "code NAF", "libellé NAF", "taille", "statut", "équipe", "injoignable"} <= set(lignes[0])
    delta = next(ligne for ligne in lignes if ligne["raison sociale"] == "Delta")
    assert delta["statut"] == "Démissionnaire / radié" and delta["taille"] == "Moins de 11 salariés"


def test_export_xlsx(a, plusieurs):
    reponse = a.client(Role.SERVICE_ADHERENT).get("/adherents/export.xlsx")
    feuille = load_workbook(BytesIO(reponse.content)).active
    lignes = list(feuille.values)
    assert lignes[0][:2] == ("SIREN", "raison sociale") and len(lignes) == 1 + 4


def test_les_onglets_de_la_fiche(a):
    client = a.client(Role.IPRP)
    Contact.objects.create(tenant=a.service, adherent=a.adherent, role="employeur", nom="Roux", email="r@x.fr")
    for onglet, attendu in [("identite", "Activité (NAF rév. 2)"), ("etablissements", a.adherent.siren),
                            ("contacts", "r@x.fr"), ("salaries", a.salarie.nom.upper())]:
        page = client.get(f"/adherents/{a.adherent.pk}/", {"onglet": onglet}).content.decode()
        assert attendu in page, onglet
    assert "Modifier</a>" not in client.get(f"/adherents/{a.adherent.pk}/").content.decode()


def test_la_liste_naf_se_cherche_par_code_et_par_libelle(a):
    client = a.client(Role.IPRP)
    par_libelle = client.get("/api/v1/codes-naf/", {"search": "boulangerie"}).json()
    assert {"code": "10.71C", "libelle": "Boulangerie et boulangerie-pâtisserie"} in par_libelle["results"]
    assert client.get("/api/v1/codes-naf/10.71C/").json()["libelle"].startswith("Boulangerie")
    assert a.client(Role.ADHERENT).get("/api/v1/codes-naf/").status_code == 403
