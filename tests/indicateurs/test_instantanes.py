"""Snapshots: every share is at most 100 %, breakdowns add up to their total, and a closed
year's snapshot does not move when its data changes later, until recomputed on purpose."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from indicateurs.calcul import calculer_annee, dernier_calcul, trimestres, ventiler
from indicateurs.calcul import mois as mois_de
from indicateurs.models import Axe, Instantane
from indicateurs.registre import INDICATEURS, Periode
from indicateurs.tasks import calculer_indicateurs_service
from spsti.models import Service
from spsti.permissions import Role
from spsti.tenancy import service_actif
from suivi_individuel.models import ModeRealisation, StatutVisite, Visite

from ..factories import AdherentFactory, SalarieFactory


def _peupler(monde, annee=2024):
    """Visits of every kind: by a physician, a nurse, nobody recorded; on site and by telehealth;
    no-shows; members of several sizes in both teams."""
    for effectif, equipe in [(3, monde.equipe), (40, monde.autre_equipe), (300, monde.equipe)]:
        adherent = AdherentFactory(tenant=monde.service, equipe=equipe, centre=equipe.centre, effectif=effectif,
                                   date_adhesion=date(annee - 2, 1, 1))
        salarie = SalarieFactory(tenant=monde.service, adherent=adherent)
        for jour, role, mode, statut in [
                (1, Role.MEDECIN, ModeRealisation.SUR_SITE, StatutVisite.REALISEE),
                (2, Role.INFIRMIER, ModeRealisation.TELECONSULTATION, StatutVisite.REALISEE),
                (3, None, ModeRealisation.SUR_SITE, StatutVisite.REALISEE),
                (4, Role.INFIRMIER, ModeRealisation.SUR_SITE, StatutVisite.ABSENTE)]:
            Visite.objects.create(tenant=monde.service, salarie=salarie, type="mi_carriere", mode=mode,
                                  statut=statut, date=date(annee, 3, jour),
                                  professionnel=monde.membres[role] if role else None)


@pytest.fixture
def annee_calculee(a):
    _peupler(a)
    with service_actif(a.service):
        calcul = calculer_annee(2024)
    return a, calcul


def _valeurs(calcul, **filtres):
    with service_actif(calcul.tenant):
        return list(Instantane.objects.filter(calcul=calcul, debut=date(2024, 1, 1), fin=date(2024, 12, 31),
                                              **filtres))


def test_chaque_part_est_au_plus_100_pour_cent(annee_calculee):
    """For the year, each quarter and each month, in total and in every breakdown cell."""
    _, calcul = annee_calculee
    with service_actif(calcul.tenant):
        taux = list(Instantane.objects.filter(calcul=calcul, denominateur__isnull=False))
    assert len({(v.debut, v.fin) for v in taux}) == 1 + 4 + 12
    assert all(v.numerateur <= v.denominateur for v in taux), \
        [(v.code, v.debut, v.axe, v.cle, v.numerateur, v.denominateur) for v in taux if v.numerateur > v.denominateur]


def test_chaque_ventilation_additionnee_donne_le_total(annee_calculee):
    _, calcul = annee_calculee
    totaux = {v.code: v for v in _valeurs(calcul, axe=Axe.TOTAL)}
    parts: dict[tuple[str, str], list[float]] = {}
    for v in _valeurs(calcul):
        if v.axe:
            somme = parts.setdefault((v.code, v.axe), [0, 0])
            somme[0] += v.numerateur
            somme[1] += v.denominateur or 0
    assert parts
    for (code, axe), (n, d) in parts.items():
        assert n == totaux[code].numerateur, (code, axe)
        assert d == (totaux[code].denominateur or 0), (code, axe)
    assert totaux["visites_realisees"].numerateur == 9


def test_les_visites_par_professionnel_font_le_total(annee_calculee):
    _, calcul = annee_calculee
    totaux = {v.code: v.numerateur for v in _valeurs(calcul, axe=Axe.TOTAL)}
    assert sum(totaux[f"visites_realisees_role_{cle}"] for cle in ("medecin", "infirmier", "autre")) \
        == totaux["visites_realisees"] == 9
    assert sum(totaux[code] for code in INDICATEURS if code.startswith("visites_realisees_type_")) == 9
    assert sum(totaux[code] for code in INDICATEURS if code.startswith("visites_realisees_mode_")) == 9


def test_une_annee_close_ne_bouge_pas_tant_qu_on_ne_la_recalcule_pas(annee_calculee):
    a, calcul = annee_calculee
    Visite.objects.create(tenant=a.service, salarie=a.salarie, type="reprise", date=date(2024, 6, 1))
    calculer_indicateurs_service(a.service.pk, annee=2026)  # the nightly run of the following year
    with service_actif(a.service):
        assert dernier_calcul(2024) == calcul
    total = {v.code: v.numerateur for v in _valeurs(calcul, axe=Axe.TOTAL)}
    assert total["visites_realisees"] == 9
    with service_actif(a.service):
        nouveau = calculer_annee(2024)  # on purpose
        assert dernier_calcul(2024) == nouveau
    assert {v.code: v.numerateur for v in _valeurs(nouveau, axe=Axe.TOTAL)}["visites_realisees"] == 10
    assert total == {v.code: v.numerateur for v in _valeurs(calcul, axe=Axe.TOTAL)}  # the old run is kept


def test_le_calcul_ne_porte_que_sur_le_service(annee_calculee, b):
    _peupler(b)
    _, calcul = annee_calculee
    assert {v.code: v.numerateur for v in _valeurs(calcul, axe=Axe.TOTAL)}["visites_realisees"] == 9


def test_les_mois_de_l_annee_sont_enregistres_et_font_le_total(annee_calculee):
    _, calcul = annee_calculee
    with service_actif(calcul.tenant):
        mois = {(v.debut, v.fin): v.numerateur for v in Instantane.objects.filter(
            calcul=calcul, code="visites_realisees", axe=Axe.TOTAL) if v.debut.month == v.fin.month}
    assert sorted(mois) == [(p.debut, p.fin) for p in mois_de(2024)] and len(mois) == 12
    assert mois[(date(2024, 2, 1), date(2024, 2, 29))] == 0
    assert mois[(date(2024, 3, 1), date(2024, 3, 31))] == sum(mois.values()) == 9


def test_les_mois_a_venir_ne_sont_pas_calcules():
    annee = timezone.localdate().year
    assert len(mois_de(annee)) == timezone.localdate().month and mois_de(annee + 1) == []


def test_compter_ensemble_les_memes_lignes_donne_les_valeurs_de_chaque_indicateur(annee_calculee):
    """The snapshot counts the indicators over the same rows in one aggregate: each value is the
    one its own numerator and denominator give, counted alone."""
    a, calcul = annee_calculee
    periode = Periode(date(2024, 3, 1), date(2024, 3, 31))
    with service_actif(a.service):
        stockees = {v.code: (v.numerateur, v.denominateur) for v in Instantane.objects.filter(
            calcul=calcul, axe=Axe.TOTAL, debut=periode.debut, fin=periode.fin)}
        seules = {code: (INDICATEURS[code].valeur(periode).numerateur, INDICATEURS[code].valeur(periode).denominateur)
                  for code in stockees}
    assert sorted(stockees) == sorted(INDICATEURS)  # every indicator, for the year as for a month
    assert stockees == seules
    assert stockees["part_teleconsultation"] == (3, 9)


def test_sur_la_demo_chaque_instantane_vaut_l_indicateur_compte_seul(db):
    """Golden comparison on the demo data: the snapshots count every period of a population in one
    pass over its rows; each stored total (year, quarters, months) and each breakdown cell is the
    value of the indicator counted alone, period by period."""
    call_command("donnees_demo", scale=0.05, sans_indicateurs=True, services=["provence"], stdout=StringIO())
    service, annee = Service.objects.get(), timezone.localdate().year
    with service_actif(service):
        calcul = calculer_annee(annee)
        stockes = {(v.code, v.debut, v.fin, v.axe, v.cle): (v.numerateur, v.denominateur)
                   for v in Instantane.objects.filter(calcul=calcul)}
        seuls = {}
        for periode in [Periode.annee(annee), *trimestres(annee), *mois_de(annee)]:
            for code, indicateur in INDICATEURS.items():
                valeur = indicateur.valeur(periode)
                seuls[(code, periode.debut, periode.fin, Axe.TOTAL, "")] = (valeur.numerateur, valeur.denominateur)
        for code, indicateur in INDICATEURS.items():
            if indicateur.comptage is not None:
                seuls |= {(code, date(annee, 1, 1), date(annee, 12, 31), axe, cle): (n, d)
                          for axe, cle, n, d in ventiler(indicateur, Periode.annee(annee))}
    assert sum(1 for n, _ in seuls.values() if n) > 1000  # the demo has something to count in most of them
    assert stockes == seuls


def test_la_page_d_un_indicateur_montre_ses_mois(annee_calculee):
    a, _ = annee_calculee
    page = a.client(Role.DIRECTEUR).get("/indicateurs/visites_realisees/", {"annee": 2024}).content.decode()
    assert "Mois par mois" in page and "mars : 9" in page
    calcule = a.client(Role.DIRECTEUR).get("/indicateurs/fe_validees/", {"annee": 2024}).content.decode()
    assert INDICATEURS["fe_validees"].comptage is None and "Mois par mois" in calcule  # computed, not counted
