"""The legal schedule's second pass (issue 13) end to end: the worker's data in through the
models (their signals recompute), the due list out through ``/api/v1/echeances/``. Each case
cites its article."""

from datetime import date, timedelta

import pytest
from django_scopes import scopes_disabled

from adherents.models import Emploi
from spsti.permissions import Role
from spsti.tasks import balayer_alertes_tous_services
from suivi_individuel.models import ArretTravail, Visite
from tests.factories import SalarieFactory

EMBAUCHE = date(2021, 9, 1)  # the factory's hiring date


def dues(a, salarie) -> dict[str, dict]:
    """The worker's due list as the API gives it, by visit type."""
    reponse = a.client(Role.ASSISTANT_MEDICAL).get("/api/v1/echeances/", {"page_size": 500})
    assert reponse.status_code == 200
    return {e["type"]: e for e in reponse.json()["results"] if e["salarie"] == salarie.pk}


def emploi(salarie) -> Emploi:
    with scopes_disabled():
        return Emploi.objects.get(salarie=salarie)


def visite(a, salarie, type_visite, jour):
    Visite.objects.create(tenant=a.service, salarie=salarie, type=type_visite, date=jour)


def cas_changement_sir(a):
    """R4624-24: hired in 2021, seen, becomes SIR on 1 September 2026: exam due by that date."""
    salarie = SalarieFactory(tenant=a.service, adherent=a.adherent)
    visite(a, salarie, "vip_initiale", date(2021, 10, 1))
    salarie.categorie, salarie.motifs_categorie, salarie.date_changement = "SIR", ["amiante"], date(2026, 9, 1)
    salarie.save()
    return salarie, "examen_aptitude_embauche", "2026-09-01", "R4624-24"


def cas_categorie_a(a):
    """R4451-82: category A, exam renewed every year, no intermediate visit."""
    salarie = SalarieFactory(tenant=a.service, adherent=a.adherent, categorie="SIR",
                             motifs_categorie=["rayonnements_ionisants"])
    visite(a, salarie, "examen_aptitude_embauche", date(2026, 2, 3))
    return salarie, "examen_aptitude_periodique", "2027-02-03", "R4451-82"


def cas_categorie_b(a):
    """R4451-82: category B is SIR (R4624-22 to R4624-28): intermediate visit within 2 years."""
    salarie = SalarieFactory(tenant=a.service, adherent=a.adherent, categorie="SIR",
                             motifs_categorie=["rayonnements_categorie_b"])
    visite(a, salarie, "examen_aptitude_embauche", date(2026, 2, 3))
    return salarie, "intermediaire_sir", "2028-02-03", "R4624-28"


def cas_agents_biologiques_2(a):
    """R4624-18 3°: group 2 biological agents, VIP before the assignment."""
    salarie = SalarieFactory(tenant=a.service, adherent=a.adherent, categorie="SIA",
                             motifs_categorie=["agents_biologiques_2"])
    return salarie, "vip_initiale", "2021-09-01", "R4624-18"


def cas_champs_electromagnetiques(a):
    """R4624-18 4°: electromagnetic fields above the limit values, VIP before the assignment."""
    salarie = SalarieFactory(tenant=a.service, adherent=a.adherent, categorie="SIA",
                             motifs_categorie=["champs_electromagnetiques"])
    return salarie, "vip_initiale", "2021-09-01", "R4624-18"


def cas_sir_sans_conditions_de_dispense(a):
    """R4624-27: an aptitude exam a year before the hiring spares a new one only with the three
    conditions recorded; without them, the exam is due before the assignment (R4624-24)."""
    salarie = SalarieFactory(tenant=a.service, adherent=a.adherent, categorie="SIR", motifs_categorie=["plomb"])
    visite(a, salarie, "examen_aptitude_periodique", EMBAUCHE - timedelta(days=365))
    return salarie, "examen_aptitude_embauche", "2021-09-01", "R4624-24"


def cas_reprise_accident_du_travail_2026(a):
    """R4624-31 (2022 form): a work accident of 30 days, reprise within 8 days of the return."""
    salarie = SalarieFactory(tenant=a.service, adherent=a.adherent)
    ArretTravail.objects.create(tenant=a.service, salarie=salarie, nature="accident_du_travail",
                                debut=date(2026, 4, 1), reprise=date(2026, 5, 1))
    return salarie, "reprise", "2026-05-09", "R4624-31"


def cas_mineur_en_si(a):
    """R4624-18 2°: under 18 at the hiring, whatever the category: VIP before the assignment."""
    salarie = SalarieFactory(tenant=a.service, adherent=a.adherent, date_naissance=date(2004, 3, 1))
    return salarie, "vip_initiale", "2021-09-01", "R4624-18"


