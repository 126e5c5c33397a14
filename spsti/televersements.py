"""The one upload policy for tabular files (API, portal, back-office): bounded in size, type,
shape and time, refused in French before anything heavy happens.

``lire_televersement(fichier)`` reads an uploaded file (size checked before reading);
``tableau(contenu)`` turns its bytes into a ``tablib.Dataset`` (first row = headers):

- size at most ``TAILLE_MAX`` (5 Mo);
- type sniffed from the content, not the name: an XLSX is a zip holding an Excel workbook; a CSV
  is text (UTF-8 or Windows-1252, no NUL byte); anything else is refused;
- XLSX: the zip directory is checked before openpyxl opens it (member count, total uncompressed
  size, compression ratio): a zip bomb is refused without being inflated;
- at most ``LIGNES_MAX`` rows, ``COLONNES_MAX`` columns, ``CELLULE_MAX`` characters per cell;
- parsing stops after ``DUREE_MAX`` seconds.

Every refusal is a ``FichierRefuse`` (a ``ValueError``) with a French message for the user.
"""

import csv
import io
import time
import zipfile

import tablib

TAILLE_MAX = 5 * 1024 * 1024
LIGNES_MAX = 100_000
COLONNES_MAX = 50
CELLULE_MAX = 1_000
XLSX_DECOMPRESSE_MAX = 60 * 1024 * 1024
XLSX_MEMBRES_MAX = 200
XLSX_RATIO_MAX = 120
DUREE_MAX = 15.0
MO = 1024 * 1024


class FichierRefuse(ValueError):
    """The file breaks the upload policy: nothing is done; the message is for the user."""


def lire_televersement(fichier, taille_max: int = TAILLE_MAX) -> bytes:
    """The bytes of an uploaded file, refused before reading when too large."""
    taille = getattr(fichier, "size", None)
    if taille is not None and taille > taille_max:
        raise FichierRefuse(f"Le fichier dépasse {taille_max // MO} Mo : découpez-le ou contactez le service.")
    contenu = fichier.read(taille_max + 1)
    if len(contenu) > taille_max:
        raise FichierRefuse(f"Le fichier dépasse {taille_max // MO} Mo : découpez-le ou contactez le service.")
    return contenu


def genre(contenu: bytes) -> str:
    """"xlsx" or "csv", sniffed from the content; refuses anything else."""
    if contenu.startswith(b"PK\x03\x04"):
        return "xlsx"
    echantillon = contenu[:64 * 1024]
    if not echantillon.strip() or b"\x00" in echantillon:
        raise FichierRefuse("Ce fichier n'est ni un fichier CSV ni un classeur Excel (.xlsx) : vérifiez son contenu.")
    texte = _decoder(echantillon, strict=False)
    imprimables = sum(c.isprintable() or c in "\r\n\t" for c in texte)
    if imprimables < 0.95 * len(texte):
        raise FichierRefuse("Ce fichier n'est ni un fichier CSV ni un classeur Excel (.xlsx) : vérifiez son contenu.")
    return "csv"


def _decoder(contenu: bytes, strict: bool = True) -> str:
    try:
        return contenu.decode("utf-8-sig")
    except UnicodeDecodeError:
        if not strict:
            return contenu.decode("utf-8-sig", errors="ignore")
        return contenu.decode("cp1252", errors="replace")  # Excel's "CSV (séparateur : point-virgule)"


class _Bornes:
    def __init__(self):
        self.fin = time.monotonic() + DUREE_MAX
        self.lignes = 0

    def ligne(self, cellules) -> list:
        self.lignes += 1
        if self.lignes > LIGNES_MAX + 1:  # + the header row
            raise FichierRefuse(f"Le fichier dépasse {LIGNES_MAX:,} lignes : découpez-le.".replace(",", " "))
        if len(cellules) > COLONNES_MAX:
            raise FichierRefuse(f"La ligne {self.lignes} a plus de {COLONNES_MAX} colonnes.")
        valeurs = list(cellules)
        for valeur in valeurs:
            if isinstance(valeur, str) and len(valeur) > CELLULE_MAX:
                raise FichierRefuse(f"La ligne {self.lignes} a une cellule de plus de {CELLULE_MAX} caractères.")
        if self.lignes % 500 == 0 and time.monotonic() > self.fin:
            raise FichierRefuse("La lecture du fichier prend trop de temps : découpez-le ou contactez le service.")
        return valeurs


