"""The self-employed offer in headless Chromium: a person joins online for themselves, activates
their own portal account, answers the burnout questionnaire; the physician of their team reads
it (logged) and records the diagnosis and the support offered."""

import re

import pytest

from .test_parcours import se_connecter

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def test_un_independant_s_affilie_repond_au_questionnaire_et_le_medecin_l_examine(navigateur, demo, capture):
    from django.core import mail

    from adherents.models import Adherent
    from spsti.models import AccesDossierMedical, Rattachement
    from spsti.permissions import Role
    from spsti.tenancy import tous_services_actifs

    with tous_services_actifs():
        medecin = Rattachement.objects.get(utilisateur__email="medecin@provence.demo")
        service = medecin.tenant
    personne = navigateur.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR").new_page()
    personne.goto(f"{demo}/offres/public/{service.pk}/independant/")
    for champ, valeur in [("prenom", "Inès"), ("nom", "Berthier"), ("date_naissance", "1984-05-12"),
                          ("siret", "732 829 320 00074"), ("code_naf", "7111Z"), ("adresse", "5 rue Carnot"),
                          ("code_postal", "84000"), ("ville", "Avignon"), ("email", "ines@berthier-archi.fr"),
                          ("telephone", "06 12 34 56 78")]:
        personne.locator(f"[name={champ}]").fill(valeur)
    personne.locator("[name=sexe]").select_option(label="Femme")
    personne.locator("[name=engagement]").check()
    capture(personne, "50-independant-affiliation")
    personne.get_by_role("button", name="M'affilier").click()
    personne.get_by_text("Votre affiliation est enregistrée").wait_for()

    lien = re.search(r"https?://\S+/portail/activation/\S+", mail.outbox[-1].body).group(0)
    personne.goto(lien)
    personne.locator("input[name=new_password1]").fill("Cabinet-Carnot-84000")
    personne.locator("input[name=new_password2]").fill("Cabinet-Carnot-84000")
    personne.get_by_role("button", name="Activer mon espace").click()
    personne.get_by_text("Votre espace est activé").wait_for()
    personne.goto(demo + "/portail/connexion/")
    personne.get_by_label("Adresse e-mail").fill("ines@berthier-archi.fr")
    personne.get_by_label("Mot de passe").fill("Cabinet-Carnot-84000")
    personne.get_by_role("button", name="Se connecter").click()
    personne.wait_for_load_state()
    with tous_services_actifs():  # member services assign the person's team, as for any member
        adherent = Adherent.objects.get(tenant=service, siren="732829320")
        Adherent.objects.filter(pk=adherent.pk).update(equipe=medecin.equipe_id)
    personne.goto(f"{demo}/portail/entreprises/{adherent.pk}/offres/")
    assert "Affiliation en cours" in personne.locator("#independant").inner_text()
    personne.get_by_role("link", name="Répondre au questionnaire d'épuisement professionnel").click()
    for groupe in personne.locator("fieldset").all():
        texte = groupe.locator("legend").inner_text()
        choix = "Tout à fait" if texte.startswith(("Ma charge", "Je me sens épuisé", "Je n'arrive plus")) else "Un peu"
        groupe.get_by_label(choix, exact=True).check()
    capture(personne, "51-independant-questionnaire")
    personne.get_by_role("button", name="Envoyer mes réponses à l'équipe médicale").click()
    personne.get_by_text("vos réponses sont transmises", exact=False).wait_for()
    assert "balance" not in personne.content().lower()

    page_medecin = navigateur.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR").new_page()
    page_medecin.goto(demo + "/comptes/connexion/")
    se_connecter(page_medecin, demo, "medecin@provence.demo")
    page_medecin.goto(demo + "/offres/questionnaires-epuisement/")
    page_medecin.get_by_role("link", name="BERTHIER Inès").click()
    assert "balance négative" in page_medecin.content()
    page_medecin.get_by_label("Diagnostic").select_option(label="Épuisement professionnel (burn-out)")
    page_medecin.get_by_label("Accompagnement proposé").select_option(label="Entretiens avec un psychologue du travail")
    page_medecin.get_by_label("Note de l'équipe médicale").fill("Appel ce jour ; premier entretien mardi.")
    page_medecin.get_by_role("button", name="Enregistrer").click()
    page_medecin.get_by_text("Diagnostic et accompagnement enregistrés.").wait_for()
    capture(page_medecin, "52-medecin-questionnaire-examine")
    with tous_services_actifs():
        assert AccesDossierMedical.objects.filter(tenant=service, salarie__adherent=adherent, role=Role.MEDECIN,
                                                  accorde=True).exists()
