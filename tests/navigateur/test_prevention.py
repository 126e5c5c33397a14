"""A prevention journey in headless Chromium: the prevention assistant updates a company's FE on a
tablet, the physician validates and signs it, the employer downloads it from the portal, confirms
the visit proposed to it and files its DUERP."""

import io

import pytest
from PIL import Image

from .test_parcours import se_connecter

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]

TABLETTE = {"width": 820, "height": 1180}


def test_assistant_redige_sur_tablette_medecin_valide_employeur_telecharge_et_depose(
        navigateur, demo, capture, settings, tmp_path):
    from adherents.models import AccesPortail
    from spsti.tenancy import tous_services_actifs

    settings.MEDIA_ROOT = tmp_path / "media"
    with tous_services_actifs():
        adherent = AccesPortail.objects.get(rattachement__utilisateur__email="adherent@provence.demo").adherent
    photo = tmp_path / "quai.png"
    tampon = io.BytesIO()
    Image.new("RGB", (320, 240), (200, 120, 40)).save(tampon, "PNG")
    photo.write_bytes(tampon.getvalue())
    duerp = tmp_path / "duerp-2026.csv"
    duerp.write_text("Unité de travail;Danger;Mesure\nQuai;Risque routier;Protocole téléphone\n", encoding="utf-8")

    tablette = navigateur.new_context(viewport=TABLETTE, locale="fr-FR", has_touch=True)
    page = tablette.new_page()
    page.goto(demo + "/comptes/connexion/")
    se_connecter(page, demo, "asst@provence.demo")
    page.wait_for_url("**/accueil/")
    page.goto(f"{demo}/prevention/adherents/{adherent.pk}/")
    page.get_by_role("link", name="Fiche d'entreprise", exact=True).click()
    page.get_by_role("button", name="Enregistrer").click()  # for the whole company: version 2 from version 1
    page.get_by_text("Version 2 ouverte en rédaction").wait_for()
    page.get_by_role("link", name="Ajouter une unité de travail").click()
    page.get_by_label("Unité de travail").fill("Quai de chargement")
    page.get_by_label("Effectif").fill("2")
    page.get_by_label("Risque routier (déplacements professionnels)").check()
    page.get_by_label("Manutention manuelle, postures, gestes répétitifs (TMS)").check()
    capture(page, "20-tablette-unite-dangers-coches")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Unité « Quai de chargement » enregistrée.").wait_for()
    unite = page.locator(".card", has=page.get_by_role("heading", name="Quai de chargement"))
    unite.get_by_role("row", name="Risque routier").get_by_role("link", name="Préciser").click()
    page.get_by_label("Situation d'exposition").fill("Livraisons quotidiennes en fourgon")
    page.get_by_label("Élevé", exact=True).check()
    page.get_by_label("Mesures de prévention existantes").fill("Véhicules entretenus ; pas de protocole téléphone.")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Risque « Risque routier (déplacements professionnels) » enregistré.").wait_for()
    page.get_by_role("link", name="Ajouter une photo").click()
    page.get_by_label("Photo").set_input_files(str(photo))
    page.get_by_label("Légende").fill("Quai sans butée de roue")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Photo « Quai sans butée de roue » ajoutée.").wait_for()
    capture(page, "21-tablette-fiche-en-redaction")
    page.get_by_role("button", name="Transmettre au médecin").click()
    page.get_by_text("Fiche transmise au médecin du travail pour validation.").wait_for()
    tablette.close()

    bureau = navigateur.new_context(viewport={"width": 1280, "height": 860}, locale="fr-FR")
    page = bureau.new_page()
    page.goto(demo + "/comptes/connexion/")
    se_connecter(page, demo, "medecin@provence.demo")
    page.wait_for_url("**/accueil/")
    page.goto(f"{demo}/alertes/")
    assert page.get_by_text(f"{adherent.raison_sociale} : fiche d'entreprise v2 à valider").is_visible()
    page.goto(f"{demo}/prevention/adherents/{adherent.pk}/")
    page.get_by_role("link", name="v2").click()
    assert page.get_by_text("Livraisons quotidiennes en fourgon").is_visible()
    page.get_by_role("button", name="Valider et signer").click()
    page.get_by_text("Fiche validée et signée").first.wait_for()
    assert page.locator("#statut-fiche").inner_text() == "Validée"
    capture(page, "22-fiche-validee-par-le-medecin")
    page.context.clear_cookies()

    page.goto(demo + "/portail/connexion/")
    se_connecter(page, demo, "adherent@provence.demo")
    page.wait_for_url(demo + "/portail/")
    page.goto(f"{demo}/portail/entreprises/{adherent.pk}/")
    page.get_by_role("link", name="Mon espace prévention").click()
    fiches = page.locator("#fiches a")
    assert fiches.count() == 2
    with page.expect_download() as telechargement:
        page.get_by_role("link", name="Fiche d'entreprise v2").click()
    with open(telechargement.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
    page.get_by_role("link", name="Confirmer ou demander une autre date").first.click()
    page.get_by_role("button", name="Je confirme ce rendez-vous").click()
    page.get_by_text("Rendez-vous confirmé").wait_for()
    page.get_by_role("link", name="Déposer mon DUERP").click()
    page.get_by_label("Fichier du DUERP").set_input_files(str(duerp))
    page.get_by_label("Commentaire").fill("Mise à jour après la visite")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("DUERP version 1 déposé").wait_for()
    assert page.locator("#documents-duerp a").count() == 1
    capture(page, "23-portail-prevention-fiche-et-duerp")
    bureau.close()
