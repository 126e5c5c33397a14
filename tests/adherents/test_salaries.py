"""Workers: identity vigilance (NIR, namesakes), follow-up category and its reasons, employments
with several members. Administrative data only, never medical content."""

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from adherents.models import Emploi, Salarie
from spsti.permissions import Role
from spsti.validators import valider_nir
from tests.factories import AdherentFactory

NIR_FEMME_1981 = "281068400704206"  # woman, June 1981, Vaucluse (84)


def cle(debut):
    return f"{debut}{97 - int(debut.replace('2A', '19').replace('2B', '18')) % 97:02d}"


@pytest.mark.parametrize(("nir", "valide"), [
    (NIR_FEMME_1981, True),
    (cle("1810684007042"), True),
    (cle("1810684007042")[:-2] + "00", False),                 # wrong key
    (cle("281062A010042"), True),                              # Corsica: 2A counts as 19
    (cle("281062B010042"), True),                              # 2B counts as 18
    ("28106840070424", False),                                 # 14 characters
    ("581068400704245", False),                                # no such first digit
])
def test_nir(nir, valide):
    """NIR: 13 characters and a key, 97 - (number mod 97) (INSEE)."""
    if valide:
        valider_nir(nir)
    else:
        with pytest.raises(ValidationError):
            valider_nir(nir)


def formulaire(a, **changements):
    donnees = {"nom": "Martin", "prenom": "Léa", "date_naissance": "1981-06-02", "sexe": "F",
               "nir": "2 81 06 84 007 042 06", "categorie": "SI", "poste": "Boulangère", "code_pcs": "636c",
               "date_embauche": "2024-02-01"}
    donnees.update(changements)
    return {cle_: valeur for cle_, valeur in donnees.items() if valeur is not None}


def salaries(service):
    with scopes_disabled():
        return list(Salarie.objects.filter(tenant=service))


def test_creer_un_salarie_avec_son_premier_emploi(a):
    client = a.client(Role.SERVICE_ADHERENT)
    reponse = client.post(f"/adherents/{a.adherent.pk}/salaries/nouveau/", formulaire(a))
    with scopes_disabled():
        lea = Salarie.objects.get(tenant=a.service, nom="Martin")
        [emploi] = Emploi.objects.filter(salarie=lea)
    assert reponse.url == f"/adherents/salaries/{lea.pk}/"
    assert lea.nir == NIR_FEMME_1981 and lea.adherent == a.adherent
    assert (emploi.adherent, emploi.poste, emploi.code_pcs) == (a.adherent, "Boulangère", "636c")
    page = client.get(f"/adherents/salaries/{lea.pk}/").content.decode()
    assert "Boulangère" in page and NIR_FEMME_1981 in page


@pytest.mark.parametrize(("changements", "message"), [
    ({"nir": "2 81 06 84 007 042 07"}, "La clé du NIR ne correspond pas au numéro"),
    ({"sexe": "M"}, "Le NIR ne correspond pas au sexe indiqué."),
    ({"date_naissance": "1982-06-02"}, "Le NIR ne correspond pas à la date de naissance."),
    ({"date_naissance": "1981-07-02"}, "Le NIR ne correspond pas à la date de naissance."),
    ({"categorie": "SIR"}, "Indiquez au moins un motif de SIR."),
    ({"categorie": "SI", "motifs_categorie": ["amiante"]}, "Un salarié en SI n&#x27;a pas de motif"),
    ({"categorie": "SIA", "motifs_categorie": ["plomb"]}, "Un motif de SIR place le salarié en SIR, pas en SIA."),
    ({"categorie": "SIR", "motifs_categorie": ["travail_nuit"]}, "Le SIR demande au moins un motif de SIR (R4624-23)."),
    ({"date_embauche": ""}, "Ce champ est obligatoire."),
])
def test_une_identite_ou_une_categorie_incoherente_est_refusee(a, changements, message):
    avant = len(salaries(a.service))
    page = a.client(Role.SERVICE_ADHERENT).post(f"/adherents/{a.adherent.pk}/salaries/nouveau/",
                                                formulaire(a, **changements)).content.decode()
    assert message in page
    assert len(salaries(a.service)) == avant


