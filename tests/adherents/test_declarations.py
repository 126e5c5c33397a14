"""The yearly workforce declaration by file, from the portal: every error reported with its
row and column and nothing applied; a good file applied whole; the same file twice changes
nothing; leavers marked, never deleted; the declaration kept with its totals."""

from io import BytesIO

import pytest
from django.test import Client
from django_scopes import scopes_disabled
from openpyxl import Workbook

from adherents.models import DeclarationEffectifs, Emploi, Salarie
from spsti.permissions import Role

ENTETES = "nom;prenom;date_naissance;sexe;nir;poste;code_pcs;date_embauche;date_sortie;categorie;motifs"
BON = "\n".join([
    ENTETES,
    "Martin;Léa;02/06/1981;F;2 81 06 84 007 042 06;Boulangère;636c;01/02/2024;;SI;",
    "Durand;Paul;15/03/1990;M;;Livreur;;01/09/2025;;SIA;travail_nuit",
    "Petit;Ana;20/11/1975;F;;Four;;01/01/2010;;SIR;cmr",
])
MAUVAIS = "\n".join([
    ENTETES,
    "Martin;Léa;02/06/1981;X;2 81 06 84 007 042 07;Boulangère;;01/02/2024;;SI;",
    "Durand;Paul;31/02/1990;M;;Livreur;;01/09/2025;;SIA;",
    ";Ana;20/11/1975;F;;Four;;01/01/2010;01/01/2009;SIR;travail_nuit",
])


