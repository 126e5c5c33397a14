"""API writes (issue 18, points 1, 2 and 6): one rule, whatever the way in.

The same hire, typed in the back office's form, sent in a workforce declaration file, POSTed
to the staff API or pushed by a member's HR software through the portal API, meets the same
French error on the same field (a shared table); a retry with the same ``Idempotency-Key``
creates nothing new; the portal token reaches only its own company; history records the API
user; a hire makes the initial visit due at once; the client script of the README runs
against a live server."""

import importlib.util
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from adherents import declarations
from adherents.models import AccesPortail, Adherent, Emploi, PropositionCategorie, Salarie
from comptes.jetons import jeton_creer
from comptes.models import PorteeJeton
from spsti.models import ReponseIdempotente
from spsti.permissions import Role
from suivi_individuel.models import StatutVisite
from tests.connexion import client_jeton
from tests.factories import AdherentFactory, SalarieFactory

AUJOURD_HUI = date.today()
LEA = {"nom": "Martin", "prenom": "Léa", "date_naissance": "1981-06-02", "sexe": "F", "nir": "281068400704206",
       "poste": "Boulangère", "code_pcs": "636c", "date_embauche": (AUJOURD_HUI - timedelta(days=3)).isoformat(),
       "categorie": "SI", "motifs_categorie": []}
EVA = {**LEA, "nom": "Roux", "prenom": "Eva", "date_naissance": "1998-03-15", "nir": ""}  # too young for mid-career


def portail(monde, **kwargs) -> Client:
    return client_jeton(monde, Role.ADHERENT, adherent=kwargs.pop("adherent", monde.adherent), **kwargs)


def poster(client, url, corps, cle=None):
    return client.post(url, corps, content_type="application/json",
                       headers={"Idempotency-Key": cle} if cle else {})


def salaries_nommes(monde, nom="Martin"):
    with scopes_disabled():
        return list(Salarie.objects.filter(tenant=monde.service, nom=nom))


# --- The shared table: four ways in, one French message per case -----------------------------------------------------

def par_formulaire(monde, valeurs):
    reponse = monde.client(Role.SERVICE_ADHERENT).post(f"/adherents/{monde.adherent.pk}/salaries/nouveau/", valeurs)
    assert reponse.status_code == 200
    return {champ: list(messages) for champ, messages in reponse.context["form"].errors.items()}


def par_declaration(monde, valeurs):
    ligne = {**valeurs, "motifs": ",".join(valeurs["motifs_categorie"])}
    contenu = ";".join(declarations.COLONNES) + "\n" + ";".join(str(ligne.get(c, "")) for c in declarations.COLONNES)
    reponse = monde.client(Role.SERVICE_ADHERENT).post("/api/v1/declarations/", {
        "adherent": monde.adherent.pk, "fichier": SimpleUploadedFile("effectifs.csv", contenu.encode())})
    assert reponse.status_code == 400
    erreurs = {}
    for erreur in reponse.json()["erreurs"]:
        erreurs.setdefault({"motifs": "motifs_categorie"}.get(erreur["colonne"], erreur["colonne"]), []).append(
            erreur["message"])
    return erreurs


def par_api(monde, valeurs):
    reponse = poster(client_jeton(monde), "/api/v1/salaries/", {**valeurs, "adherent": monde.adherent.pk})
    assert reponse.status_code == 400
    return reponse.json()


def par_portail(monde, valeurs):
    reponse = poster(portail(monde), "/api/v1/portail/embauches/", valeurs)
    assert reponse.status_code == 400
    return reponse.json()


VOIES = {"formulaire": par_formulaire, "déclaration": par_declaration, "API": par_api, "API du portail": par_portail}

