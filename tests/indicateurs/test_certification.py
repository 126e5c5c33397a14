"""The certification evidence pack: per area, a PDF dossier and a ZIP of XLSX tables, for a
chosen period; a bad period is refused in French."""

import io
import zipfile

from spsti.permissions import Role


def test_le_dossier_de_certification_se_telecharge(a):
    client = a.client(Role.DIRECTEUR)
    page = client.get("/indicateurs/certification/")
    assert page.status_code == 200 and "Télécharger le dossier (PDF)" in page.content.decode()
    periode = {"debut": "01/01/2025", "fin": "31/12/2025"}
    pdf = client.get("/indicateurs/certification/", {**periode, "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    archive = zipfile.ZipFile(io.BytesIO(client.get("/indicateurs/certification/", {**periode, "format": "zip"})
                                        .content))
    dossiers = {nom.split("/")[0] for nom in archive.namelist()}
    assert dossiers == {"qualite_socle", "organisation", "finances", "rgpd", "securite"}
    assert all(nom.endswith(".xlsx") for nom in archive.namelist())


def test_une_periode_a_l_envers_est_refusee(a):
    page = a.client(Role.DIRECTEUR).get("/indicateurs/certification/", {"debut": "31/12/2025", "fin": "01/01/2025",
                                                                         "format": "pdf"})
    assert page.status_code == 200 and "La fin de la période précède son début." in page.content.decode()


def test_les_liens_de_la_page_par_defaut_telechargent_la_periode_affichee(a):
    """The first visit shows last year; its download links carry that period (a link with only
    ``format`` once showed the form again instead of the file)."""
    import re
    from html import unescape

    client = a.client(Role.DIRECTEUR)
    page = client.get("/indicateurs/certification/").content.decode()
    for format_export, debut in (("pdf", b"%PDF"), ("zip", b"PK")):
        lien = unescape(re.search(rf'href="(\?[^"]*format={format_export})"', page).group(1))
        fichier = client.get("/indicateurs/certification/" + lien)
        assert fichier.content.startswith(debut), format_export
        assert fichier["Content-Disposition"].endswith(f'.{format_export}"')
