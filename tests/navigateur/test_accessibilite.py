"""Accessibility (issue 16, point 9): axe-core (vendored, tests/navigateur/vendor/axe.min.js,
MPL-2.0) on the main pages of every role and the portal: no critical or serious violation. The
portal at 390 px has no horizontal scroll."""

from pathlib import Path

import pytest

from .test_parcours import se_connecter

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
PAGES = {
    "medecin": ["/accueil/", "/alertes/", "/adherents/", "/suivi/echeancier/", "/suivi/agenda/", "/pdp/",
                "/suivi/salaries/{salarie}/dossier-medical/"],
    "assistant.medical": ["/accueil/", "/suivi/visites/", "/adherents/salaries/recherche/?q=ma",
                          "/suivi/salaries/{salarie}/convoquer/"],
    "iprp": ["/accueil/", "/prevention/"],
    "assistant.social": ["/accueil/", "/pdp/"],
    "service.adherent": ["/accueil/", "/adherents/demandes/", "/adherents/{adherent}/",
                         "/adherents/{adherent}/?onglet=salaries"],
    "comptable": ["/accueil/"],
    "directeur": ["/accueil/", "/organisation/"],
}


def violations(page):
    page.add_script_tag(path=str(AXE))
    resultat = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], v["impact"], [(n["target"], n["any"][0]["message"][:90] if n["any"] else "")
                                    for n in v["nodes"]]) for v in resultat["violations"]
            if v["impact"] in ("critical", "serious")]


def test_axe_sur_les_pages_principales_de_chaque_role(navigateur, demo):
    from adherents.models import Salarie
    from spsti.tenancy import tous_services_actifs

    with tous_services_actifs():  # a worker followed by the demo team, and its member
        salarie = Salarie.objects.filter(tenant__nom="Santé Travail Provence",
                                         adherent__equipe__nom="UST Avignon A").order_by("pk").first()
        objets = {"adherent": salarie.adherent_id, "salarie": salarie.pk}
    trouvees = {}
    for compte, chemins in PAGES.items():
        contexte = navigateur.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR", bypass_csp=True)
        page = contexte.new_page()
        page.goto(demo + "/comptes/connexion/")
        se_connecter(page, demo, f"{compte}@provence.demo")
        page.wait_for_url("**/accueil/")
        for chemin in chemins:
            page.goto(demo + chemin.format(**objets))
            if found := violations(page):
                trouvees[f"{compte} {chemin}"] = found
        contexte.close()
    assert trouvees == {}


def test_le_portail_sur_un_telephone(navigateur, demo):
    contexte = navigateur.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR", bypass_csp=True,
                                      is_mobile=True)
    page = contexte.new_page()
    page.goto(demo + "/portail/connexion/")
    se_connecter(page, demo, "adherent@provence.demo")
    page.wait_for_url(demo + "/portail/**")
    pages = [page.url]
    lien = page.locator("main a[href^='/portail/entreprises/']").first
    if lien.count():
        pages.append(demo + lien.get_attribute("href"))
    debordements, trouvees = {}, {}
    for url in pages:
        page.goto(url)
        largeur = page.evaluate("document.documentElement.scrollWidth")
        if largeur > 390:
            debordements[url] = largeur
        if found := violations(page):
            trouvees[url] = found
    contexte.close()
    assert debordements == {} and trouvees == {}