CAS = [
    ("nom manquant", {"nom": ""}, "nom", "Ce champ est obligatoire."),
    ("embauche manquante", {"date_embauche": ""}, "date_embauche", "Ce champ est obligatoire."),
    ("date illisible", {"date_naissance": "31/02/1981"}, "date_naissance", "Saisissez une date valide."),
    ("sexe inconnu", {"sexe": "X"}, "sexe", "Sélectionnez un choix valide. X n’en fait pas partie."),
    ("clé du NIR", {"nir": "281068400704207"}, "nir", "La clé du NIR ne correspond pas au numéro"),
    ("NIR et sexe", {"sexe": "M"}, "nir", "Le NIR ne correspond pas au sexe indiqué."),
    ("NIR et naissance", {"date_naissance": "1982-06-02"}, "nir", "Le NIR ne correspond pas à la date de naissance."),
    ("SIR sans motif", {"categorie": "SIR"}, "motifs_categorie", "Indiquez au moins un motif de SIR."),
    ("SIA et motif de SIR", {"categorie": "SIA", "motifs_categorie": ["plomb"]}, "motifs_categorie",
     "Un motif de SIR place le salarié en SIR, pas en SIA."),
    ("SIR sans motif de SIR", {"categorie": "SIR", "motifs_categorie": ["travail_nuit"]}, "motifs_categorie",
     "Le SIR demande au moins un motif de SIR (R4624-23)."),
    ("moins de 14 ans (L4153-1)", {"date_naissance": (AUJOURD_HUI - timedelta(days=365 * 10)).isoformat(), "nir": ""},
     "date_naissance", "le salarié aurait moins de 14 ans : on ne travaille pas avant cet âge (L4153-1)."),
    ("embauche trop lointaine", {"date_embauche": (AUJOURD_HUI + timedelta(days=200)).isoformat()}, "date_embauche",
     "est trop lointaine : une embauche se déclare au plus trois mois à l'avance."),
]


@pytest.mark.parametrize(("cas", "changements", "champ", "message"), CAS, ids=[c[0] for c in CAS])
def test_la_meme_erreur_en_francais_par_le_formulaire_la_declaration_et_l_api(a, cas, changements, champ, message):
    valeurs = {**LEA, **changements}
    for voie, envoyer in VOIES.items():
        erreurs = envoyer(a, valeurs)
        assert any(message in texte for texte in erreurs.get(champ, [])), (voie, erreurs)
    assert salaries_nommes(a, valeurs["nom"] or "Martin") == []


def test_sans_erreur_l_api_et_celle_du_portail_acceptent_la_meme_embauche(a):
    for voie, numero in [("API", 1), ("API du portail", 2)]:
        client = client_jeton(a) if voie == "API" else portail(a)
        url = "/api/v1/salaries/" if voie == "API" else "/api/v1/portail/embauches/"
        valeurs = {**LEA, "nom": f"Martin{numero}", "nir": "", "adherent": a.adherent.pk}
        assert poster(client, url, valeurs).status_code == 201, voie
    assert len(salaries_nommes(a, "Martin1")) == len(salaries_nommes(a, "Martin2")) == 1
    embauche = poster(client_jeton(a), "/api/v1/salaries/", {**EVA, "adherent": a.adherent.pk})
    with scopes_disabled():  # the hire's recomputation (the models' signals): the initial visit is due at once
        assert Salarie.objects.get(pk=embauche.json()["id"]).echeances.filter(type="vip_initiale").exists()


# --- Staff writes: history, partial updates, leaving, no deletion -----------------------------------------------------

def test_une_modification_par_l_api_est_historisee_avec_l_utilisateur_du_jeton(a):
    client = client_jeton(a)
    reponse = client.patch(f"/api/v1/adherents/{a.adherent.pk}/", {"enseigne": "Au bon pain"},
                           content_type="application/json")
    assert reponse.status_code == 200 and reponse.json()["enseigne"] == "Au bon pain"
    with scopes_disabled():
        adherent = Adherent.objects.get(pk=a.adherent.pk)
        assert adherent.raison_sociale.startswith("Entreprise")  # the fields not sent are kept
        derniere = adherent.history.latest("history_date")
    assert derniere.history_user == a.membres[Role.SERVICE_ADHERENT].utilisateur


def test_categorie_motifs_et_date_par_patch_du_salarie(a):
    url = f"/api/v1/salaries/{a.salarie.pk}/"
    client = client_jeton(a)
    refus = client.patch(url, {"categorie": "SIR"}, content_type="application/json")
    assert refus.json() == {"motifs_categorie": ["Indiquez au moins un motif de SIR."]}
    reponse = client.patch(url, {"categorie": "SIR", "motifs_categorie": ["amiante"], "date_changement": "2026-01-05"},
                           content_type="application/json")
    assert reponse.status_code == 200 and reponse.json()["categorie"] == "SIR"
    (emploi,) = client.get(f"/api/v1/emplois/?salarie={a.salarie.pk}").json()["results"]
    assert {(p["categorie"], p["debut"]) for p in emploi["periodes"] if not p["fin"]} >= {("SIR", "2026-01-05")}
    conflit = client.patch(url, {"nom": "Autre", "revision": 0}, content_type="application/json")
    assert conflit.status_code == 400 and "Rien n'a été enregistré" in conflit.json()["non_field_errors"][0]


