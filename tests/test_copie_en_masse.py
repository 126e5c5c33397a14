"""Rows created in bulk by ``COPY`` (``spsti.tenancy.creer_avec_historique`` on PostgreSQL) are
the rows ``bulk_create`` writes: same values (choices, JSON, a parent given as an instance and
saved after the child was built, fields filled at save), ids given back, history rows written."""

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from adherents.models import CategorieSuivi, Emploi, MotifCategorie, Salarie
from spsti.tenancy import creer_avec_historique, service_actif
from tests.factories import AdherentFactory


def _salaries_et_emplois(adherent, prefixe, nombre=100):
    """Enough rows to go by ``COPY`` (fewer go by one ``INSERT``)."""
    salaries = [Salarie(tenant=adherent.tenant, adherent=adherent, nom=f"{prefixe}{rang}", prenom="Léa", sexe="F",
                        date_naissance=date(1990, 1, 1) + timedelta(days=rang), categorie=CategorieSuivi.SIR,
                        motifs_categorie=[MotifCategorie.AMIANTE, MotifCategorie.CMR], nir="")
                for rang in range(nombre)]
    emplois = [Emploi(tenant=adherent.tenant, salarie=salarie, adherent=adherent, poste="Maçon",
                      date_embauche=date(2021, 1, 1)) for salarie in salaries]
    return salaries, emplois


def _lignes(modele, objets, differentes):
    return [{cle: valeur for cle, valeur in ligne.items() if cle not in differentes}
            for ligne in modele.objects.filter(pk__in=[o.pk for o in objets]).order_by("pk").values()]


def test_la_copie_ecrit_ce_qu_ecrirait_bulk_create(db):
    adherent = AdherentFactory()
    with service_actif(adherent.tenant):
        copies, emplois_copies = _salaries_et_emplois(adherent, "Copie")
        with CaptureQueriesContext(connection) as requetes:
            creer_avec_historique(copies, Salarie)
            creer_avec_historique(emplois_copies, Emploi)  # their workers were unsaved when they were built
        assert sum(q["sql"].startswith("TRUNCATE") for q in requetes.captured_queries) == 2  # two staging tables
        with CaptureQueriesContext(connection) as relues:  # the parent stays in the child's cache
            assert [emploi.salarie.pk for emploi in emplois_copies] == [salarie.pk for salarie in copies]
        assert not relues.captured_queries  # (it cost a query per row: 105,000 in the demo's 100,000 workers)
        references, emplois_references = _salaries_et_emplois(adherent, "Reference")
        Salarie.objects.bulk_create(references)
        Emploi.objects.bulk_create(emplois_references)

        assert all(salarie.pk and not salarie._state.adding for salarie in copies)
        differentes = {"id", "nom", "salarie_id", "modifie_le", "version"}
        assert _lignes(Salarie, copies, differentes) == _lignes(Salarie, references, differentes)
        assert _lignes(Emploi, emplois_copies, differentes) == _lignes(Emploi, emplois_references, differentes)
        assert [e.salarie_id for e in Emploi.objects.filter(pk__in=[e.pk for e in emplois_copies]).order_by("pk")] \
            == [s.pk for s in copies]
        assert Salarie.objects.get(pk=copies[0].pk).motifs_categorie == ["amiante", "cmr"]
        assert sorted(Salarie.history.filter(history_type="+").values_list("id", flat=True)) == sorted(
            s.pk for s in copies)


def test_quelques_lignes_passent_par_un_insert_sans_copie(db):
    """Thousands of small copies in one transaction grew quadratically (each emptied staging
    table behind a savepoint costs more than the one before): a few rows go by one INSERT."""
    adherent = AdherentFactory()
    with service_actif(adherent.tenant):
        salaries, _ = _salaries_et_emplois(adherent, "Peu", nombre=3)
        with CaptureQueriesContext(connection) as requetes:
            creer_avec_historique(salaries, Salarie)
        assert not any("copie_" in q["sql"] for q in requetes.captured_queries)  # no staging table
        assert Salarie.objects.filter(nom__startswith="Peu").count() == 3
        assert Salarie.history.filter(history_type="+", nom__startswith="Peu").count() == 3