def cas_apprenti(a):
    """R6222-40-1: an apprentice's VIP within two months of the hiring."""
    salarie = SalarieFactory(tenant=a.service, adherent=a.adherent)
    e = emploi(salarie)
    e.nature_contrat = "apprentissage"
    e.save()
    return salarie, "vip_initiale", "2021-11-01", "R6222-40-1"


def cas_reprise_avant_2022(a):
    """Former R4624-31: 40 days of illness begun in January 2022, reprise due."""
    salarie = SalarieFactory(tenant=a.service, adherent=a.adherent)
    ArretTravail.objects.create(tenant=a.service, salarie=salarie, nature="maladie_non_professionnelle",
                                debut=date(2022, 1, 10), reprise=date(2022, 2, 19))
    return salarie, "reprise", "2022-02-27", "R4624-31"


def cas_retraite(a):
    """L4624-2-1: a SIR worker leaving in retirement, visit before the departure."""
    salarie = SalarieFactory(tenant=a.service, adherent=a.adherent, categorie="SIR", motifs_categorie=["plomb"])
    e = emploi(salarie)
    e.date_sortie, e.motif_sortie = date(2027, 3, 31), "retraite"
    e.save()
    return salarie, "post_exposition", "2027-03-31", "L4624-2-1, R4624-28-1"


def cas_fin_exposition(a):
    """L4624-2-1, R4624-28-1: back in SI, post-exposure visit after the end of exposure."""
    salarie = SalarieFactory(tenant=a.service, adherent=a.adherent, categorie="SIR", motifs_categorie=["amiante"])
    visite(a, salarie, "examen_aptitude_embauche", date(2021, 8, 20))
    salarie.categorie, salarie.motifs_categorie, salarie.date_changement = "SI", [], date(2026, 10, 15)
    salarie.save()
    return salarie, "post_exposition", "2026-11-14", "L4624-2-1, R4624-28-1"


def cas_mi_carriere_branche(a):
    """L4624-2-2: the branch agreement of the member's IDCC sets 50: the year of the 50th birthday."""
    a.service.parametres = {**(a.service.parametres or {}), "ages_mi_carriere_branches": {"1596": 50}}
    a.service.save()
    a.adherent.idcc = "1596"
    a.adherent.save()
    salarie = SalarieFactory(tenant=a.service, adherent=a.adherent, date_naissance=date(1981, 4, 2))
    return salarie, "mi_carriere", "2031-12-31", "L4624-2-2"


@pytest.mark.parametrize("cas", [cas_changement_sir, cas_categorie_a, cas_categorie_b, cas_agents_biologiques_2,
                                 cas_champs_electromagnetiques, cas_mineur_en_si, cas_apprenti,
                                 cas_sir_sans_conditions_de_dispense, cas_reprise_avant_2022,
                                 cas_reprise_accident_du_travail_2026, cas_retraite, cas_fin_exposition,
                                 cas_mi_carriere_branche])
def test_de_bout_en_bout(a, cas):
    salarie, type_visite, au_plus_tard, article = cas(a)
    echeance = dues(a, salarie).get(type_visite)
    assert echeance is not None, cas.__doc__
    assert (echeance["au_plus_tard"], echeance["base_legale"]) == (au_plus_tard, article), cas.__doc__


def test_devenu_sir_pas_en_retard_depuis_l_embauche(a):
    """R4624-24: the category's follow-up runs from its entry date; the date is kept when the
    team changes the category without giving one (today)."""
    salarie = SalarieFactory(tenant=a.service, adherent=a.adherent)
    visite(a, salarie, "vip_initiale", date(2021, 10, 1))
    salarie.categorie, salarie.motifs_categorie = "SIR", ["cmr"]
    salarie.save()
    with scopes_disabled():
        periodes = set(emploi(salarie).periodes.values_list("categorie", "motif", "debut", "fin"))
    assert periodes == {("SI", "", EMBAUCHE, date.today()), ("SIR", "", date.today(), None),
                        ("SIR", "cmr", date.today(), None)}
    assert dues(a, salarie)["examen_aptitude_embauche"]["au_plus_tard"] == date.today().isoformat()
    assert "vip_periodique" not in dues(a, salarie)


def test_categorie_a_pas_de_visite_intermediaire(a):
    salarie, *_ = cas_categorie_a(a)
    assert "intermediaire_sir" not in dues(a, salarie)


def test_dispense_seulement_avec_ses_conditions(a):
    """R4624-15: a VIP done before this hiring spares a new one only when the three conditions
    are recorded on the employment."""
    salarie = SalarieFactory(tenant=a.service, adherent=a.adherent)
    visite(a, salarie, "vip_periodique", EMBAUCHE - timedelta(days=400))
    assert dues(a, salarie)["vip_initiale"]["base_legale"] == "R4624-10"
    e = emploi(salarie)
    e.dispense_emploi_identique = e.dispense_document_au_medecin = e.dispense_sans_mesure_ni_inaptitude = True
    e.save()
    assert "vip_initiale" not in dues(a, salarie) and "vip_periodique" in dues(a, salarie)


