"""Rows created in bulk by ``COPY`` (``spsti.tenancy.creer_avec_historique`` on PostgreSQL) are
the rows ``bulk_create`` writes: same values (choices, JSON, a parent given as an instance and
saved after the child was built, fields filled at save), ids given back, history rows written."""

from datetime import date

from adherents.models import CategorieSuivi, Emploi, MotifCategorie, Salarie
from spsti.tenancy import creer_avec_historique, service_actif
from tests.factories import AdherentFactory


def _salaries_et_emplois(adherent, prefixe):
    salaries = [Salarie(tenant=adherent.tenant, adherent=adherent, nom=f"{prefixe}{rang}", prenom="Léa", sexe="F",
                        date_naissance=date(1990, 1, 1 + rang), categorie=CategorieSuivi.SIR,
                        motifs_categorie=[MotifCategorie.AMIANTE, MotifCategorie.CMR], nir="")
                for rang in range(3)]
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
        creer_avec_historique(copies, Salarie)
        creer_avec_historique(emplois_copies, Emploi)  # their workers were unsaved when they were built
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