def test_une_sortie_se_declare_sur_l_emploi_et_ne_supprime_rien(a):
    with scopes_disabled():
        emploi = Emploi.objects.get(salarie=a.salarie)
    url, client = f"/api/v1/emplois/{emploi.pk}/", client_jeton(a)
    avant = client.patch(url, {"date_sortie": "2020-01-01"}, content_type="application/json")
    assert avant.json() == {"date_sortie": ["La sortie ne peut précéder l'embauche."]}
    sortie = client.patch(url, {"date_sortie": "2026-01-31", "motif_sortie": "retraite"},
                          content_type="application/json")
    assert sortie.status_code == 200 and sortie.json()["motif_sortie"] == "retraite"
    assert client.delete(f"/api/v1/salaries/{a.salarie.pk}/").status_code == 405
    assert client.put(url, {}, content_type="application/json").status_code == 405
    with scopes_disabled():
        assert Emploi.objects.filter(pk=emploi.pk).exists()


def test_etablissement_contact_et_emploi_se_creent_chez_un_adherent_du_service(a, b):
    client = client_jeton(a)
    contact = poster(client, "/api/v1/contacts/", {"adherent": a.adherent.pk, "role": "employeur", "nom": "Roux",
                                                   "email": "pas-une-adresse"})
    assert contact.json()["email"] == ["Saisissez une adresse e-mail valide."]
    ailleurs = poster(client, "/api/v1/contacts/", {"adherent": b.adherent.pk, "role": "employeur", "nom": "Roux"})
    assert ailleurs.json() == {"adherent": ["Aucun adhérent de votre service n'a cet identifiant."]}
    emploi = poster(client, "/api/v1/emplois/", {"salarie": a.salarie.pk, "siren_employeur": b.adherent.siren,
                                                 "date_embauche": "2025-01-01"})
    assert emploi.json()["siren_employeur"] == ["Aucun adhérent du service n'a ce SIREN."]


def test_une_demande_de_visite_par_l_api(a):
    client = client_jeton(a, Role.ASSISTANT_MEDICAL)
    corps = {"salarie": a.salarie.pk, "type_visite": "demande_employeur", "motif": "Difficultés au poste"}
    reponse = poster(client, "/api/v1/demandes-visite/", corps)
    assert reponse.status_code == 201 and reponse.json()["statut"] == StatutVisite.A_PLANIFIER
    deux_fois = poster(client, "/api/v1/demandes-visite/", corps)
    assert deux_fois.status_code == 400 and "déjà demandée ou planifiée" in deux_fois.json()["non_field_errors"][0]
    assert poster(client, "/api/v1/demandes-visite/", {**corps, "motif": ""}).json() == {
        "motif": ["Ce champ est obligatoire."]}


# --- Idempotency -----------------------------------------------------------------------------------------------------

def test_un_nouvel_essai_avec_la_meme_cle_ne_cree_pas_de_second_salarie(a):
    client, corps = client_jeton(a), {**LEA, "adherent": a.adherent.pk}
    premiere = poster(client, "/api/v1/salaries/", corps, cle="embauche-lea-1")
    seconde = poster(client, "/api/v1/salaries/", corps, cle="embauche-lea-1")
    assert premiere.status_code == seconde.status_code == 201
    assert seconde.json() == premiere.json() and seconde.headers["Idempotent-Replayed"] == "true"
    assert len(salaries_nommes(a)) == 1
    autre = poster(client, "/api/v1/salaries/", {**corps, "prenom": "Eva"}, cle="embauche-lea-1")
    assert autre.status_code == 422 and "déjà servi pour une autre requête" in autre.json()["detail"]
    sans_cle = poster(client, "/api/v1/salaries/", corps)  # the form's namesake check still stands guard
    assert sans_cle.status_code == 400 and "homonyme_confirme" in sans_cle.json()
    assert len(salaries_nommes(a)) == 1