@pytest.fixture(autouse=True)
def medias(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def deposer(client, adherent, contenu, nom="effectifs.csv"):
    return client.post(f"/portail/entreprises/{adherent.pk}/effectifs/deposer/",
                       {"fichier": _fichier(contenu, nom)})


def _fichier(contenu, nom):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(nom, contenu if isinstance(contenu, bytes) else contenu.encode("utf-8"))


def confirmer(client, adherent):
    return client.post(f"/portail/entreprises/{adherent.pk}/effectifs/deposer/", {"confirmer": "1"})


def etat(adherent):
    with scopes_disabled():
        return (sorted(Salarie.objects.filter(emplois__adherent=adherent).values_list("nom", "categorie")),
                sorted(Emploi.objects.filter(adherent=adherent).values_list("poste", "date_sortie")),
                DeclarationEffectifs.objects.filter(adherent=adherent).count())


def test_un_fichier_avec_des_erreurs_les_montre_toutes_et_n_applique_rien(a):
    client = a.client(Role.ADHERENT)
    avant = etat(a.adherent)
    page = deposer(client, a.adherent, MAUVAIS).content.decode()
    attendues = [("2", "sexe", "Sélectionnez un choix valide"), ("2", "nir", "La clé du NIR"),
                 ("3", "date_naissance", "Saisissez une date valide."),
                 ("3", "motifs", "Indiquez au moins un motif de SIA."),
                 ("4", "nom", "Ce champ est obligatoire."), ("4", "date_sortie", "La sortie ne peut précéder"),
                 ("4", "motifs", "Le SIR demande au moins un motif de SIR")]
    for ligne, colonne, message in attendues:
        assert f"<td>{ligne}</td><td><code>{colonne}</code></td><td>{message}" in page, (ligne, colonne)
    assert "7 erreurs : rien n&#x27;a été enregistré" in page or "7 erreurs : rien n'a été enregistré" in page
    assert confirmer(client, a.adherent).status_code == 200  # nothing waiting: nothing to confirm
    assert etat(a.adherent) == avant


def test_un_bon_fichier_s_applique_en_entier_puis_une_seconde_fois_ne_change_rien(a):
    client = a.client(Role.ADHERENT)
    apercu = deposer(client, a.adherent, BON).content.decode()
    assert "3 lignes vérifiées, aucune erreur." in apercu and "Nouveau salarié : 3" in apercu
    assert confirmer(client, a.adherent).url == f"/portail/entreprises/{a.adherent.pk}/"
    salaries, emplois, declarations = etat(a.adherent)
    assert ("MARTIN".title(), "SI") in [(n.title(), c) for n, c in salaries] and declarations == 1
    with scopes_disabled():
        declaration = DeclarationEffectifs.objects.get(adherent=a.adherent)
        assert declaration.totaux["SIR"] == 1 and declaration.totaux["total"] == 4  # + the fixture's worker
        assert declaration.fichier.read().decode() == BON
    telechargement = client.get(f"/portail/entreprises/{a.adherent.pk}/declarations/{declaration.pk}/")
    assert b"".join(telechargement.streaming_content).decode() == BON

    apercu = deposer(client, a.adherent, BON).content.decode()
    assert "Inchangé : 3" in apercu
    confirmer(client, a.adherent)
    assert etat(a.adherent)[:2] == (salaries, emplois)


def test_un_sortant_est_marque_jamais_supprime(a):
    client = a.client(Role.ADHERENT)
    deposer(client, a.adherent, BON)
    confirmer(client, a.adherent)
    sortie = BON.replace("Livreur;;01/09/2025;;SIA", "Livreur;;01/09/2025;30/06/2026;SIA")
    assert "Sortie enregistrée : 1" in deposer(client, a.adherent, sortie).content.decode()
    confirmer(client, a.adherent)
    with scopes_disabled():
        paul = Salarie.objects.get(nom="Durand", prenom="Paul")
        assert paul.emplois.get(adherent=a.adherent).date_sortie.isoformat() == "2026-06-30"
    page = client.get(f"/portail/entreprises/{a.adherent.pk}/").content.decode()
    assert "DURAND Paul" not in page and "MARTIN Léa" in page  # the list shows those still employed


def test_xlsx_et_csv_excel_francais(a):
    classeur = Workbook()
    feuille = classeur.active
    for ligne in BON.splitlines():
        feuille.append(ligne.split(";"))
    tampon = BytesIO()
    classeur.save(tampon)
    client = a.client(Role.ADHERENT)
    assert "3 lignes vérifiées, aucune erreur." in deposer(client, a.adherent, tampon.getvalue(),
                                                           "effectifs.xlsx").content.decode()
    ancien = BON.encode("cp1252")  # Excel's "CSV (séparateur : point-virgule)"
    assert "3 lignes vérifiées, aucune erreur." in deposer(client, a.adherent, ancien).content.decode()


@pytest.mark.parametrize(("contenu", "nom", "message"), [
    ("a,b\n1,2", "effectifs.csv", "Colonnes manquantes"),
    (b"PK\x03\x04pas un classeur", "effectifs.xlsx", "ne peut pas être lu"),
    ("nom;prenom", "effectifs.pdf", "Format non pris en charge"),
])
def test_un_fichier_illisible_est_explique(a, contenu, nom, message):
    page = deposer(a.client(Role.ADHERENT), a.adherent, contenu, nom).content.decode()
    assert message in page


def test_une_ligne_en_double_est_signalee(a):
    double = BON + "\nMartin;Léa;02/06/1981;F;;Boulangère;;01/02/2024;;SI;"
    page = deposer(a.client(Role.ADHERENT), a.adherent, double).content.decode()
    assert "Même salarié qu&#x27;à la ligne 2" in page or "Même salarié qu'à la ligne 2" in page


def test_l_export_se_reimporte_sans_changement(a):
    client = a.client(Role.ADHERENT)
    deposer(client, a.adherent, BON)
    confirmer(client, a.adherent)
    export = client.get(f"/portail/entreprises/{a.adherent.pk}/effectifs.csv").content
    assert "Inchangé : 4" in deposer(client, a.adherent, export).content.decode()


def test_seules_ses_entreprises(a, b):
    client = a.client(Role.ADHERENT)
    assert client.get(f"/portail/entreprises/{b.adherent.pk}/").status_code == 404
    from tests.factories import AdherentFactory

    autre = AdherentFactory(tenant=a.service, equipe=a.equipe, centre=a.equipe.centre)
    assert client.get(f"/portail/entreprises/{autre.pk}/").status_code == 404
    assert client.get(f"/portail/entreprises/{autre.pk}/effectifs.csv").status_code == 404
    assert deposer(client, autre, BON).status_code == 404
    assert Client().get(f"/portail/entreprises/{a.adherent.pk}/").status_code == 302


def test_l_api_accepte_les_memes_fichiers(a):
    client = a.client(Role.SERVICE_ADHERENT)
    url = "/api/v1/declarations/"
    erreurs = client.post(url, {"adherent": a.adherent.pk, "fichier": _fichier(MAUVAIS, "e.csv")})
    assert erreurs.status_code == 400
    attendue = {"ligne": 3, "colonne": "date_naissance", "message": "Saisissez une date valide."}
    assert attendue in erreurs.json()["erreurs"]
    verification = client.post(url, {"adherent": a.adherent.pk, "fichier": _fichier(BON, "e.csv")}).json()
    assert verification["changements"]["creation"] == 3 and etat(a.adherent)[2] == 0
    cree = client.post(url, {"adherent": a.adherent.pk, "fichier": _fichier(BON, "e.csv"), "appliquer": "true"})
    assert cree.status_code == 201 and cree.json()["totaux"]["total"] == 4
    assert client.get(url).json()["count"] == 1


def test_l_api_des_declarations_est_fermee_aux_autres_roles_et_services(a, b):
    assert a.client(Role.MEDECIN).post("/api/v1/declarations/", {}).status_code == 403
    reponse = a.client(Role.SERVICE_ADHERENT).post("/api/v1/declarations/", {
        "adherent": b.adherent.pk, "fichier": _fichier(BON, "e.csv")})
    assert reponse.status_code == 404


def test_le_formulaire_des_petits_adherents(a):
    client = a.client(Role.ADHERENT)
    url = f"/portail/entreprises/{a.adherent.pk}/effectifs/formulaire/"
    with scopes_disabled():
        emploi = Emploi.objects.get(salarie=a.salarie)
    nouveau = {"nouveau-1-nom": "Roux", "nouveau-1-prenom": "Eva", "nouveau-1-date_naissance": "01/02/1990",
               "nouveau-1-sexe": "F", "nouveau-1-poste": "Vendeuse", "nouveau-1-date_embauche": "01/09/2026",
               "nouveau-1-categorie": "SIR"}
    page = client.post(url, {**nouveau, f"sortie-{emploi.pk}": "31/13/2026"}).content.decode()
    assert f"{a.salarie} — <code>date_sortie</code> : Saisissez une date valide." in page
    assert "Nouveau salarié n° 1 — <code>motifs</code> : Indiquez au moins un motif de SIR." in page
    assert 'value="Roux"' in page  # what was typed is kept
    assert etat(a.adherent)[2] == 0
    reponse = client.post(url, {**nouveau, "nouveau-1-motifs": "echafaudages", f"sortie-{emploi.pk}": "30/06/2026"})
    assert reponse.status_code == 302
    emploi.refresh_from_db()
    with scopes_disabled():
        eva = Salarie.objects.get(nom="Roux")
        declaration = DeclarationEffectifs.objects.get(adherent=a.adherent)
    assert emploi.date_sortie.isoformat() == "2026-06-30" and eva.categorie == "SIR"
    assert declaration.totaux["total"] == 1 and declaration.totaux["SIR"] == 1
