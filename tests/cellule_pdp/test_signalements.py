"""Signals to the PDP cell: one click from a visit record opens a file in the cell's intake
queue; only the worker's physician and nurses signal from a visit; a second signal joins the
open file."""

import pytest
from django_scopes import scopes_disabled

from cellule_pdp.models import DossierPDP, Signalement
from spsti.permissions import Role
from tests.suivi_individuel.outils import enregistrer, visite_du_jour


def dossiers(monde):
    with scopes_disabled():
        return list(DossierPDP.objects.filter(tenant=monde.service).order_by("numero"))


def signaler(monde, role, visite, description="Poste de manutention menacé"):
    return monde.client(role).post(f"/suivi/visites/{visite.pk}/orienter-pdp/", {"description": description},
                                   follow=True)


@pytest.mark.parametrize(("type_legal", "source"), [
    ("reprise", "visite_reprise"),
    ("pre_reprise", "visite_reprise"),
    ("demande_salarie", "visite_demande"),
    ("vip_periodique", "visite_periodique"),
    ("vip_initiale", "visite_autre"),
])
def test_un_signalement_depuis_une_visite_ouvre_un_dossier_a_traiter(a, type_legal, source):
    visite = visite_du_jour(a, Role.MEDECIN, type_legal=type_legal)
    enregistrer(a, Role.MEDECIN, visite, nature="avis_aptitude" if type_legal == "reprise" else "attestation_suivi")
    page = signaler(a, Role.MEDECIN, visite).content.decode()
    (dossier,) = dossiers(a)
    assert f"Signalement transmis à la cellule PDP (dossier n° {dossier.numero})" in page
    assert dossier.etape == "a_traiter" and dossier.salarie == a.salarie and dossier.adherent == a.adherent
    with scopes_disabled():
        (signalement,) = Signalement.objects.filter(dossier=dossier)
    assert signalement.source.code == source and signalement.visite == visite
    assert signalement.signale_par == a.membres[Role.MEDECIN]
    file_attente = a.client(Role.ASSISTANT_SOCIAL).get("/pdp/").content.decode()
    assert str(a.salarie) in file_attente and signalement.source.libelle in file_attente


def test_seuls_les_soignants_de_l_equipe_signalent_depuis_une_visite(a):
    visite = visite_du_jour(a, Role.MEDECIN)
    enregistrer(a, Role.MEDECIN, visite)
    for role in (Role.ASSISTANT_MEDICAL, Role.ASSISTANT_SOCIAL, Role.DIRECTEUR):
        assert a.client(role).post(f"/suivi/visites/{visite.pk}/orienter-pdp/").status_code == 403
    assert dossiers(a) == []


def test_une_visite_non_realisee_ne_se_signale_pas(a):
    visite = visite_du_jour(a, Role.MEDECIN)
    page = signaler(a, Role.MEDECIN, visite).content.decode()
    assert "Seule une visite réalisée" in page and dossiers(a) == []


def test_un_second_signalement_rejoint_le_dossier_ouvert(a):
    premiere = visite_du_jour(a, Role.MEDECIN)
    enregistrer(a, Role.MEDECIN, premiere)
    signaler(a, Role.MEDECIN, premiere)
    assert "déjà été signalé" in signaler(a, Role.MEDECIN, premiere).content.decode()
    seconde = visite_du_jour(a, Role.MEDECIN, type_legal="demande_salarie")
    enregistrer(a, Role.MEDECIN, seconde)
    signaler(a, Role.MEDECIN, seconde)
    (dossier,) = dossiers(a)
    with scopes_disabled():
        assert Signalement.objects.filter(dossier=dossier).count() == 2


def test_la_file_d_attente_d_un_service_n_est_pas_celle_d_un_autre(a, b):
    visite = visite_du_jour(a, Role.MEDECIN)
    enregistrer(a, Role.MEDECIN, visite)
    signaler(a, Role.MEDECIN, visite)
    assert str(a.salarie) not in b.client(Role.ASSISTANT_SOCIAL).get("/pdp/").content.decode()
    assert b.client(Role.MEDECIN).post(f"/suivi/visites/{visite.pk}/orienter-pdp/").status_code == 404