def test_une_cle_vaut_par_jeton_et_un_refus_n_est_pas_retenu(a):
    corps = {**LEA, "adherent": a.adherent.pk}
    assert poster(client_jeton(a), "/api/v1/salaries/", {**corps, "nom": ""}, cle="k").status_code == 400
    assert poster(client_jeton(a), "/api/v1/salaries/", corps, cle="k").status_code == 201  # another token
    with scopes_disabled():
        assert ReponseIdempotente.objects.filter(tenant=a.service, cle="k").count() == 1


def test_le_portail_rejoue_une_embauche_envoyee_deux_fois(a):
    client = portail(a)
    premiere = poster(client, "/api/v1/portail/embauches/", LEA, cle="dpae-001")
    assert poster(client, "/api/v1/portail/embauches/", LEA, cle="dpae-001").json() == premiere.json()
    encore = poster(client, "/api/v1/portail/embauches/", LEA)
    assert encore.status_code == 400 and "déjà présent·e chez cet adhérent" in encore.json()["non_field_errors"][0]
    assert len(salaries_nommes(a)) == 1


# --- The portal API ---------------------------------------------------------------------------------------------------

def test_une_embauche_du_portail_rend_la_visite_initiale_due_aussitot(a):
    reponse = poster(portail(a), "/api/v1/portail/embauches/", EVA)
    assert reponse.status_code == 201
    emploi = reponse.json()["emploi"]
    assert emploi["prochaine_visite"]["type"] == "vip_initiale"
    assert "R4624-10" in emploi["prochaine_visite"]["base_legale"]
    with scopes_disabled():
        eva = Salarie.objects.get(pk=emploi["salarie"])
        assert eva.history.latest("history_date").history_user == a.membres[Role.ADHERENT].utilisateur
        assert eva.echeances.filter(type="vip_initiale").exists()
    lus = portail(a).get("/api/v1/portail/salaries/").json()["results"]
    assert {s["nom"] for s in lus} == {"Roux", a.salarie.nom}


def test_une_sortie_du_portail_termine_l_emploi(a):
    client = portail(a)
    sortie = poster(client, "/api/v1/portail/sorties/", {"salarie": a.salarie.pk, "date_sortie": "2021-01-01"})
    assert sortie.json() == {"date_sortie": ["La sortie ne peut précéder l'embauche."]}
    sortie = poster(client, "/api/v1/portail/sorties/", {"salarie": a.salarie.pk, "date_sortie": "2026-02-27",
                                                         "motif_sortie": "autre"})
    assert sortie.status_code == 201 and (sortie.json()["date_sortie"], sortie.json()["motif_sortie"]) == (
        "2026-02-27", "autre")
    assert client.get("/api/v1/portail/salaries/").json()["count"] == 0
    with scopes_disabled():
        assert Salarie.objects.filter(pk=a.salarie.pk).exists()
        assert Emploi.objects.get(salarie=a.salarie).history.latest("history_date").history_user == (
            a.membres[Role.ADHERENT].utilisateur)


def test_un_changement_de_categorie_devient_une_proposition(a):
    autre = AdherentFactory(tenant=a.service, equipe=a.equipe, centre=a.equipe.centre)
    connu = SalarieFactory(adherent=autre, tenant=a.service, nir="281068400704206", nom="Martin", prenom="Léa",
                           date_naissance=date(1981, 6, 2))
    reponse = poster(portail(a), "/api/v1/portail/embauches/", {**LEA, "categorie": "SIR", "motifs_categorie": ["cmr"]})
    assert reponse.status_code == 201 and reponse.json()["emploi"]["salarie"] == connu.pk
    with scopes_disabled():
        proposition = PropositionCategorie.objects.get(pk=reponse.json()["proposition_categorie"])
        connu.refresh_from_db()
    assert (proposition.categorie, proposition.motifs_categorie, connu.categorie) == ("SIR", ["cmr"], "SI")
    directe = poster(portail(a), "/api/v1/portail/propositions-categorie/", {
        "salarie": a.salarie.pk, "categorie": "SIA", "motifs_categorie": ["travail_nuit"], "justification": "Nuit"})
    assert directe.status_code == 201 and directe.json()["statut"] == "en_attente"


