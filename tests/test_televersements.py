"""The upload policy (spsti/televersements.py), through the API and the portal: garbage, a 50 MB
CSV, a zip bomb, too many columns, a giant cell… each refused in French with a 400 (the portal:
its French error) within 2 s, nothing created, memory bounded."""

import io
import time
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled
from openpyxl import Workbook

from adherents.models import Salarie
from spsti import televersements
from spsti.permissions import Role

ENTETES = "nom;prenom;date_naissance;sexe;nir;poste;code_pcs;date_embauche;date_sortie;categorie;motifs"
LIGNE = "Durand;Paul;15/03/1990;M;;Livreur;;01/09/2025;;SIA;travail_nuit"


def bombe_zip() -> bytes:
    """An XLSX-looking zip whose sheet inflates to 200 MB (a few hundred kB on disk)."""
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as feuille:
            bloc = b"<row><c><v>1</v></c></row>" * 40_000
            for _ in range(200 * 1024 * 1024 // len(bloc)):
                feuille.write(bloc)
    return tampon.getvalue()


def xlsx(lignes) -> bytes:
    classeur = Workbook()
    for ligne in lignes:
        classeur.active.append(ligne)
    tampon = io.BytesIO()
    classeur.save(tampon)
    return tampon.getvalue()


MAUVAIS = {
    "déchets binaires": ("e.csv", bytes(range(256)) * 200, "ni un fichier CSV ni un classeur Excel"),
    "CSV de 50 Mo": ("e.csv", (ENTETES + "\n" + (LIGNE + "\n") * 800_000).encode(), "dépasse 5 Mo"),
    "bombe zip": ("e.xlsx", None, "trop volumineux une fois décompressé"),
    "zip qui n'est pas un classeur": ("e.xlsx", None, "pas un classeur Excel"),
    "XLSX endommagé": ("e.xlsx", b"PK\x03\x04" + b"x" * 500, "endommagé"),
    "trop de colonnes": ("e.csv", (";".join(f"c{i}" for i in range(80)) + "\n").encode(), "plus de 50 colonnes"),
    "cellule géante": ("e.csv", (ENTETES + "\n" + "A" * 5000 + LIGNE + "\n").encode(), "trop longue"),
    "trop de lignes": ("e.csv", (ENTETES + "\n" + "a;b\n" * 120_000).encode(), "lignes"),
    "XLSX de trop de colonnes": ("e.xlsx", None, "plus de 50 colonnes"),
}


def contenu_de(cas):
    nom, contenu, _ = MAUVAIS[cas]
    if cas == "bombe zip":
        return bombe_zip()
    if cas == "zip qui n'est pas un classeur":
        tampon = io.BytesIO()
        with zipfile.ZipFile(tampon, "w") as archive:
            archive.writestr("photo.txt", "bonjour")
        return tampon.getvalue()
    if cas == "XLSX de trop de colonnes":
        return xlsx([[f"c{i}" for i in range(80)]])
    return contenu


@pytest.fixture(autouse=True)
def medias(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize("cas", list(MAUVAIS))
def test_l_api_refuse_chaque_mauvais_fichier_en_francais_en_moins_de_2_s(a, cas):
    nom, _, message = MAUVAIS[cas]
    contenu = contenu_de(cas)
    client = a.client(Role.SERVICE_ADHERENT)
    fichier = SimpleUploadedFile(nom, contenu)
    client.get("/api/v1/declarations/")  # a warm server (URLs, imports)
    tracemalloc.start()
    debut = time.monotonic()
    reponse = client.post("/api/v1/declarations/", {"adherent": a.adherent.pk, "fichier": fichier})
    duree = time.monotonic() - debut
    _, pic = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert reponse.status_code == 400, reponse.content[:300]
    assert message in reponse.json()["fichier"][0]
    assert duree < 2, f"{cas} : {duree:.1f} s"
    assert pic < 3 * len(contenu) + 40 * 1024 * 1024, f"{cas} : {pic / 2**20:.0f} Mo"
    with scopes_disabled():
        assert Salarie.objects.filter(adherent=a.adherent).count() == 1  # the world's worker only


@pytest.mark.parametrize("cas", ["déchets binaires", "bombe zip", "CSV de 50 Mo"])
def test_le_portail_refuse_les_memes_fichiers(a, cas):
    nom, _, message = MAUVAIS[cas]
    fichier = SimpleUploadedFile(nom, contenu_de(cas))
    client = a.client(Role.ADHERENT)
    debut = time.monotonic()
    reponse = client.post(f"/portail/entreprises/{a.adherent.pk}/effectifs/deposer/", {"fichier": fichier})
    assert time.monotonic() - debut < 2
    page = reponse.content.decode()
    assert reponse.status_code == 200 and (message in page or "dépasse 5 Mo" in page)


def test_un_bon_xlsx_et_un_bon_csv_passent():
    rangees = [ENTETES.split(";"), LIGNE.split(";")]
    assert televersements.tableau(xlsx(rangees))[0][0] == "Durand"
    assert televersements.tableau((ENTETES + "\r\n" + LIGNE + "\r\n").encode("cp1252"))[0][1] == "Paul"
    assert televersements.tableau(("\ufeff" + ENTETES + "\n" + LIGNE).encode()).headers[0] == "nom"
