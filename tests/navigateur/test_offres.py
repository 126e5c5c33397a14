"""A billing journey in headless Chromium: the employer asks for a complementary service in the
portal, the prevention specialist delivers it, accounting invoices it, the employer downloads the
Factur-X invoice and sees its balance."""

import pytest

from .test_parcours import se_connecter

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def test_demande_au_portail_realisation_facturation_et_telechargement(navigateur, demo, capture):
    from adherents.models import AccesPortail
    from spsti.tenancy import tous_services_actifs

    with tous_services_actifs():
        adherent = AccesPortail.objects.get(rattachement__utilisateur__email="adherent@provence.demo").adherent

    employeur = navigateur.new_context(viewport={"width": 1280, "height": 860}, locale="fr-FR").new_page()
    employeur.goto(demo + "/portail/connexion/")
    se_connecter(employeur, demo, "adherent@provence.demo")
    employeur.goto(f"{demo}/portail/entreprises/{adherent.pk}/")
    employeur.get_by_role("link", name="Offres et factures").click()
    solde_avant = employeur.locator("#solde").inner_text()
    employeur.get_by_role("link", name="Demander une prestation").click()
    employeur.get_by_label("Prestation").select_option(label="Médiation")
    employeur.get_by_label("Votre besoin, avec vos mots").fill("Deux chefs d'équipe ne se parlent plus depuis l'été.")
    capture(employeur, "40-portail-demande-prestation")
    employeur.get_by_role("button", name="Envoyer ma demande").click()
    employeur.get_by_text("Votre demande est transmise au service").wait_for()
    assert "Médiation — Demandée" in employeur.locator("#demandes").inner_text()

    iprp = navigateur.new_context(viewport={"width": 1280, "height": 860}, locale="fr-FR").new_page()
    iprp.goto(demo + "/comptes/connexion/")
    se_connecter(iprp, demo, "iprp@provence.demo")
    iprp.wait_for_url("**/accueil/")
    iprp.goto(demo + "/offres/demandes/?statut=demandee")
    iprp.get_by_role("link", name="Médiation").first.click()
    iprp.get_by_label("Statut").select_option(label="Réalisée")
    iprp.get_by_label("Quantité (heures, actes)").fill("3")
    iprp.get_by_label("Réalisée le").fill("2026-11-27")
    iprp.get_by_label("Séances tenues").fill("2")
    iprp.get_by_label("Issue").fill("Accord sur une organisation des relèves ; point dans trois mois.")
    iprp.get_by_role("button", name="Enregistrer").click()
    iprp.get_by_text("Demande mise à jour.").wait_for()
    url_demande = iprp.url

    comptable = navigateur.new_context(viewport={"width": 1280, "height": 860}, locale="fr-FR").new_page()
    comptable.goto(demo + "/comptes/connexion/")
    se_connecter(comptable, demo, "comptable@provence.demo")
    comptable.wait_for_url("**/accueil/")
    comptable.goto(demo + "/offres/")
    assert "à facturer" in comptable.locator("#travail-comptable").inner_text()
    comptable.goto(url_demande)
    comptable.get_by_role("button", name="Facturer la prestation").click()
    comptable.get_by_text("Facture n°").first.wait_for()
    capture(comptable, "41-comptable-prestation-facturee")

    employeur.goto(f"{demo}/portail/entreprises/{adherent.pk}/offres/")
    assert "Médiation — Facturée" in employeur.locator("#demandes").inner_text()
    assert employeur.locator("#solde").inner_text() != solde_avant
    lien = employeur.locator("#factures").get_by_role("link").first
    reponse = employeur.request.get(demo + lien.get_attribute("href"))
    assert reponse.headers["content-type"] == "application/pdf" and reponse.body().startswith(b"%PDF")
    from facturx import get_xml_from_pdf

    nom, xml = get_xml_from_pdf(reponse.body(), check_xsd=True)
    assert nom == "factur-x.xml" and b"urn:cen.eu:en16931:2017" in xml
    capture(employeur, "42-portail-factures-et-solde")
