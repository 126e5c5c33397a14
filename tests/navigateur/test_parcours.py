"""Journeys a person makes, in headless Chromium."""

import time
from io import StringIO

import pytest
from django.core.management import call_command

from spsti.management.commands.donnees_demo import MOT_DE_PASSE

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def se_connecter(page, url, email):
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    for essai in range(2):
        if "/comptes/double-facteur/" not in page.url:  # issue 11: the demo's medical accounts have a second factor
            break
        if essai:  # a code serves once: the same person logging in again within its 30 s gets the next one
            time.sleep(31 - time.time() % 30)
        code = StringIO()
        call_command("code_otp", email, stdout=code)
        page.get_by_label("Code à usage unique").fill(code.getvalue().strip())
        page.get_by_label("Se souvenir de cet appareil", exact=False).check()
        page.get_by_role("button", name="Vérifier").click()
        page.wait_for_load_state()


def test_un_medecin_se_connecte_et_arrive_sur_sa_journee(page, demo, capture):
    page.goto(demo + "/")
    assert page.url.endswith("/comptes/connexion/")
    assert page.get_by_role("heading", name="Connexion").is_visible()
    capture(page, "01-connexion")
    se_connecter(page, demo, "medecin@provence.demo")
    page.wait_for_url("**/accueil/")
    assert page.get_by_role("heading", name="Bonjour Karim").is_visible()
    assert page.locator("main").get_by_text("Médecin du travail").is_visible()
    assert page.get_by_role("link", name="Indicateurs").count() == 0
    capture(page, "02-accueil-medecin")


def test_le_directeur_voit_ses_indicateurs_et_le_service_adherent_ses_alertes(page, demo, capture, settings):
    # the production policy, enforced: no violation (nor any other error) in the console, htmx still swaps
    settings.CONTENT_SECURITY_POLICY, settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = settings.POLITIQUE_CSP, None
    erreurs = []
    page.on("console", lambda message: message.type in ("error", "warning") and erreurs.append(message.text))
    page.goto(demo + "/comptes/connexion/")
    se_connecter(page, demo, "directeur@provence.demo")
    page.get_by_role("link", name="Indicateurs").first.click()
    page.wait_for_url("**/indicateurs/")
    assert page.get_by_text("Établissements adhérents suivis").is_visible()
    annee = str(int(page.get_by_label("Année").input_value()) - 1)
    page.get_by_label("Année").select_option(annee)  # htmx swaps the values in place
    page.get_by_text(f"du 01/01/{annee} au 31/12/{annee}").wait_for()
    assert page.url.endswith(f"?annee={annee}")
    capture(page, "03-indicateurs-directeur")
    page.get_by_role("button", name="Claire Fontaine").click()
    page.get_by_role("button", name="Se déconnecter").click()
    se_connecter(page, demo, "service.adherent@provence.demo")
    page.wait_for_url("**/accueil/")
    assert page.get_by_role("link", name="Adhérents sans équipe").first.is_visible()  # alerts grouped by kind
    capture(page, "04-accueil-service-adherent")
    assert erreurs == []


def test_un_adherent_se_connecte_au_portail(page, demo, capture):
    page.goto(demo + "/portail/")
    assert "/portail/connexion/" in page.url
    capture(page, "05-portail-connexion")
    se_connecter(page, demo, "cabinet@provence.demo")
    page.wait_for_url(demo + "/portail/")
    assert page.get_by_role("heading", name="Mes entreprises").is_visible()
    assert page.get_by_text("Vous gérez 3 entreprises adhérentes.").is_visible()
    capture(page, "06-portail-accueil")


