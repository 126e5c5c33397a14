"""L4624-2-2: the mid-career visit may be held earlier only together with another visit, at most
two years before its year: a booking option (page and API), by a professional who may perform
it; the combined visit, once recorded, takes the mid-career deadline off the due list."""

from datetime import date, timedelta

from django.utils import timezone
from django_scopes import scopes_disabled

from spsti.permissions import Role
from suivi_individuel.models import StatutVisite, Visite
from tests.factories import SalarieFactory

from .outils import DEMAIN, enregistrer, moment, plage, protocole, type_visite

CASE = "Combiner avec la visite de mi-carrière (L4624-2-2)"


def salarie_de_45_ans_en(a, annee):
    return SalarieFactory(tenant=a.service, adherent=a.adherent, date_naissance=date(annee - 45, 3, 1))


def dues(a, salarie) -> set[str]:
    reponse = a.client(Role.ASSISTANT_MEDICAL).get("/api/v1/echeances/", {"page_size": 500})
    return {e["type"] for e in reponse.json()["results"] if e["salarie"] == salarie.pk}


def convoquer(a, salarie, role=Role.MEDECIN, **champs):
    plage(a, role, jour=DEMAIN, de=9, a=10)
    return a.client(Role.ASSISTANT_MEDICAL).post(f"/suivi/salaries/{salarie.pk}/convoquer/", {
        "type_service": type_visite(a, "vip_initiale").pk, "professionnel": a.membres[role].pk,
        "debut": f"{DEMAIN:%Y-%m-%d}T09:00", "mode": "site", **champs})


def test_la_visite_combinee_tient_lieu_de_mi_carriere_une_fois_realisee(a):
    salarie = salarie_de_45_ans_en(a, timezone.localdate().year + 1)
    assert "mi_carriere" in dues(a, salarie)
    page = a.client(Role.ASSISTANT_MEDICAL).get(f"/suivi/salaries/{salarie.pk}/convoquer/").content.decode()
    assert CASE in page
    assert convoquer(a, salarie, avec_mi_carriere="on").status_code == 302
    with scopes_disabled():
        visite = Visite.objects.get(salarie=salarie, statut=StatutVisite.PLANIFIEE)
        assert visite.avec_mi_carriere and visite.debut == moment(DEMAIN, 9)
        assert "mi_carriere" in dues(a, salarie)  # booked, not yet done
        debut = timezone.now() - timedelta(minutes=30)  # its day has come
        Visite.objects.filter(pk=visite.pk).update(debut=debut, date=timezone.localdate(debut))
    assert enregistrer(a, Role.MEDECIN, visite).status_code == 302
    assert "mi_carriere" not in dues(a, salarie) and "vip_initiale" not in dues(a, salarie)


def test_pas_proposee_plus_de_deux_ans_avant_et_refusee_par_l_api(a):
    salarie = salarie_de_45_ans_en(a, timezone.localdate().year + 3)
    page = a.client(Role.ASSISTANT_MEDICAL).get(f"/suivi/salaries/{salarie.pk}/convoquer/").content.decode()
    assert CASE not in page
    reponse = a.client(Role.ASSISTANT_MEDICAL).post("/api/v1/visites/", {
        "salarie": salarie.pk, "type_service": type_visite(a, "vip_initiale").pk,
        "professionnel": a.membres[Role.MEDECIN].pk, "debut": moment(DEMAIN, 9).isoformat(),
        "avec_mi_carriere": True}, content_type="application/json")
    assert reponse.status_code == 400
    assert f"à partir du 01/01/{timezone.localdate().year + 1} (L4624-2-2)" in reponse.content.decode()


def test_l_infirmiere_hors_pratique_avancee_ne_la_combine_pas(a):
    """L4624-2-2: a nurse performs the mid-career visit only under an advanced-practice protocol."""
    protocole(a)  # VIP delegated, not the mid-career visit
    salarie = salarie_de_45_ans_en(a, timezone.localdate().year + 1)
    refus = convoquer(a, salarie, role=Role.INFIRMIER, avec_mi_carriere="on")
    assert refus.status_code == 200 and "Aucun protocole de délégation" in refus.content.decode()
    assert convoquer(a, salarie, role=Role.INFIRMIER).status_code == 302  # the VIP alone: delegated
