"""The DGT survey (D4622-57): counters by section from the year's snapshots, staff in
full-time equivalents from quotité and dates, manual rubrics kept with the year, XLSX and PDF."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from indicateurs.indicateurs import equivalents_temps_plein
from indicateurs.models import SaisieEnquete
from indicateurs.registre import Periode
from spsti.permissions import Role
from spsti.tenancy import service_actif

ANNEE = 2024


@pytest.mark.parametrize("quotite, debut, fin, attendu", [
    (Decimal("1"), None, None, 1.0),  # full time all year
    (Decimal("0.5"), None, None, 0.5),  # half time all year
    (Decimal("1"), date(ANNEE, 7, 1), None, 0.5),  # joined on 1 July (184 of 366 days: 0.5)
    (Decimal("0.8"), None, date(ANNEE - 1, 12, 31), 0.0),  # left before the year
])
def test_equivalents_temps_plein(a, quotite, debut, fin, attendu):
    medecin = a.membres[Role.MEDECIN]
    medecin.quotite, medecin.date_debut, medecin.date_fin = quotite, debut, fin
    medecin.save()
    with service_actif(a.service):
        assert equivalents_temps_plein(Periode.annee(ANNEE), Role.MEDECIN) == pytest.approx(attendu, abs=0.01)


def test_l_enquete_remplit_ses_sections_et_garde_les_saisies(a):
    client = a.client(Role.DIRECTEUR)
    page = client.get("/indicateurs/enquete-dgt/", {"annee": ANNEE})
    assert page.status_code == 200
    texte = page.content.decode()
    assert "1. Adhérents par taille d&#x27;entreprise" in texte or "1. Adhérents par taille d'entreprise" in texte
    assert "Médecins du travail — équivalents temps plein" in texte and "30 juin 2025" in texte
    reponse = client.post("/indicateurs/enquete-dgt/", {"annee": ANNEE, "cellule_pdp_existe": "oui",
                                                         "preconisations_poste": "42"})
    assert reponse.status_code == 302
    with service_actif(a.service):
        assert dict(SaisieEnquete.objects.filter(annee=ANNEE).values_list("cle", "valeur")) == {
            "cellule_pdp_existe": "oui", "preconisations_poste": "42"}
        assert not SaisieEnquete.objects.filter(annee=ANNEE + 1).exists()
    xlsx = client.get("/indicateurs/enquete-dgt/", {"annee": ANNEE, "format": "xlsx"})
    feuille = load_workbook(BytesIO(xlsx.content)).active
    lignes = [[c.value for c in ligne] for ligne in feuille.iter_rows()]
    assert ["10. Préconisations d'aménagement de poste", "Préconisations d'aménagement de poste émises (nombre)",
            "42", "saisi"] in lignes
    assert client.get("/indicateurs/enquete-dgt/", {"annee": ANNEE, "format": "pdf"}).content.startswith(b"%PDF")