def _csv(contenu: bytes) -> tablib.Dataset:
    if contenu.count(b"\n") > LIGNES_MAX + 1:  # before parsing anything
        raise FichierRefuse(f"Le fichier dépasse {LIGNES_MAX:,} lignes : découpez-le.".replace(",", " "))
    texte = _decoder(contenu)
    premiere = texte.split("\n", 1)[0]
    separateur = ";" if premiere.count(";") > premiere.count(",") else ","  # French Excel writes ';'
    bornes = _Bornes()
    csv.field_size_limit(CELLULE_MAX + 1)
    try:
        lignes = [bornes.ligne(ligne) for ligne in csv.reader(io.StringIO(texte, newline=""), delimiter=separateur)]
    except csv.Error as exc:
        raise FichierRefuse(f"Le fichier CSV est mal formé (ligne {bornes.lignes + 1}) : "
                            f"une cellule est trop longue ou un guillemet n'est pas fermé.") from exc
    return _jeu(lignes)


def verifier_zip(contenu: bytes) -> None:
    """The zip directory of an XLSX, read without inflating anything."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(contenu))
        membres = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise FichierRefuse("Le fichier XLSX ne peut pas être lu (classeur endommagé) : enregistrez-le à nouveau "
                            "au format .xlsx.") from exc
    if len(membres) > XLSX_MEMBRES_MAX:
        raise FichierRefuse("Le classeur Excel contient trop d'éléments pour une déclaration.")
    total = sum(m.file_size for m in membres)
    if total > XLSX_DECOMPRESSE_MAX or any(m.file_size > XLSX_RATIO_MAX * max(m.compress_size, 1) and
                                           m.file_size > MO for m in membres):
        raise FichierRefuse(f"Le classeur Excel est trop volumineux une fois décompressé "
                            f"(plus de {XLSX_DECOMPRESSE_MAX // MO} Mo) : découpez-le.")
    noms = {m.filename for m in membres}
    if "xl/workbook.xml" not in noms:
        raise FichierRefuse("Ce fichier compressé n'est pas un classeur Excel (.xlsx).")


def _xlsx(contenu: bytes) -> tablib.Dataset:
    import openpyxl

    verifier_zip(contenu)
    bornes = _Bornes()
    try:
        classeur = openpyxl.load_workbook(io.BytesIO(contenu), read_only=True, data_only=True)
    except Exception as exc:
        raise FichierRefuse("Le fichier XLSX ne peut pas être lu : est-ce bien un classeur Excel ?") from exc
    try:
        feuille = classeur.worksheets[0]
        lignes = [bornes.ligne(_sans_fin_vide(ligne)) for ligne in feuille.iter_rows(values_only=True)]
    except FichierRefuse:
        raise
    except Exception as exc:
        raise FichierRefuse("Le fichier XLSX ne peut pas être lu : est-ce bien un classeur Excel ?") from exc
    finally:
        classeur.close()
    while lignes and all(v in (None, "") for v in lignes[-1]):
        lignes.pop()  # trailing empty rows
    return _jeu([["" if v is None else v for v in ligne] for ligne in lignes])


def _sans_fin_vide(ligne) -> list:
    cellules = list(ligne)
    while cellules and cellules[-1] is None:
        cellules.pop()
    return cellules


def _jeu(lignes: list[list]) -> tablib.Dataset:
    donnees = tablib.Dataset()
    if not lignes:
        return donnees
    largeur = max(len(ligne) for ligne in lignes)
    donnees.headers = list(lignes[0]) + [""] * (largeur - len(lignes[0]))
    for ligne in lignes[1:]:
        if any(v not in (None, "") for v in ligne):
            donnees.append(list(ligne) + [""] * (largeur - len(ligne)))
    return donnees


def tableau(contenu: bytes) -> tablib.Dataset:
    """The rows of a CSV or XLSX file, within the policy (see the module docstring)."""
    if len(contenu) > TAILLE_MAX:
        raise FichierRefuse(f"Le fichier dépasse {TAILLE_MAX // MO} Mo : découpez-le ou contactez le service.")
    return _xlsx(contenu) if genre(contenu) == "xlsx" else _csv(contenu)
