"""Buttons and forms follow the policy that refuses them (issue 16, point 3): one helper,
``spsti.permissions.peut``, asked by the views, the templates and the API."""

import pytest

from spsti.permissions import Role, peut
from spsti.tenancy import service_actif
from suivi_individuel.models import DocumentSuivi

from .suivi_individuel.outils import enregistrer, protocole, visite_du_jour

PERSONNEL = [r for r in Role if r != Role.ADHERENT]
AVEC_PROTOCOLES = {Role.DIRECTEUR, Role.MEDECIN, Role.INFIRMIER, Role.ASSISTANT_MEDICAL}  # see the list


@pytest.mark.parametrize("role", PERSONNEL)
def test_le_bouton_nouveau_protocole_suit_le_refus(a, role):
    client = a.client(role)
    page = client.get("/suivi/protocoles/")
    refus = client.get("/suivi/protocoles/nouveau/").status_code
    assert peut(a.membres[role], "creer_protocole") == (refus == 200)
    if role in AVEC_PROTOCOLES:
        assert ("Nouveau protocole" in page.content.decode()) == (refus == 200), role


@pytest.mark.parametrize("role, avec_protocole, voit_le_formulaire", [
    (Role.MEDECIN, False, True),
    (Role.INFIRMIER, False, False),  # R4623-14: nothing delegated to her
    (Role.INFIRMIER, True, True),
    (Role.ASSISTANT_MEDICAL, True, False),  # never records the medical part
    (Role.DIRECTEUR, True, False),
])
def test_enregistrer_la_visite_n_est_propose_qu_a_qui_peut_le_faire(a, role, avec_protocole, voit_le_formulaire):
    if avec_protocole:
        protocole(a)
    visite = visite_du_jour(a, Role.INFIRMIER if role == Role.INFIRMIER else Role.MEDECIN)
    client = a.client(role)
    page = client.get(f"/suivi/visites/{visite.pk}/").content.decode()
    assert ("Enregistrer la visite" in page) == voit_le_formulaire
    assert (client.get(f"/suivi/visites/{visite.pk}/enregistrer/").status_code == 200) == voit_le_formulaire
    with service_actif(a.service):
        assert peut(a.membres[role], "enregistrer_visite", visite) == voit_le_formulaire


def test_l_infirmiere_ne_voit_pas_les_avis_du_medecin(a):
    """R4623-14: only the physician gives an opinion; an SIR aptitude exam is not delegable."""
    protocole(a)
    visite = visite_du_jour(a, Role.INFIRMIER)
    formulaire = a.client(Role.INFIRMIER).get(f"/suivi/visites/{visite.pk}/enregistrer/").content.decode()
    assert 'value="attestation_suivi"' in formulaire
    assert 'value="avis_aptitude"' not in formulaire and 'value="avis_inaptitude"' not in formulaire
    medecin = a.client(Role.MEDECIN).get(f"/suivi/visites/{visite_du_jour(a).pk}/enregistrer/").content.decode()
    assert 'value="avis_inaptitude"' in medecin and 'value="avis_aptitude"' not in medecin  # a VIP: R4624-14
    assert enregistrer(a, Role.INFIRMIER, visite, nature="avis_inaptitude").status_code == 200
    assert not DocumentSuivi.tous_services.filter(tenant=a.service).exists()


def test_signer_et_valider_un_protocole_ne_s_affichent_qu_a_qui_le_peut(a):
    delegation = protocole(a, signe_le=None, valide_cmt_le=None)
    pages = {role: a.client(role).get("/suivi/protocoles/").content.decode() for role in AVEC_PROTOCOLES}
    assert [r for r, p in pages.items() if ">Signer<" in p] == [Role.MEDECIN]
    assert [r for r, p in pages.items() if "Validé par la CMT</button>" in p] == [Role.DIRECTEUR]
    assert peut(a.membres[Role.MEDECIN], "signer_protocole", delegation)


def test_une_action_inconnue_est_une_erreur(a):
    with pytest.raises(ValueError):
        peut(a.membres[Role.MEDECIN], "tout_faire")
