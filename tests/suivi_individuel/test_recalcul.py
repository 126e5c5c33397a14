"""The due-list recomputation at scale: chunked, written as a diff, dateutil-free, and giving
the same deadlines as the straightforward engine (a golden comparison on the demo data)."""

import threading
from datetime import date
from io import StringIO

import pytest
from dateutil.relativedelta import relativedelta as relativedelta_dateutil
from django.core.management import call_command
from django.db import connection

from adherents.models import Salarie
from spsti.models import Service
from spsti.tenancy import service_actif
from suivi_individuel import echeancier, rules
from suivi_individuel.models import Echeance, Visite
from suivi_individuel.tasks import recalculer_echeancier_service
from tests.factories import AdherentFactory, SalarieFactory


def stockees():
    return sorted(Echeance.objects.values_list("salarie_id", "type", "au_plus_tot", "au_plus_tard", "obligatoire",
                                               "base_legale", "motif", "realisable_par"))


def reference(service):
    """The deadlines as computed before: the engine with dateutil's relativedelta, worker by
    worker, every row rewritten."""
    reglages = echeancier.reglages_du_service(service)
    ids, ages = list(Salarie.objects.values_list("pk", flat=True)), echeancier.ages_de_branche(service)
    return sorted((pk, str(e.type), e.au_plus_tot, e.au_plus_tard, e.obligatoire, e.base_legale, e.motif,
                   sorted(e.realisable_par))
                  for pk, donnees in echeancier.travailleurs(ids, ages).items() if donnees
                  for e in rules.echeances(donnees, reglages))


@pytest.fixture
def demo(db):
    call_command("donnees_demo", scale=0.05, sans_indicateurs=True, stdout=StringIO())
    return list(Service.objects.all())


def test_memes_echeances_qu_avant_sur_la_demo(demo, monkeypatch):
    for service in demo:
        with service_actif(service):
            Echeance.objects.all().delete()
            echeancier.recalculer(service)
            obtenues = stockees()
            with monkeypatch.context() as m:
                m.setattr(rules, "relativedelta", relativedelta_dateutil)
                attendues = reference(service)
            assert obtenues == [(*ligne[:-1], list(ligne[-1])) for ligne in attendues]
            assert len(obtenues) > 50  # the smallest service: 50 workers at this scale


def test_le_recalcul_n_ecrit_que_ce_qui_change(demo):
    service = demo[0]
    with service_actif(service):
        echeancier.recalculer(service)
        avant = dict(Echeance.objects.values_list("pk", "calculee_le"))
        bilans = [echeancier.recalculer_lot(service, lot) for lot in echeancier.lots()]
        assert all(ajoutees == supprimees == 0 for _, ajoutees, supprimees in bilans)
        assert dict(Echeance.objects.values_list("pk", "calculee_le")) == avant
        # a visit done today: only that worker's periodic deadline moves
        salarie = Salarie.objects.filter(echeances__type="vip_initiale").first()
        autres = set(Echeance.objects.exclude(salarie=salarie).values_list("pk", flat=True))
        Visite.objects.create(tenant=service, salarie=salarie, type="vip_initiale", date=date.today())
        assert set(Echeance.objects.exclude(salarie=salarie).values_list("pk", flat=True)) == autres
        assert salarie.echeances.filter(type="vip_periodique").exists()


def test_une_ligne_en_double_ou_perimee_est_retiree_et_l_echeance_juste_garde_sa_ligne(demo):
    """The diff matches stored rows one for one: a duplicate of a right deadline and a stale
    deadline are removed, one row of the right deadline stays as it was."""
    service = demo[0]
    with service_actif(service):
        echeancier.recalculer(service)
        juste = Echeance.objects.order_by("pk").first()
        champs = {champ: getattr(juste, champ) for champ in ("tenant_id", "salarie_id", "type", "au_plus_tot",
                                                              "au_plus_tard", "obligatoire", "base_legale", "motif",
                                                              "realisable_par", "calculee_le")}
        doublon = Echeance.objects.create(**champs)
        perimee = Echeance.objects.create(**{**champs, "au_plus_tard": date(2001, 1, 1)})
        avant = set(juste.salarie.echeances.values_list("pk", flat=True))
        _, ajoutees, supprimees = echeancier.recalculer_lot(service, [juste.salarie_id])
        restantes = set(juste.salarie.echeances.values_list("pk", flat=True))
    assert (ajoutees, supprimees) == (0, 2)
    assert len(restantes & {juste.pk, doublon.pk}) == 1
    assert restantes - {juste.pk, doublon.pk} == avant - {juste.pk, doublon.pk, perimee.pk}  # the others kept


def test_la_tache_de_nuit_recalcule_par_lots_d_equipe(demo, monkeypatch):
    service = demo[0]
    monkeypatch.setattr(echeancier, "TAILLE_LOT", 40)
    with service_actif(service):
        echeancier.recalculer(service)
        attendues = stockees()
        lots = echeancier.lots()
        assert len(lots) > 2 and sorted(pk for lot in lots for pk in lot) == sorted(
            Salarie.objects.values_list("pk", flat=True))
        equipes = dict(Salarie.objects.values_list("pk", "adherent__equipe_id"))
        assert all(len({equipes[pk] for pk in lot}) == 1 for lot in lots)
        Echeance.objects.all().delete()
    assert recalculer_echeancier_service.delay(service.pk).get() == len(lots)
    with service_actif(service):
        assert stockees() == attendues