@pytest.mark.parametrize(("categorie", "motifs"), [
    ("SIR", ["amiante"]),                      # R4624-23 I 1°
    ("SIR", ["cmr", "travail_nuit"]),          # a SIR reason makes SIR, other reasons may add up
    ("SIR", ["aptitude_specifique"]),          # R4624-23 II
    ("SIA", ["travail_nuit"]),                 # R4624-18
    ("SIA", ["handicap", "invalidite"]),       # R4624-20
])
def test_categories_et_motifs_acceptes(a, categorie, motifs):
    reponse = a.client(Role.SERVICE_ADHERENT).post(f"/adherents/{a.adherent.pk}/salaries/nouveau/",
                                                   formulaire(a, categorie=categorie, motifs_categorie=motifs))
    assert reponse.status_code == 302
    with scopes_disabled():
        assert Salarie.objects.get(tenant=a.service, nom="Martin").motifs_categorie == motifs


def test_vigilance_d_identite_nir_et_homonymes(a, b):
    client = a.client(Role.SERVICE_ADHERENT)
    url = f"/adherents/{a.adherent.pk}/salaries/nouveau/"
    assert client.post(url, formulaire(a)).status_code == 302
    page = client.post(url, formulaire(a, nom="Dupont")).content.decode()
    assert "Ce NIR est déjà celui d&#x27;un salarié du service" in page
    page = client.post(url, formulaire(a, nir="")).content.decode()
    assert "doublon possible" in page and "Je confirme qu&#x27;il s&#x27;agit d&#x27;une autre personne" in page
    assert client.post(url, formulaire(a, nir="", homonyme_confirme="on")).status_code == 302
    assert len(salaries(a.service)) == 3  # fixture worker + Léa + her confirmed namesake
    assert b.client(Role.SERVICE_ADHERENT).post(f"/adherents/{b.adherent.pk}/salaries/nouveau/",
                                                formulaire(b)).status_code == 302  # another service


def test_un_salarie_multi_employeur(a, b):
    second = AdherentFactory(tenant=a.service, equipe=a.equipe, centre=a.equipe.centre, raison_sociale="Second")
    client = a.client(Role.SERVICE_ADHERENT)
    url = f"/adherents/salaries/{a.salarie.pk}/emplois/nouveau/"
    page = client.post(url, {"siren_employeur": b.adherent.siren, "date_embauche": "2025-01-06"}).content.decode()
    assert "Aucun adhérent du service n&#x27;a ce SIREN." in page
    page = client.post(url, {"siren_employeur": second.siren, "date_embauche": "2025-01-06",
                             "date_sortie": "2024-12-31"}).content.decode()
    assert "La sortie ne peut précéder l&#x27;embauche." in page
    assert client.post(url, {"siren_employeur": second.siren, "poste": "Vendeuse",
                             "date_embauche": "2025-01-06"}).status_code == 302
    onglet = client.get(f"/adherents/{second.pk}/", {"onglet": "salaries"}).content.decode()
    assert str(a.salarie) in onglet and "multi-employeur" in onglet
    with scopes_disabled():
        assert Emploi.objects.filter(salarie=a.salarie).count() == 2


def test_aucune_donnee_medicale_hors_des_roles_medicaux(a):
    api = a.client(Role.SERVICE_ADHERENT).get(f"/api/v1/salaries/{a.salarie.pk}/").json()
    assert not {"notes", "informations_sante", "expositions"} & set(api)
    assert "Asthme" not in str(api)
    lien = f"/suivi/salaries/{a.salarie.pk}/dossier-medical/"
    assert lien not in a.client(Role.SERVICE_ADHERENT).get(f"/adherents/salaries/{a.salarie.pk}/").content.decode()
    assert lien in a.client(Role.MEDECIN).get(f"/adherents/salaries/{a.salarie.pk}/").content.decode()


def test_le_changement_de_categorie_est_historise(a):
    client = a.client(Role.SERVICE_ADHERENT)
    client.post(f"/adherents/salaries/{a.salarie.pk}/modifier/", {
        "nom": a.salarie.nom, "prenom": a.salarie.prenom, "date_naissance": "1981-06-02", "sexe": "F",
        "categorie": "SIR", "motifs_categorie": ["amiante"]})
    page = client.get(f"/historique/adherents.salarie/{a.salarie.pk}/").content.decode()
    assert "Suivi individuel (SI)</span> → Suivi individuel renforcé (SIR)" in page
    assert str(a.membres[Role.SERVICE_ADHERENT].utilisateur) in page