def test_le_jeton_du_portail_ne_touche_jamais_une_autre_entreprise(a, b):
    seconde = AdherentFactory(tenant=a.service, equipe=a.equipe, centre=a.equipe.centre)
    de_la_seconde = SalarieFactory(adherent=seconde, tenant=a.service)
    with scopes_disabled():
        AccesPortail.objects.create(tenant=a.service, rattachement=a.membres[Role.ADHERENT], adherent=seconde)
    client = portail(a)  # the user manages both companies, the token names the first only
    for adherent in (seconde, b.adherent):
        refus = poster(client, "/api/v1/portail/embauches/", {**LEA, "adherent": adherent.pk})
        assert refus.json() == {"adherent": ["Aucune de vos entreprises n'a cet identifiant."]}
    for salarie in (de_la_seconde, b.salarie):
        refus = poster(client, "/api/v1/portail/sorties/", {"salarie": salarie.pk, "date_sortie": "2026-02-27"})
        assert refus.json() == {"salarie": ["Aucun salarié de cette entreprise n'a cet identifiant."]}
    assert {s["adherent"] for s in client.get("/api/v1/portail/salaries/").json()["results"]} == {a.adherent.pk}
    assert client.get(f"/api/v1/portail/salaries/?adherent={seconde.pk}").json()["count"] == 0
    assert client.get(f"/api/v1/salaries/{a.salarie.pk}/").status_code == 403  # the service's API is not the portal's
    assert poster(client, "/api/v1/salaries/", {**LEA, "adherent": a.adherent.pk}).status_code == 403
    with scopes_disabled():
        assert Emploi.objects.filter(adherent=seconde, date_sortie__isnull=False).count() == 0
    session = a.client(Role.ADHERENT)  # without a token, the user names which of its companies
    assert poster(session, "/api/v1/portail/embauches/", LEA).json() == {
        "adherent": ["Indiquez l'entreprise (adherent) : vous en gérez plusieurs."]}


def test_un_jeton_en_lecture_seule_ne_declare_rien(a):
    assert poster(portail(a, ecriture=False), "/api/v1/portail/embauches/", LEA).status_code == 403
    assert portail(a, ecriture=False).get("/api/v1/portail/salaries/").status_code == 200
    assert poster(client_jeton(a, ecriture=False), "/api/v1/salaries/", LEA).status_code == 403
    assert poster(client_jeton(a), "/api/v1/portail/embauches/", LEA).status_code == 403  # staff: not the portal


def test_le_jeton_du_portail_se_cree_depuis_le_portail(a):
    client = a.client(Role.ADHERENT)
    assert 'href="/comptes/profil/"' in client.get(reverse("portail:accueil")).content.decode()
    client.post("/comptes/profil/", {"nom": "Paie", "portee": "lecture_ecriture", "jours": "30",
                                     "adherent": a.adherent.pk})
    cle = client.session.get("comptes_jeton_cle") or client.get("/comptes/profil/").context["cle_nouvelle"]
    reponse = poster(Client(HTTP_AUTHORIZATION=f"Token {cle}"), "/api/v1/portail/embauches/", LEA)
    assert reponse.status_code == 201


# --- The README's client script, against a live server ------------------------------------------------------------

def _script():
    chemin = Path(__file__).resolve().parents[1] / "docs" / "client_api.py"
    spec = importlib.util.spec_from_file_location("client_api", chemin)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # a live server; keeps the migrations data
def test_le_script_client_du_readme_embauche_lit_la_visite_et_declare_la_sortie(a, live_server, capsys):
    script = _script()
    _jeton, cle = jeton_creer(rattachement=a.membres[Role.ADHERENT], nom="Paie", adherent=a.adherent,
                              portee=PorteeJeton.ECRITURE)
    client = script.ClientSPSTI(live_server.url, cle)
    emploi = client.embaucher(**EVA, cle="dpae-42")["emploi"]
    assert client.embaucher(**EVA, cle="dpae-42")["emploi"]["id"] == emploi["id"]
    visites = {s["nom"]: s["prochaine_visite"] for s in client.salaries()}
    assert visites["Roux"]["type"] == "vip_initiale"
    with pytest.raises(script.ErreurAPI) as refus:
        client.sortir(emploi["salarie"], "2000-01-01")
    assert refus.value.statut == 400 and "La sortie ne peut précéder l'embauche." in refus.value.detail["date_sortie"]
    assert script.main(["--url", live_server.url, "--jeton", cle, "sortie", "--salarie", str(emploi["salarie"]),
                        "--date", AUJOURD_HUI.isoformat()]) == 0
    assert '"date_sortie"' in capsys.readouterr().out
    assert [s["nom"] for s in client.salaries()] == [a.salarie.nom]