def test_un_employeur_depose_ses_effectifs_corrige_et_voit_ses_salaries(page, demo, capture, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    entetes = "nom;prenom;date_naissance;sexe;nir;poste;code_pcs;date_embauche;date_sortie;categorie;motifs"
    fautif = tmp_path / "effectifs.csv"
    fautif.write_text(f"{entetes}\nMoreau;Inès;12/13/1992;F;;Vendeuse;;02/01/2025;;SIR;\n"
                      f"Garcia;Hugo;04/05/1988;M;;Chauffeur;;03/03/2021;;SI;\n", encoding="utf-8")
    page.goto(demo + "/portail/connexion/")
    se_connecter(page, demo, "adherent@provence.demo")
    page.wait_for_url(demo + "/portail/")
    page.locator(".card h2 a").first.click()
    page.get_by_role("link", name="Déclarer mes effectifs").click()
    page.get_by_label("Fichier de déclaration").set_input_files(str(fautif))
    page.get_by_role("button", name="Vérifier le fichier").click()
    erreurs = page.locator("#erreurs tbody tr")
    erreurs.first.wait_for()  # the check page has loaded
    assert erreurs.count() == 2
    assert "date_naissance" in erreurs.nth(0).inner_text() and "motifs" in erreurs.nth(1).inner_text()
    capture(page, "07-portail-declaration-erreurs")

    fautif.write_text(f"{entetes}\nMoreau;Inès;12/03/1992;F;;Vendeuse;;02/01/2025;;SIR;cmr\n"
                      f"Garcia;Hugo;04/05/1988;M;;Chauffeur;;03/03/2021;;SI;\n", encoding="utf-8")
    page.get_by_role("link", name="Déposer le fichier corrigé").click()
    page.get_by_label("Fichier de déclaration").set_input_files(str(fautif))
    page.get_by_role("button", name="Vérifier le fichier").click()
    page.get_by_text("2 lignes vérifiées, aucune erreur.").wait_for()
    page.get_by_role("button", name="Confirmer la déclaration").click()
    page.get_by_text("Déclaration 2").first.wait_for()  # "Déclaration <year> enregistrée"
    assert page.get_by_role("cell", name="MOREAU Inès").is_visible()
    assert page.get_by_role("cell", name="GARCIA Hugo").is_visible()
    capture(page, "08-portail-entreprise-salaries")


def test_secretaire_convoque_infirmiere_enregistre_employeur_telecharge(page, demo, capture, settings, tmp_path):
    """A secretary books a member's workers into the team's free times, the nurse records a
    delegated visit, the employer downloads the attestation from the portal."""
    from datetime import timedelta

    from django.utils import timezone

    from adherents.models import AccesPortail
    from spsti.models import Rattachement
    from spsti.tenancy import tous_services_actifs
    from suivi_individuel.models import StatutVisite, TypeVisiteService, Visite
    from tests.factories import SalarieFactory

    settings.MEDIA_ROOT = tmp_path / "media"
    with tous_services_actifs():
        adherent = AccesPortail.objects.get(rattachement__utilisateur__email="adherent@provence.demo").adherent
        for _ in range(3):  # hired in 2021, never seen: their initial VIP is late
            SalarieFactory(tenant=adherent.tenant, adherent=adherent)
        infirmier = Rattachement.objects.get(utilisateur__email="infirmier@provence.demo")
        debut = timezone.now() - timedelta(minutes=40)
        vue_ce_matin = Visite.objects.create(
            tenant=adherent.tenant, salarie=adherent.salaries.order_by("pk").last(), type="vip_initiale",
            statut=StatutVisite.PLANIFIEE, debut=debut, date=timezone.localdate(debut), professionnel=infirmier,
            type_service=TypeVisiteService.objects.get(tenant=adherent.tenant, type_legal="vip_initiale"))

    page.goto(demo + "/comptes/connexion/")
    se_connecter(page, demo, "assistant.medical@provence.demo")
    page.wait_for_url("**/accueil/")
    page.goto(f"{demo}/adherents/{adherent.pk}/")
    page.get_by_role("link", name="Planifier les visites").click()
    page.wait_for_url("**/planifier/")
    page.get_by_label("Au").fill((timezone.localdate() + timedelta(days=27)).isoformat())
    page.get_by_role("button", name="Planifier").click()
    page.locator("#planifiees li").first.wait_for()
    assert page.locator("#planifiees li").count() >= 2
    assert page.get_by_text("Julie Marchand").first.is_visible()  # the nurse, under her protocol
    capture(page, "09-planification-groupee")
    page.context.clear_cookies()

    page.goto(demo + "/comptes/connexion/")
    se_connecter(page, demo, "infirmier@provence.demo")
    page.wait_for_url("**/accueil/")
    page.goto(f"{demo}/suivi/visites/{vue_ce_matin.pk}/")
    page.get_by_role("link", name="Enregistrer la visite").click()
    page.get_by_label("Notes cliniques").fill("Douleurs lombaires en fin de poste.")
    page.get_by_label("Document remis").select_option("attestation_suivi")
    page.get_by_label("Propositions et restrictions pour l'employeur").fill("Alterner les tâches de port de charges.")
    capture(page, "10-enregistrement-visite-infirmiere")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Visite enregistrée").wait_for()
    assert page.get_by_text("Douleurs lombaires en fin de poste.").is_visible()  # her own medical part
    capture(page, "11-visite-enregistree")
    page.context.clear_cookies()

    page.goto(demo + "/portail/connexion/")
    se_connecter(page, demo, "adherent@provence.demo")
    page.wait_for_url(demo + "/portail/")
    page.locator(".card h2 a").first.click()
    documents = page.locator("#documents-suivi a")
    documents.first.wait_for()
    assert page.locator("#convocations a").count() >= 2
    assert "Douleurs lombaires" not in page.content()
    capture(page, "12-portail-convocations-attestations")
    with page.expect_download() as telechargement:
        documents.first.click()
    with open(telechargement.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"


def test_medecin_signale_la_cellule_travaille_et_clot_le_directeur_voit_les_indicateurs(page, demo, capture):
    """The physician signals a worker from a visit, the social worker takes the file up, orients,
    records the consent and closes it with an outcome; the director's indicators move."""
    from datetime import timedelta

    from django.utils import timezone

    from spsti.models import Rattachement
    from spsti.tenancy import tous_services_actifs
    from suivi_individuel.models import StatutVisite, Visite

    with tous_services_actifs():
        medecin = Rattachement.objects.get(utilisateur__email="medecin@provence.demo")
        salarie = (medecin.equipe.adherents.first().salaries.exclude(dossiers_pdp__isnull=False).order_by("pk")
                   .first())
        visite = Visite.objects.create(tenant=medecin.tenant, salarie=salarie, type="reprise", professionnel=medecin,
                                       statut=StatutVisite.REALISEE, date=timezone.localdate() - timedelta(days=1))

    def maintiens():
        carte = page.locator(".card", has=page.get_by_text("Sorties — Maintien sur le poste", exact=True))
        return int(carte.locator(".chiffre").inner_text())

    pdp = demo + "/indicateurs/domaines/?domaine=Cellule PDP"
    page.goto(demo + "/comptes/connexion/")
    se_connecter(page, demo, "directeur@provence.demo")
    page.goto(pdp)
    avant = maintiens()
    page.context.clear_cookies()

    page.goto(demo + "/comptes/connexion/")
    se_connecter(page, demo, "medecin@provence.demo")
    page.wait_for_url("**/accueil/")
    page.goto(f"{demo}/suivi/visites/{visite.pk}/")
    page.get_by_label("Risque de désinsertion professionnelle").fill("Reprise difficile sur un poste de manutention.")
    page.get_by_role("button", name="Orienter vers la cellule PDP").click()
    page.get_by_text("Signalement transmis à la cellule PDP").wait_for()
    capture(page, "13-visite-signalement-pdp")
    page.context.clear_cookies()

    page.goto(demo + "/comptes/connexion/")
    se_connecter(page, demo, "assistant.social@provence.demo")
    page.wait_for_url("**/accueil/")
    page.goto(demo + "/pdp/")
    page.get_by_role("link", name=str(salarie)).first.click()
    page.get_by_role("button", name="Prendre en charge").click()
    page.get_by_text("Dossier pris en charge.").wait_for()
    page.get_by_role("link", name="Ajouter").first.click()
    page.get_by_label("Orientation").select_option(label="Service social CARSAT")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("link", name="Recueillir").click()
    page.get_by_label("L'employeur peut être informé").check()
    page.get_by_label("Situation professionnelle et poste").check()
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Consentement enregistré.").wait_for()
    page.get_by_label("Texte").fill("Entretien : le salarié souhaite rester à son poste avec un aménagement.")
    page.get_by_role("button", name="Ajouter au journal").click()
    page.get_by_text("Entrée ajoutée au journal.").wait_for()
    capture(page, "14-dossier-pdp")
    page.get_by_role("link", name="Clore le dossier").click()
    page.get_by_label("Issue").select_option(label="Maintien sur le poste")
    page.get_by_label("Conclusion (situation à la clôture)").fill("Poste aménagé, reprise à temps plein.")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("clos.").wait_for()
    assert page.get_by_text("Maintien sur le poste — Poste aménagé").is_visible()
    page.context.clear_cookies()

    page.goto(demo + "/comptes/connexion/")
    se_connecter(page, demo, "directeur@provence.demo")
    page.goto(pdp)
    assert maintiens() == avant  # the stored values move when the director recomputes them
    # the test server runs the Celery task in the request (eager): the whole year is computed before the answer
    page.get_by_role("button", name="Recalculer").click(timeout=180_000)
    page.get_by_role("link", name="Voir les indicateurs").wait_for()
    page.goto(pdp)
    assert maintiens() == avant + 1
    page.get_by_text("Sorties — Maintien sur le poste", exact=True).scroll_into_view_if_needed()
    capture(page, "15-indicateurs-pdp")


def test_le_directeur_voit_un_indicateur_en_retard_et_remonte_jusqu_a_la_liste(page, demo, capture):
    from django.utils import timezone

    from indicateurs.models import Cible
    from spsti.models import Service

    annee = timezone.localdate().year
    service = Service.objects.get(nom="Santé Travail Provence")
    Cible.tous_services.create(tenant=service, code="part_teleconsultation", annee=annee, valeur=95)
    page.goto(demo + "/comptes/connexion/")
    se_connecter(page, demo, "directeur@provence.demo")
    page.get_by_role("link", name="Indicateurs").first.click()
    page.wait_for_url("**/indicateurs/")
    carte = page.locator(".card", has=page.get_by_text("Part des visites réalisées en téléconsultation"))
    assert carte.get_by_text("En retard").is_visible()
    assert "part_teleconsultation" not in page.locator("main").inner_text()
    capture(page, "30-indicateurs-phares")
    carte.get_by_role("link", name="Part des visites réalisées en téléconsultation").click()
    page.get_by_role("heading", name="Par Équipe").wait_for()
    capture(page, "31-indicateur-detail")
    page.locator("table").filter(has_text="Équipe").get_by_role("link").first.click()
    page.get_by_text("lignes comptées").first.wait_for()
    assert page.locator("tbody tr").count() >= 1
    capture(page, "32-indicateur-liste")
    with page.expect_download() as telechargement:
        page.get_by_role("link", name="CSV").click()
    assert telechargement.value.suggested_filename.endswith(".csv")
    page.get_by_role("link", name="Indicateurs").first.click()
    page.get_by_role("link", name="Enquête DGT").click()
    page.get_by_role("heading", name="Enquête annuelle DGT").wait_for()
    capture(page, "33-enquete-dgt")
    with page.expect_download() as telechargement:
        page.get_by_role("link", name="XLSX").click()
    assert telechargement.value.suggested_filename.startswith("enquete-dgt-")
    page.get_by_role("link", name="Certification").click()
    with page.expect_download() as telechargement:
        page.get_by_role("link", name="Télécharger le dossier (PDF)").click()
    assert telechargement.value.suggested_filename.endswith(".pdf")
    capture(page, "34-certification")
