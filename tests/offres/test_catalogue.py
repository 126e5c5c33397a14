"""Catalogue editing: a grid priced by follow-up category is three fields, a grid by size class is
rows of a formset; mistakes are refused in French with nothing saved (never raw JSON)."""

import html
from decimal import Decimal as D

import pytest

from offres.models import GrilleTarifaire, Offre, TypeOffre
from spsti.permissions import Role
from spsti.tenancy import service_actif

from .outils import grille_socle

TRANCHES_VIDES = {"tranche-TOTAL_FORMS": "3", "tranche-INITIAL_FORMS": "0", "tranche-MIN_NUM_FORMS": "0",
                  "tranche-MAX_NUM_FORMS": "1000"}


def _offre(monde):
    with service_actif(monde.service):
        return Offre.objects.create(tenant=monde.service, code="campagne-bruit", nom="Campagne de mesure du bruit",
                                    type=TypeOffre.COMPLEMENTAIRE)


def _grille(offre, **donnees):
    return {"offre": offre.pk, "annee": "2026", "prix": "0", "minimum": "0", "droit_entree": "0", "taux_tva": "20",
            "date_approbation_ag": "2025-12-10", **TRANCHES_VIDES, **donnees}


def test_une_grille_par_tranche_se_saisit_en_lignes(a):
    offre = _offre(a)
    comptable = a.client(Role.COMPTABLE)
    page = comptable.get(f"/offres/grilles/nouvelle/?offre={offre.pk}").content.decode()
    assert 'name="tranche-0-jusqu_a"' in page and "Prix par salarié en SIR" in page
    reponse = comptable.post("/offres/grilles/nouvelle/", _grille(
        offre, mode="tranche", **{"tranche-0-jusqu_a": "10", "tranche-0-montant": "450",
                                  "tranche-1-jusqu_a": "50", "tranche-1-montant": "1200",
                                  "tranche-2-montant": "2500"}))
    assert reponse.status_code == 302
    with service_actif(a.service):
        grille = GrilleTarifaire.objects.get(offre=offre)
        assert grille.tranches == [[10, "450.00"], [50, "1200.00"], [None, "2500.00"]]
    modifier = comptable.get(f"/offres/grilles/{grille.pk}/").content.decode()
    assert 'name="tranche-1-jusqu_a" value="50"' in modifier


@pytest.mark.parametrize(("lignes", "message"), [
    ({"tranche-0-jusqu_a": "50", "tranche-0-montant": "1200", "tranche-1-jusqu_a": "10",
      "tranche-1-montant": "450"}, "doivent croître d'une tranche à la suivante"),
    ({"tranche-0-jusqu_a": "10"}, "Ligne 1 : indiquez le montant de la tranche."),
    ({"tranche-0-montant": "450", "tranche-1-jusqu_a": "50", "tranche-1-montant": "900"},
     "seule la dernière tranche peut rester sans effectif maximal"),
    ({"tranche-0-jusqu_a": "dix", "tranche-0-montant": "450"}, "Saisissez un nombre entier."),
    ({}, "Indiquez au moins une tranche d'effectif."),
])
def test_des_tranches_fausses_sont_refusees_en_francais(a, lignes, message):
    offre = _offre(a)
    reponse = a.client(Role.COMPTABLE).post("/offres/grilles/nouvelle/", _grille(offre, mode="tranche", **lignes))
    assert reponse.status_code == 200
    contenu = html.unescape(reponse.content.decode())
    assert message in contenu and "rien n'a été enregistré" in contenu
    with service_actif(a.service):
        assert not GrilleTarifaire.objects.filter(offre=offre).exists()


def test_la_cotisation_par_categorie_se_saisit_en_trois_prix_dans_la_fourchette(a):
    """D4622-27-4 to -6: each per-category price lies within 80–120 % of the national cost."""
    with service_actif(a.service):
        grille = grille_socle(a.service, prix="110.00")
    comptable = a.client(Role.COMPTABLE)
    donnees = _grille(grille.offre, mode="par_categorie", prix="110", prix_SI="105", prix_SIA="115")
    manque = html.unescape(comptable.post(f"/offres/grilles/{grille.pk}/", donnees).content.decode())
    assert "Indiquez le prix de cette catégorie." in manque
    hors_bande = html.unescape(comptable.post(f"/offres/grilles/{grille.pk}/", {**donnees, "prix_SIR": "160"})
                               .content.decode())
    assert "sort de la fourchette de 80 % à 120 %" in hors_bande and "D4622-27-4" in hors_bande
    assert comptable.post(f"/offres/grilles/{grille.pk}/", {**donnees, "prix_SIR": "135"}).status_code == 302
    with service_actif(a.service):
        grille.refresh_from_db()
        assert grille.prix_categories == {"SI": "105.00", "SIA": "115.00", "SIR": "135.00"}
        assert grille.tarif.prix_categories["SIR"] == "135.00" and grille.prix_par_salarie()[2] == D("135.00")
