"""The working day in the browser (issue 16, "Done when"): a physician opens today's visit from
"Ma journée" in one click; an assistant books a due visit from the due list with the slot picker,
keyboard only; a nurse never sees a form she may not submit."""

from datetime import timedelta

import pytest
from django.utils import timezone

from .test_parcours import se_connecter

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def _demo():
    """The demo team's physician and nurse, and the demo employer's company (followed by that team)."""
    from adherents.models import AccesPortail
    from spsti.models import Rattachement

    medecin = Rattachement.objects.get(utilisateur__email="medecin@provence.demo")
    infirmier = Rattachement.objects.get(utilisateur__email="infirmier@provence.demo")
    adherent = AccesPortail.objects.get(rattachement__utilisateur__email="adherent@provence.demo").adherent
    return medecin, infirmier, adherent


def _visite_du_jour(professionnel, adherent, nom, type_legal):
    """A visit booked for ``professionnel`` that started ten minutes ago, not yet recorded."""
    from suivi_individuel.models import StatutVisite, TypeVisiteService, Visite
    from tests.factories import SalarieFactory

    salarie = SalarieFactory(tenant=adherent.tenant, adherent=adherent, nom=nom)
    debut = max(timezone.now() - timedelta(minutes=10),
                timezone.make_aware(timezone.datetime.combine(timezone.localdate(), timezone.datetime.min.time())))
    return Visite.objects.create(
        tenant=adherent.tenant, salarie=salarie, type=type_legal, statut=StatutVisite.PLANIFIEE, debut=debut,
        date=timezone.localdate(debut), professionnel=professionnel,
        type_service=TypeVisiteService.objects.get(tenant=adherent.tenant, type_legal=type_legal))


def _connecter(navigateur, demo, compte):
    contexte = navigateur.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = contexte.new_page()
    page.goto(demo + "/comptes/connexion/")
    se_connecter(page, demo, f"{compte}@provence.demo")
    page.wait_for_url("**/accueil/")
    return contexte, page


def test_le_medecin_ouvre_la_visite_du_jour_depuis_sa_journee_en_un_clic(navigateur, demo):
    from spsti.tenancy import tous_services_actifs

    with tous_services_actifs():
        medecin, _, adherent = _demo()
        visite = _visite_du_jour(medecin, adherent, "Matinal", "vip_initiale")
    contexte, page = _connecter(navigateur, demo, "medecin")
    bloc = page.locator("section", has=page.get_by_role("heading", name="Mes visites d'aujourd'hui et de demain"))
    ligne = bloc.locator("li", has_text="MATINAL")
    assert ligne.is_visible() and "Aujourd'hui" in bloc.inner_text()
    ligne.get_by_role("link", name="Enregistrer").click()
    page.wait_for_url(f"**/suivi/visites/{visite.pk}/enregistrer/")
    assert page.get_by_role("heading", name="Enregistrer la visite").is_visible()
    contexte.close()


def test_l_assistante_convoque_une_visite_due_depuis_l_echeancier_au_clavier(navigateur, demo):
    """SIR worker hired in 2021, never examined: his aptitude exam is due (R4624-24); the due row
    opens the booking with that type, the physician's nearest free time checked; Enter books it."""
    from spsti.tenancy import tous_services_actifs
    from suivi_individuel.models import Echeance, Visite
    from tests.factories import SalarieFactory

    with tous_services_actifs():
        medecin, _, adherent = _demo()
        salarie = SalarieFactory(tenant=adherent.tenant, adherent=adherent, nom="Clavier", categorie="SIR",
                                 motifs_categorie=["cmr"])  # hired on 01/09/2021; its due list computed
        due = Echeance.objects.filter(salarie=salarie, obligatoire=True).order_by("au_plus_tard").first()
    assert due is not None
    contexte, page = _connecter(navigateur, demo, "assistant.medical")
    page.goto(f"{demo}/suivi/echeancier/?adherent={adherent.siren}&a_planifier=true")
    ligne = page.locator("tr", has_text="CLAVIER").filter(has_text=due.get_type_display()).first
    lien = ligne.get_by_role("link", name="convoquer")
    lien.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/suivi/salaries/{salarie.pk}/convoquer/?echeance={due.pk}")
    assert page.get_by_text("Visite due :").is_visible()
    assert page.get_by_label("Type de visite").input_value() != ""
    creneau = page.locator("input[name=creneau]:checked")
    assert creneau.count() == 1  # the nearest free time of a professional allowed, already checked
    creneau.focus()
    page.keyboard.press("Enter")
    page.get_by_text("Visite planifiée le").wait_for()
    with tous_services_actifs():
        visite = Visite.objects.get(salarie=salarie)
    assert (visite.type, visite.professionnel_id) == (due.type, medecin.pk)  # SIR aptitude: the physician only
    contexte.close()


def test_l_infirmiere_ne_voit_jamais_un_formulaire_qu_elle_ne_peut_pas_envoyer(navigateur, demo):
    """A return-to-work visit (R4624-31) is outside her protocol: no record button on her day nor on
    the visit, no form behind its address; no "Nouveau protocole" either."""
    from spsti.tenancy import tous_services_actifs

    with tous_services_actifs():
        _, infirmier, adherent = _demo()
        visite = _visite_du_jour(infirmier, adherent, "Zephyrin", "reprise")
    contexte, page = _connecter(navigateur, demo, "infirmier")
    bloc = page.locator("section", has=page.get_by_role("heading", name="Mes visites d'aujourd'hui et de demain"))
    ligne = bloc.locator("li", has_text="ZEPHYRIN")
    assert ligne.is_visible() and ligne.get_by_role("link", name="Enregistrer").count() == 0
    ligne.get_by_role("link", name="ZEPHYRIN").click()
    page.wait_for_url(f"**/suivi/visites/{visite.pk}/")
    assert page.get_by_role("link", name="Enregistrer la visite").count() == 0
    reponse = page.goto(f"{demo}/suivi/visites/{visite.pk}/enregistrer/")
    assert reponse.status == 403
    assert page.get_by_label("Notes cliniques").count() == 0 and page.get_by_text("Avis d'inaptitude").count() == 0
    page.goto(f"{demo}/suivi/protocoles/")
    assert page.get_by_role("link", name="Nouveau protocole").count() == 0
    contexte.close()