@pytest.mark.django_db(transaction=True)
def test_sans_worker_les_lots_tournent_dans_deux_fils_sur_leurs_propres_connexions(monkeypatch):
    """Tasks run eagerly (the demo loading), outside a transaction on PostgreSQL: every chunk in
    one of two threads, the deadlines those of the straightforward engine, no connection left."""
    def connexions():
        with connection.cursor() as curseur:
            curseur.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
            return curseur.fetchone()[0]

    avant, fils, recalculer_lot = connexions(), [], echeancier.recalculer_lot

    def en_notant_le_fil(service, lot, *parametres):
        fils.append(threading.current_thread().name)
        return recalculer_lot(service, lot, *parametres)

    monkeypatch.setattr(echeancier, "TAILLE_LOT", 20)
    monkeypatch.setattr(echeancier, "recalculer_lot", en_notant_le_fil)
    call_command("donnees_demo", scale=0.05, sans_indicateurs=True, services=["provence"], stdout=StringIO())
    service = Service.objects.get()
    with service_actif(service):
        lots = echeancier.lots()
        # (a worker saved by the demo recomputes its own deadlines in the main thread)
        assert len(lots) > 4 and len([nom for nom in fils if nom.startswith("echeancier-")]) == len(lots)
        obtenues = stockees()
        with monkeypatch.context() as m:
            m.setattr(rules, "relativedelta", relativedelta_dateutil)
            assert obtenues == [(*ligne[:-1], list(ligne[-1])) for ligne in reference(service)]
    assert connexions() == avant


@pytest.mark.django_db(transaction=True)
def test_l_erreur_d_un_lot_en_fil_remonte_une_fois_les_fils_arretes(monkeypatch):
    salaries = SalarieFactory.create_batch(6, adherent=AdherentFactory())
    service = salaries[0].tenant
    recalculer_lot = echeancier.recalculer_lot

    def en_echec(service, lot, *parametres):
        if lot == [salaries[2].pk]:
            raise RuntimeError("lot en échec")
        return recalculer_lot(service, lot, *parametres)

    monkeypatch.setattr(echeancier, "TAILLE_LOT", 1)
    monkeypatch.setattr(echeancier, "recalculer_lot", en_echec)
    with service_actif(service):
        lots = echeancier.lots()
        Echeance.objects.all().delete()  # (written when the workers were saved)
    with pytest.raises(RuntimeError, match="lot en échec"):
        recalculer_echeancier_service.delay(service.pk)
    assert not [fil for fil in threading.enumerate() if fil.name.startswith("echeancier-")]
    with service_actif(service):  # the other chunks are written (each its own transaction)
        assert len(lots) == 6 and Echeance.objects.exclude(salarie=salaries[2]).exists()
        assert not Echeance.objects.filter(salarie=salaries[2]).exists()


@pytest.mark.parametrize("decalage", [{"months": 3}, {"months": -3}, {"years": 2}, {"years": -5}, {"months": 24},
                                      {"months": 1, "days": 1}, {"years": 18}, {"months": 48}, {"months": 11}])
def test_l_arithmetique_des_dates_est_celle_de_dateutil(decalage):
    from datetime import timedelta

    from suivi_individuel.dates import relativedelta

    jour = date(1999, 1, 1)
    while jour < date(2030, 1, 1):  # every day, month ends and 29 February included
        assert jour + relativedelta(**decalage) == jour + relativedelta_dateutil(**decalage), jour
        assert jour - relativedelta(**decalage) == jour - relativedelta_dateutil(**decalage), jour
        jour += timedelta(days=1)


def test_un_lot_lit_ses_echeances_par_salarie_meme_avec_des_statistiques_d_avant_le_chargement(demo):
    """A first load or a large import: the statistics date from before the service's deadlines
    were written, so the planner believes the service has none. Each chunk must still read its
    stored deadlines by its workers, not every deadline of the service written so far (each chunk
    then cost more than the one before: 0.15 s to 1.4 s at scale 40). Sequential scans priced out,
    as on a large table."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    service = demo[1]
    with service_actif(service):
        Echeance.objects.all()._raw_delete(Echeance.objects.db)
        echeancier.analyser()  # the service has no deadline, as far as the planner knows
        lot = echeancier.lots()[0]
        with CaptureQueriesContext(connection) as requetes:
            echeancier.recalculer_lot(service, lot)
        table = Echeance._meta.db_table
        lectures = [q["sql"] for q in requetes.captured_queries
                    if q["sql"].startswith("SELECT") and f'FROM "{table}"' in q["sql"]]
        assert len(lectures) == 1  # the lot's stored deadlines, matched to the computed ones
        with connection.cursor() as curseur:
            curseur.execute("SET enable_seqscan = off")
            plans = []
            for sql in lectures:
                curseur.execute(f"EXPLAIN {sql}")
                plans.append("\n".join(ligne for ligne, in curseur.fetchall()))
            curseur.execute("RESET enable_seqscan")
    assert all("Index Cond: (tenant_id" not in plan for plan in plans), plans
