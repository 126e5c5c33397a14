"""Plausible data only (issue 16, point 6): one module, ``spsti.plausibilite``, asked by the
models' ``clean`` (forms, API, portal) and by the workforce import's per-row validation. The
same French message per field and per file row; nothing changed on refusal."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_scopes import scopes_disabled

from adherents.forms import AdherentForm
from adherents.models import Adherent, Emploi, Salarie
from spsti import plausibilite as p
from spsti.permissions import Role
from spsti.tenancy import service_actif
from suivi_individuel.models import ArretTravail, Echeance

JOUR = date(2026, 11, 30)


@pytest.mark.parametrize(("naissance", "embauche", "champ", "message"), [
    (date(1981, 6, 2), date(2024, 2, 1), None, None),
    (date(2030, 1, 1), None, "date_naissance", "est dans le futur"),
    (date(1890, 1, 1), None, "date_naissance", "plus de 100 ans"),
    (date(2020, 5, 1), None, "date_naissance", "moins de 14 ans"),  # L4153-1
    (date(2012, 11, 29), None, None, None),  # 14 years old yesterday: a holiday job (L4153-3)
    (date(1990, 1, 1), date(2027, 6, 1), "date_embauche", "au plus trois mois à l'avance"),
    (date(1990, 1, 1), date(2027, 2, 28), None, None),
    (date(1990, 1, 1), date(2000, 1, 1), "date_embauche", "moins de 14 ans"),
    (date(1930, 1, 1), date(2015, 1, 1), "date_embauche", "plus de 80 ans"),
])
def test_naissance_et_embauche(naissance, embauche, champ, message):
    erreurs = p.erreurs_salarie(naissance=naissance, embauche=embauche, aujourd_hui=JOUR)
    if champ is None:
        assert erreurs == {}
    else:
        assert message in " ".join(erreurs[champ]), erreurs


@pytest.mark.parametrize(("nature", "debut", "reprise", "sexe", "champ", "message"), [
    ("maladie_non_professionnelle", date(2026, 9, 1), date(2026, 11, 2), "M", None, None),
    ("maternite", date(1990, 1, 1), date(2035, 1, 1), "M", "debut", "trop ancien"),
    ("maternite", date(1990, 1, 1), date(2035, 1, 1), "M", "reprise", "L323-1 CSS"),
    ("maternite", date(1990, 1, 1), date(2035, 1, 1), "M", "nature", "enregistré comme homme"),
    ("maternite", date(2026, 3, 2), date(2026, 7, 6), "F", None, None),
    ("maternite", date(2026, 1, 5), date(2026, 12, 28), "F", "reprise", "46 semaines"),  # L1225-17 à 19
    ("accident_du_travail", date(2023, 11, 1), date(2024, 1, 1), "F", "debut", "trop ancien"),
])
def test_arrets(nature, debut, reprise, sexe, champ, message):
    erreurs = p.erreurs_arret(nature=nature, debut=debut, reprise=reprise, sexe=sexe, aujourd_hui=JOUR)
    if champ is None:
        assert erreurs == {}
    else:
        assert message in " ".join(erreurs[champ]), erreurs


@pytest.mark.parametrize(("adhesion", "plausible"), [
    (date(2026, 1, 1), True), (date(2027, 11, 30), True), (date(2031, 1, 1), False), (date(2001, 3, 1), True)])
def test_adhesion_au_plus_un_an_a_l_avance(adhesion, plausible):
    assert (p.erreurs_adhesion(adhesion, aujourd_hui=JOUR) == {}) is plausible


# --- the same rules through every surface --------------------------------------------------------

def nombre_de_salaries(monde):
    with scopes_disabled():
        return Salarie.objects.filter(tenant=monde.service).count(), Emploi.objects.filter(tenant=monde.service).count()


@pytest.mark.parametrize(("naissance", "embauche", "champ", "message"), [
    ("2030-01-01", "1950-01-01", "date_naissance", "est dans le futur"),
    ("1990-01-01", "1995-01-01", "date_embauche", "moins de 14 ans"),
    ("1990-01-01", (timezone.localdate() + timedelta(days=400)).isoformat(), "date_embauche", "trois mois"),
])
def test_formulaire_salarie(a, naissance, embauche, champ, message):
    avant = nombre_de_salaries(a)
    reponse = a.client(Role.SERVICE_ADHERENT).post(f"/adherents/{a.adherent.pk}/salaries/nouveau/", {
        "nom": "Neuf", "prenom": "Sam", "date_naissance": naissance, "sexe": "M", "categorie": "SI",
        "date_embauche": embauche})
    assert reponse.status_code == 200
    erreurs = reponse.context["form"].errors
    assert message in " ".join(erreurs[champ]), erreurs
    assert nombre_de_salaries(a) == avant


def test_formulaire_emploi(a):
    reponse = a.client(Role.SERVICE_ADHERENT).post(f"/adherents/salaries/{a.salarie.pk}/emplois/nouveau/", {
        "siren_employeur": a.adherent.siren, "date_embauche": "1995-01-01"})  # born in 1990
    assert "moins de 14 ans" in " ".join(reponse.context["form"].errors["date_embauche"])


def test_formulaire_adherent(a):
    with service_actif(a.service):
        form = AdherentForm(instance=a.adherent, service=a.service)
        donnees = {nom: form[nom].value() for nom in form.fields}
    donnees = {k: ("" if v is None else ("on" if v is True else v)) for k, v in donnees.items() if v is not False}
    donnees["code_naf"] = a.adherent.code_naf_id if a.adherent.code_naf_id else ""
    donnees["date_adhesion"] = "2031-01-01"
    reponse = a.client(Role.SERVICE_ADHERENT).post(f"/adherents/{a.adherent.pk}/modifier/", donnees)
    assert "trop lointaine" in " ".join(reponse.context["form"].errors["date_adhesion"])
    with scopes_disabled():
        assert Adherent.objects.get(pk=a.adherent.pk).date_adhesion == a.adherent.date_adhesion


def arrets_et_echeances(monde):
    with scopes_disabled():
        return ArretTravail.objects.filter(tenant=monde.service).count(), Echeance.objects.filter(
            tenant=monde.service, au_plus_tot__lt=date(2000, 1, 1)).count()


MATERNITE_D_UN_HOMME = {"nature": "maternite", "debut": "1990-01-01", "reprise": "2035-01-01"}


def homme(monde):
    with scopes_disabled():
        Salarie.objects.filter(pk=monde.salarie.pk).update(sexe="M")


@pytest.mark.parametrize("surface", ["back_office", "portail", "api"])
def test_l_arret_invraisemblable_est_refuse_partout(a, surface):
    homme(a)
    avant = arrets_et_echeances(a)
    if surface == "back_office":
        reponse = a.client(Role.ASSISTANT_MEDICAL).post(
            f"/suivi/salaries/{a.salarie.pk}/arrets/nouveau/", MATERNITE_D_UN_HOMME)
        erreurs = reponse.context["form"].errors
    elif surface == "portail":
        reponse = a.client(Role.ADHERENT).post(f"/portail/entreprises/{a.adherent.pk}/arrets/nouveau/",
                                               {**MATERNITE_D_UN_HOMME, "salarie": a.salarie.pk})
        erreurs = reponse.context["form"].errors
    else:
        reponse = a.client(Role.ASSISTANT_MEDICAL).post(
            "/api/v1/arrets-travail/", {**MATERNITE_D_UN_HOMME, "salarie": a.salarie.pk},
            content_type="application/json")
        assert reponse.status_code == 400
        erreurs = reponse.json()
    assert "enregistré comme homme" in " ".join(erreurs["nature"])
    assert "trop ancien" in " ".join(erreurs["debut"]) and "L323-1" in " ".join(erreurs["reprise"])
    assert arrets_et_echeances(a) == avant


ENTETES = "nom;prenom;date_naissance;sexe;nir;poste;code_pcs;date_embauche;date_sortie;categorie;motifs"
INVRAISEMBLABLE = "\n".join([
    ENTETES,
    "Futur;Léo;01/01/2030;M;;Vendeur;;01/02/2024;;SI;",
    "Ancien;Léon;01/01/1890;M;;Vendeur;;01/02/2024;;SI;",
    "Enfant;Lou;01/01/2020;F;;Vendeuse;;01/02/2024;;SI;",
    "Tard;Luc;01/01/1990;M;;Vendeur;;01/06/2027;;SI;",
    "Bon;Léa;02/06/1981;F;;Boulangère;;01/02/2024;;SI;",
])
ATTENDUES = [(2, "date_naissance", "est dans le futur"), (3, "date_naissance", "plus de 100 ans"),
             (4, "date_naissance", "moins de 14 ans"), (4, "date_embauche", "moins de 14 ans"),
             (5, "date_embauche", "trois mois")]


@pytest.fixture
def medias(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_l_import_des_effectifs_signale_chaque_ligne_au_portail(a, medias):
    avant = nombre_de_salaries(a)
    page = a.client(Role.ADHERENT).post(f"/portail/entreprises/{a.adherent.pk}/effectifs/deposer/", {
        "fichier": SimpleUploadedFile("effectifs.csv", INVRAISEMBLABLE.encode())}).content.decode()
    for ligne, colonne, message in ATTENDUES:
        assert f"<td>{ligne}</td><td><code>{colonne}</code></td><td>" in page, (ligne, colonne)
        assert message.replace("'", "&#x27;") in page
    assert "<td>6</td>" not in page  # the plausible row has no error
    assert nombre_de_salaries(a) == avant


def test_l_import_des_effectifs_par_l_api(a, medias):
    reponse = a.client(Role.SERVICE_ADHERENT).post("/api/v1/declarations/", {
        "adherent": a.adherent.pk, "fichier": SimpleUploadedFile("e.csv", INVRAISEMBLABLE.encode())})
    assert reponse.status_code == 400
    recues = {(e["ligne"], e["colonne"]): e["message"] for e in reponse.json()["erreurs"]}
    for ligne, colonne, message in ATTENDUES:
        assert message in recues[(ligne, colonne)], (ligne, colonne, recues)
    assert not any(ligne == 6 for ligne, _ in recues)


def test_le_formulaire_d_effectifs_du_portail(a):
    url = f"/portail/entreprises/{a.adherent.pk}/effectifs/formulaire/"
    page = a.client(Role.ADHERENT).post(url, {
        "nouveau-1-nom": "Roux", "nouveau-1-prenom": "Eva", "nouveau-1-date_naissance": "01/02/2020",
        "nouveau-1-sexe": "F", "nouveau-1-date_embauche": "01/09/2026", "nouveau-1-categorie": "SI"}
    ).content.decode()
    assert "Nouveau salarié n° 1 — <code>date_naissance</code> : Né·e le 01/02/2020" in page
    assert nombre_de_salaries(a)[0] == 1
