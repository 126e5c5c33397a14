"""The invoice PDF carries every legal mention; its Factur-X XML validates against the EN 16931
XSD the library checks; the accounting journal balances."""

from datetime import date
from decimal import Decimal as D
from io import BytesIO

import pytest
from facturx import get_xml_from_pdf, xml_check_xsd
from pypdf import PdfReader

from offres import documents, services
from spsti.permissions import Role
from spsti.tenancy import service_actif


@pytest.fixture
def facture(a):
    with service_actif(a.service):
        a.service.adresse, a.service.code_postal, a.service.ville = "12 rue des Lices", "84000", "Avignon"
        a.service.parametres = {"offres": {"iban": "FR7630006000011234567890189"}}
        a.service.save()
        a.adherent.adresse, a.adherent.code_postal, a.adherent.ville = "3 avenue Foch", "84000", "Avignon"
        a.adherent.save()
        return services.facture_emettre(
            adherent=a.adherent, par=a.membres[Role.COMPTABLE].utilisateur, objet="Cotisation 2026",
            emise_le=date(2026, 2, 15),
            lignes=[services.Ligne("Cotisation 2026 — 1,5 salarié", D("1.5"), D("110.00"), D("20.00")),
                    services.Ligne("Droit d'entrée", D(1), D("50.00"), D("20.00"))])


def test_le_xml_factur_x_valide_le_profil_en16931(a, facture):
    with service_actif(a.service):
        xml = documents.facture_xml(facture)
    assert xml_check_xsd(xml, flavor="factur-x", level="en16931")
    texte = xml.decode()
    for attendu in [facture.numero, "380", a.adherent.siren, a.service.siren, "<ram:GrandTotalAmount>258.00",
                    "FR7630006000011234567890189", "D441-5"]:
        assert attendu in texte


def test_le_pdf_porte_les_mentions_legales_et_son_xml(a, facture):
    with service_actif(a.service):
        pdf = documents.facture_facturx(facture)
        avoir = services.avoir_emettre(facture=facture, motif="Erreur d'effectif",
                                       par=a.membres[Role.COMPTABLE].utilisateur, emise_le=date(2026, 2, 20))
        xml_avoir = documents.facture_xml(avoir)
    texte = " ".join(" ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages).split())
    for mention in [facture.numero, "SIREN " + a.service.siren, "SIREN " + a.adherent.siren, "TVA intracommunautaire",
                    services.tva_intracommunautaire(a.service.siren), "15 février 2026",
                    "Échéance", "17 mars 2026", "TVA 20 %", "Total TTC à payer 258,00 €", "recouvrement de 40 €",
                    "L441-10", "pénalités", "D441-5"]:
        assert mention in texte, mention
    nom, xml = get_xml_from_pdf(pdf, check_xsd=True)
    assert nom == "factur-x.xml" and facture.numero.encode() in xml
    assert xml_check_xsd(xml_avoir, flavor="factur-x", level="en16931") and b"381" in xml_avoir


def test_le_journal_comptable_est_equilibre(a, facture):
    with service_actif(a.service):
        services.paiement_enregistrer(facture=facture, montant=D("100.00"), mode="virement",
                                      par=a.membres[Role.COMPTABLE].utilisateur, date_paiement=date(2026, 3, 1))
        journal = documents.journal(date(2026, 1, 1), date(2026, 12, 31))
    debit = sum(D(ligne[6] or 0) for ligne in journal)
    credit = sum(D(ligne[7] or 0) for ligne in journal)
    assert debit == credit == D("358.00")
    assert {ligne[3] for ligne in journal} == {"411", "706", "44571", "512"}
