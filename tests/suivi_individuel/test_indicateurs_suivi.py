"""Individual follow-up indicators on the director's page: visits done by type, professional and
mode, due and late visits, no-shows, and the shares with their yearly targets (seed 000 defaults,
overridden in ``Service.parametres``); service ``b``'s rows are never counted."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from indicateurs.registre import INDICATEURS
from spsti.permissions import Role
from suivi_individuel.indicateurs import OBJECTIFS_PAR_DEFAUT
from suivi_individuel.models import Echeance, Visite

# (type, statut, who, mode, date): the visits of service a; who is a role or None
VISITES_A = [
    *[("mi_carriere", "realisee", Role.INFIRMIER, "site", date(2026, 3, 2))] * 3,
    ("mi_carriere", "realisee", Role.INFIRMIER, "teleconsultation", date(2026, 3, 3)),
    ("mi_carriere", "realisee", Role.MEDECIN, "teleconsultation", date(2026, 3, 4)),
    ("vip_periodique", "realisee", Role.MEDECIN, "site", date(2026, 4, 1)),
    ("vip_periodique", "realisee", Role.INFIRMIER, "teleconsultation", date(2026, 4, 2)),
    ("examen_aptitude_periodique", "realisee", Role.MEDECIN, "site", date(2026, 5, 4)),
    ("vip_periodique", "absente", Role.MEDECIN, "site", date(2026, 6, 1)),
    ("vip_periodique", "excusee", Role.MEDECIN, "site", date(2026, 6, 2)),
    ("vip_periodique", "annulee", None, "site", date(2026, 6, 3)),
    ("vip_periodique", "a_planifier", None, "site", date(2026, 6, 4)),
    ("mi_carriere", "realisee", Role.MEDECIN, "site", date(2025, 12, 31)),  # outside the period
    ("mi_carriere", "realisee", Role.MEDECIN, "site", date(2027, 1, 1)),  # outside the period
]
VISITES_B = [
    *[("mi_carriere", "realisee", Role.INFIRMIER, "teleconsultation", date(2026, 3, 2))] * 4,
    ("vip_periodique", "absente", Role.MEDECIN, "site", date(2026, 6, 1)),
]
# (au_plus_tard, obligatoire): a's due list, set after the visits (which recompute it)
ECHEANCES_A = [(date(2025, 6, 1), True), (date(2026, 2, 1), True), (date(2026, 2, 1), False),
               (date(2026, 12, 31), True), (date(2027, 6, 1), True)]


def creer_visites(monde, visites):
    for type_visite, statut, role, mode, jour in visites:
        Visite.objects.create(tenant=monde.service, salarie=monde.salarie, type=type_visite, statut=statut,
                              professionnel=monde.membres[role] if role else None, mode=mode, date=jour)


def remplacer_echeances(monde, echeances):
    Echeance.tous_services.filter(tenant=monde.service).delete()
    for au_plus_tard, obligatoire in echeances:
        Echeance.objects.create(tenant=monde.service, salarie=monde.salarie, type="vip_periodique",
                                au_plus_tot=au_plus_tard.replace(day=1), au_plus_tard=au_plus_tard,
                                obligatoire=obligatoire, base_legale="R4624-16", motif="test")


def indicateurs_2026(monde):
    reponse = monde.client(Role.DIRECTEUR).get("/indicateurs/domaines/", {"annee": 2026})
    assert reponse.status_code == 200
    valeurs = {v.indicateur.code: v for _, groupe in reponse.context["par_domaine"] for v in groupe}
    return valeurs, reponse.content.decode()


@pytest.fixture
def mondes(a, b):
    creer_visites(a, VISITES_A)
    creer_visites(b, VISITES_B)
    remplacer_echeances(a, ECHEANCES_A)
    remplacer_echeances(b, [(date(2026, 1, 15), True)] * 3)
    # the conftest's visit done a year ago (vip_initiale, on site, no professional)
    fixture_en_2026 = int(Visite.tous_services.get(tenant=a.service, type="vip_initiale").date.year == 2026)
    return a, b, fixture_en_2026


def test_les_indicateurs_du_suivi_sont_declares_sauf_les_parts_infirmieres_des_visites_reservees():
    assert {"visites_realisees", "visites_realisees_type_mi_carriere", "visites_realisees_role_infirmier",
            "visites_realisees_mode_teleconsultation", "visites_realisees_sur_echeances_dues",
            "echeances_en_retard", "taux_absence_non_excusee", "part_infirmier_mi_carriere",
            "part_teleconsultation"} <= set(INDICATEURS)
    # R4623-14: the aptitude examinations and the post-exposure visit are never delegated
    assert not {"part_infirmier_examen_aptitude_embauche", "part_infirmier_examen_aptitude_periodique",
                "part_infirmier_post_exposition"} & set(INDICATEURS)
    assert all(i.domaine == "Suivi individuel" for c, i in INDICATEURS.items()
               if c.startswith(("visites_", "part_infirmier_", "echeances_")))


COMPTES_ATTENDUS = [
    # code: (numerator, denominator or None) without the conftest's visit; f adds it when in 2026
    ("visites_realisees", lambda f: (8 + f, None)),
    ("visites_realisees_type_mi_carriere", lambda f: (5, None)),
    ("visites_realisees_type_vip_periodique", lambda f: (2, None)),
    ("visites_realisees_type_examen_aptitude_periodique", lambda f: (1, None)),
    ("visites_realisees_type_vip_initiale", lambda f: (f, None)),
    ("visites_realisees_type_reprise", lambda f: (0, None)),
    ("visites_realisees_role_medecin", lambda f: (3, None)),
    ("visites_realisees_role_infirmier", lambda f: (5, None)),
    ("visites_realisees_mode_site", lambda f: (5 + f, None)),
    ("visites_realisees_mode_teleconsultation", lambda f: (3, None)),
    ("visites_realisees_role_autre", lambda f: (f, None)),  # the conftest's visit has no professional
    # compulsory visits done, against those plus the compulsory deadlines of 2026 still open
    ("visites_realisees_sur_echeances_dues", lambda f: (8 + f, 10 + f)),
    ("echeances_en_retard", lambda f: (2, None)),
    ("taux_absence_non_excusee", lambda f: (1, 10 + f)),
    ("part_infirmier_mi_carriere", lambda f: (4, 5)),
    ("part_infirmier_vip_periodique", lambda f: (1, 2)),
    ("part_teleconsultation", lambda f: (3, 8 + f)),
]


def test_les_comptes_ne_portent_que_sur_la_periode_et_le_service(mondes):
    """The year computed once (a page computes them all), every count above checked; the message
    lists every indicator that counts something else."""
    a, _, f = mondes
    valeurs = indicateurs_2026(a)[0]
    ecarts = {code: ((valeurs[code].numerateur, valeurs[code].denominateur), attendu(f))
              for code, attendu in COMPTES_ATTENDUS
              if (valeurs[code].numerateur, valeurs[code].denominateur) != attendu(f)}
    assert not ecarts, ecarts


def test_le_service_b_voit_ses_propres_visites(mondes):
    _, b, _ = mondes
    valeurs = indicateurs_2026(b)[0]
    assert valeurs["part_infirmier_mi_carriere"].pourcentage == 100.0
    assert (valeurs["taux_absence_non_excusee"].numerateur, valeurs["echeances_en_retard"].numerateur) == (1, 3)


def test_taux_d_absence_et_part_infirmiere_contre_l_objectif_2026_par_defaut(mondes):
    a, _, f = mondes
    valeurs, page = indicateurs_2026(a)
    assert valeurs["taux_absence_non_excusee"].pourcentage == round(100 / (10 + f), 1)  # 10.0 without it
    mi_carriere = valeurs["part_infirmier_mi_carriere"]
    assert OBJECTIFS_PAR_DEFAUT["objectifs_part_infirmier"]["mi_carriere"]["2026"] == 80
    assert (mi_carriere.pourcentage, mi_carriere.cible, mi_carriere.ecart, mi_carriere.atteinte) == (80, 80, 0, True)
    teleconsultation = valeurs["part_teleconsultation"]
    assert (teleconsultation.cible, teleconsultation.atteinte) == (50.0, False)  # seed 000: 50 % in 2026
    assert valeurs["part_infirmier_vip_periodique"].cible is None  # no target set, none by default
    assert valeurs["visites_realisees"].cible is None and valeurs["visites_realisees"].atteinte is None
    assert "Objectif : 80 % · atteint" in page and "Objectif : 50 % · non atteint" in page
    assert "text-success" in page and "text-warning-emphasis" in page


def test_les_objectifs_du_service_remplacent_ceux_du_seed(mondes):
    a, _, _ = mondes
    a.service.parametres = {"objectifs_part_infirmier": {"mi_carriere": {"2026": 90},
                                                         "vip_periodique": {"2026": 40}},
                            "objectifs_teleconsultation": {"2026": 37.5, "2027": None}}
    a.service.save()
    valeurs, page = indicateurs_2026(a)
    attendu = {"part_infirmier_mi_carriere": (90.0, False), "part_infirmier_vip_periodique": (40.0, True),
               "part_teleconsultation": (37.5, True)}
    assert {code: (valeurs[code].cible, valeurs[code].atteinte) for code in attendu} == attendu
    assert "Objectif : 90 % · non atteint" in page and "Objectif : 37,5 % · atteint" in page


def test_une_annee_mise_a_null_ou_sans_trajectoire_n_a_pas_d_objectif(a):
    a.service.parametres = {"objectifs_teleconsultation": {"2026": None}}
    a.service.save()
    valeurs, _ = indicateurs_2026(a)
    assert valeurs["part_teleconsultation"].cible is None and valeurs["part_infirmier_mi_carriere"].cible == 80.0
    reponse = a.client(Role.DIRECTEUR).get("/indicateurs/domaines/", {"annee": 2022})  # before the seed's trajectories
    assert "Objectif :" not in reponse.content.decode()


def test_les_echeances_en_retard_s_arretent_a_aujourd_hui(a):
    aujourd_hui = timezone.localdate()
    un_jour = timedelta(days=1)
    remplacer_echeances(a, [(aujourd_hui - un_jour, True), (aujourd_hui, True), (aujourd_hui + un_jour, True)])
    reponse = a.client(Role.DIRECTEUR).get("/indicateurs/domaines/", {"annee": aujourd_hui.year})
    valeurs = {v.indicateur.code: v for _, groupe in reponse.context["par_domaine"] for v in groupe}
    assert valeurs["echeances_en_retard"].numerateur == 1