def test_dispense_sir_avec_ses_conditions(a):
    """R4624-27: with the three conditions recorded, the exam of the last 2 years spares a new
    one; the renewal runs from it (R4624-28)."""
    salarie, *_ = cas_sir_sans_conditions_de_dispense(a)
    e = emploi(salarie)
    e.dispense_emploi_identique = e.dispense_document_au_medecin = e.dispense_sans_mesure_ni_inaptitude = True
    e.save()
    types = dues(a, salarie)
    assert "examen_aptitude_embauche" not in types
    assert types["examen_aptitude_periodique"]["au_plus_tard"] == (EMBAUCHE - timedelta(days=365)).replace(
        year=EMBAUCHE.year + 3).isoformat()


def test_intermediaire_sir_pas_listee_quand_le_renouvellement_vient_avant(a):
    """R4624-28: the service renews the SIR exam every 2 years: no intermediate visit listed."""
    salarie, *_ = cas_categorie_b(a)
    assert "intermediaire_sir" in dues(a, salarie)
    a.service.parametres = {**(a.service.parametres or {}), "renouvellement_sir_mois": 24}
    a.service.save()
    balayer_alertes_tous_services.delay()  # the nightly recomputation
    types = dues(a, salarie)
    assert "intermediaire_sir" not in types and types["examen_aptitude_periodique"]["au_plus_tard"] == "2028-02-03"


def test_pas_de_pre_reprise_ni_de_liaison_apres_un_conge_maternite(a):
    """R4624-29, L1226-1-3: illness or accident only."""
    salarie = SalarieFactory(tenant=a.service, adherent=a.adherent)
    ArretTravail.objects.create(tenant=a.service, salarie=salarie, nature="maternite",
                                debut=date(2026, 3, 2), reprise=date(2026, 7, 6))
    types = set(dues(a, salarie))
    assert "reprise" in types and not {"pre_reprise", "rendez_vous_liaison"} & types


@pytest.mark.parametrize("parametres", [{"periodicite_si_mois": 72}, {"renouvellement_sir_mois": "quatre"},
                                        {"age_mi_carriere": 12}, {"intermediaire_sir_mois": None}])
def test_un_reglage_stocke_hors_plafond_ne_fait_pas_echouer_le_recalcul(a, parametres):
    """A legacy value beyond the ceiling: saves and the nightly recomputation work, the legal
    maximum applies (R4624-16)."""
    a.service.parametres = {**(a.service.parametres or {}), **parametres}
    a.service.save()
    salarie = SalarieFactory(tenant=a.service, adherent=a.adherent)
    visite(a, salarie, "vip_initiale", date(2022, 1, 10))
    balayer_alertes_tous_services.delay()
    assert dues(a, salarie)["vip_periodique"]["au_plus_tard"] <= "2027-01-10"


def test_chaque_date_montre_son_article_au_portail_et_a_la_planification(a):
    """The portal's next visit and the member's planning page show the article with the date."""
    portail = a.client(Role.ADHERENT).get(f"/portail/entreprises/{a.adherent.pk}/").content.decode()
    assert "(R4624-16)" in portail and "avant le" in portail
    SalarieFactory(tenant=a.service, adherent=a.adherent)  # VIP late since 2021 (R4624-10), no free time
    page = a.client(Role.ASSISTANT_MEDICAL).post(f"/suivi/adherents/{a.adherent.pk}/planifier/", {
        "du": date.today().isoformat(), "au": (date.today() + timedelta(days=30)).isoformat()}).content.decode()
    assert "avant le 01/12/2021 (R4624-10)" in page


def test_mi_carriere_deleguee_seulement_en_pratique_avancee(a):
    """L4624-2-2: the mid-career visit may be done by a nurse in advanced practice: a protocol
    delegates it only with that option."""
    donnees = {"medecin": a.membres[Role.MEDECIN].pk, "infirmier": a.membres[Role.INFIRMIER].pk,
               "types_visite": ["mi_carriere"], "categories": ["SI"], "contenu": "x", "valide_du": "2026-01-01"}
    refus = a.client(Role.MEDECIN).post("/suivi/protocoles/nouveau/", donnees)
    assert refus.status_code == 200 and "pratique avancée (L4624-2-2)" in refus.content.decode()
    accepte = a.client(Role.MEDECIN).post("/suivi/protocoles/nouveau/", {**donnees, "pratique_avancee": "on"})
    assert accepte.status_code == 302
