"""The fiche d'entreprise through its pages: drafted by the prevention assistant (work units with
ticked hazards, their details, photos), submitted, validated and signed by the physician only,
frozen with its PDF; a later edit is a new version; never deleted."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models.deletion import ProtectedError
from django_scopes import scopes_disabled

from fiche_entreprise.models import FamilleRisque, FicheEntreprise, PhotoFiche, RisqueUnite, StatutFiche, UniteTravail
from spsti.models import Alerte
from spsti.permissions import Role
from tests.connexion import connecter
from tests.factories import RattachementFactory

from .outils import PRIORITES, entree, png, texte_pdf


def fiches(monde, **filtres):
    with scopes_disabled():
        return list(FicheEntreprise.objects.filter(tenant=monde.service, **filtres).order_by("version"))


def rediger(monde, role=Role.ASSISTANT_PREVENTION):
    """The assistant drafts a complete FE through the pages; returns (client, fiche)."""
    client = monde.client(role)
    reponse = client.post(f"/prevention/adherents/{monde.adherent.pk}/fiches/nouvelle/", {"etablissement": ""})
    (fiche,) = fiches(monde)
    assert reponse.url == f"/prevention/fiches/{fiche.pk}/"
    client.post(f"/prevention/fiches/{fiche.pk}/modifier/", {
        "description_activite": "Menuiserie : débit, usinage, finition.", "organisation_prevention": "DUERP 2021",
        "effectif": 8, **PRIORITES})
    bruit, chimique = entree(monde, FamilleRisque, "bruit"), entree(monde, FamilleRisque, "chimique")
    client.post(f"/prevention/fiches/{fiche.pk}/unites/nouvelle/", {
        "nom": "Atelier", "description": "Scie, raboteuse", "effectif": 5, "ordre": 1,
        "familles": [bruit.pk, chimique.pk]})
    return client, fiche


def test_l_assistant_redige_une_fiche_par_unite_et_dangers_coches(a):
    client, fiche = rediger(a)
    with scopes_disabled():
        (unite,) = UniteTravail.objects.filter(fiche=fiche)
        risques = {r.famille.code: r for r in RisqueUnite.objects.filter(unite=unite).select_related("famille")}
    assert set(risques) == {"bruit", "chimique"}  # each ticked hazard became a risk of the unit
    reponse = client.post(f"/prevention/risques/{risques['bruit'].pk}/", {
        "famille": risques["bruit"].famille_id, "situation": "Scie circulaire", "niveau": 4, "effectif_expose": 3,
        "mesures_existantes": "Bouchons d'oreilles"})
    assert reponse.status_code == 302
    trop = client.post(f"/prevention/risques/{risques['chimique'].pk}/", {
        "famille": risques["chimique"].famille_id, "niveau": 2, "effectif_expose": 9})
    assert "Plus de salariés exposés que l&#x27;effectif de l&#x27;unité (5)" in trop.content.decode()
    client.post(f"/prevention/fiches/{fiche.pk}/photos/nouvelle/", {"image": png(), "legende": "Poste de sciage",
                                                                   "unite": unite.pk})
    page = client.get(f"/prevention/fiches/{fiche.pk}/").content.decode()
    assert "Scie circulaire" in page and "Très élevé" in page and "Poste de sciage" in page
    assert 'class="photo-fiche"' in page
    with scopes_disabled():
        photo = PhotoFiche.objects.get(fiche=fiche)
    assert client.get(f"/prevention/photos/{photo.pk}/").status_code == 200


def test_une_fiche_incomplete_ne_se_soumet_pas(a):
    client = a.client(Role.ASSISTANT_PREVENTION)
    client.post(f"/prevention/adherents/{a.adherent.pk}/fiches/nouvelle/", {"etablissement": ""})
    (fiche,) = fiches(a)
    page = client.get(f"/prevention/fiches/{fiche.pk}/").content.decode()
    assert "la description de l&#x27;activité, au moins une unité de travail, les trois recommandations" in page
    reponse = client.post(f"/prevention/fiches/{fiche.pk}/soumettre/", follow=True)
    assert "La fiche n&#x27;est pas complète" in reponse.content.decode()
    assert fiches(a)[0].statut == StatutFiche.BROUILLON


@pytest.mark.django_db(transaction=False)
def test_soumise_au_medecin_validee_signee_figee_avec_son_pdf(a, django_capture_on_commit_callbacks):
    client, fiche = rediger(a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/prevention/fiches/{fiche.pk}/soumettre/")
    with scopes_disabled():
        alerte = Alerte.objects.get(tenant=a.service, source="fiche_a_valider", resolue_le__isnull=True)
    assert alerte.role == Role.MEDECIN and alerte.equipe == a.equipe
    assert "fiche d&#x27;entreprise v1 à valider" in a.client(Role.MEDECIN).get("/alertes/").content.decode()

    for role in (Role.ASSISTANT_PREVENTION, Role.IPRP, Role.DIRECTEUR):  # only the physician signs
        assert a.client(role).post(f"/prevention/fiches/{fiche.pk}/valider/").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        reponse = a.client(Role.MEDECIN).post(f"/prevention/fiches/{fiche.pk}/valider/", follow=True)
    assert "Fiche validée et signée" in reponse.content.decode()
    (fiche,) = fiches(a)
    assert fiche.statut == StatutFiche.VALIDEE and fiche.validee_par == a.membres[Role.MEDECIN]
    assert fiche.categories_suivi == {"categories": {"SI": 1}, "motifs": {}}
    with scopes_disabled():
        assert not Alerte.objects.filter(source="fiche_a_valider", resolue_le__isnull=True).exists()
    pdf = client.get(f"/prevention/fiches/{fiche.pk}/pdf/")
    contenu = b"".join(pdf.streaming_content)
    texte = texte_pdf(contenu)
    assert contenu.startswith(b"%PDF") and fiche.reference in pdf["Content-Disposition"]
    for attendu in ("Fiche d'entreprise", a.adherent.raison_sociale, "Nos trois recommandations prioritaires",
                    "Mettre à jour le DUERP", "Atelier", "Bruit", f"{a.membres[Role.MEDECIN].utilisateur.last_name}",
                    "R4624-46"):
        assert attendu in texte, attendu
    assert "Asthme" not in texte  # the worker's medical record never reaches the FE


def test_seul_un_medecin_de_l_equipe_de_l_adherent_valide(a):
    _, fiche = rediger(a)
    autre_medecin = RattachementFactory(tenant=a.service, equipe=a.autre_equipe, role=Role.MEDECIN)
    client = a.client(Role.MEDECIN)
    connecter(client, autre_medecin.utilisateur)
    assert client.post(f"/prevention/fiches/{fiche.pk}/valider/").status_code == 403
    assert fiches(a)[0].statut == StatutFiche.BROUILLON


def valider(monde):
    _, fiche = rediger(monde)
    monde.client(Role.MEDECIN).post(f"/prevention/fiches/{fiche.pk}/valider/")
    return fiches(monde)[0]


def test_une_fiche_validee_ne_se_modifie_pas_sur_place(a):
    fiche = valider(a)
    client = a.client(Role.ASSISTANT_PREVENTION)
    with scopes_disabled():
        unite = UniteTravail.objects.get(fiche=fiche)
        risque = RisqueUnite.objects.filter(unite=unite).first()
    # pages: edits are refused, nothing changes
    reponse = client.post(f"/prevention/fiches/{fiche.pk}/modifier/", {"description_activite": "Autre", **PRIORITES,
                                                                        "effectif": 1}, follow=True)
    assert "Cette fiche est validée : elle ne se modifie plus" in reponse.content.decode()
    for url in (f"/prevention/fiches/{fiche.pk}/unites/nouvelle/", f"/prevention/unites/{unite.pk}/",
                f"/prevention/risques/{risque.pk}/", f"/prevention/fiches/{fiche.pk}/photos/nouvelle/"):
        assert client.post(url, {"nom": "X", "niveau": 1, "famille": risque.famille_id}).status_code == 302
    for url in (f"/prevention/unites/{unite.pk}/supprimer/", f"/prevention/risques/{risque.pk}/supprimer/"):
        assert client.post(url).status_code == 403
    assert fiches(a)[0].description_activite == "Menuiserie : débit, usinage, finition."
    with scopes_disabled():
        assert UniteTravail.objects.filter(fiche=fiche).count() == 1
        assert RisqueUnite.objects.filter(unite=unite).count() == 2
        # the models refuse it too, whatever the caller
        fiche.description_activite = "Réécrite"
        for action in (fiche.save, fiche.delete, unite.save, unite.delete, risque.save, risque.delete):
            with pytest.raises(PermissionDenied):
                action()
        with pytest.raises(PermissionDenied):
            FicheEntreprise.objects.filter(pk=fiche.pk).update(description_activite="Réécrite")
        with pytest.raises((PermissionDenied, ProtectedError)):
            FicheEntreprise.objects.filter(pk=fiche.pk).delete()
    # the API has no write at all
    api = a.client(Role.DIRECTEUR)
    for methode in (api.put, api.patch, api.delete):
        assert methode(f"/api/v1/fiches-entreprise/{fiche.pk}/", {}, content_type="application/json").status_code == 405


def test_une_mise_a_jour_cree_une_nouvelle_version_qui_reprend_la_precedente(a):
    premiere = valider(a)
    client = a.client(Role.ASSISTANT_PREVENTION)
    reponse = client.post(f"/prevention/fiches/{premiere.pk}/nouvelle-version/")
    v1, v2 = fiches(a)
    assert reponse.url == f"/prevention/fiches/{v2.pk}/"
    assert (v2.version, v2.statut, v2.precedente, v2.priorite_1) == (2, StatutFiche.BROUILLON, v1, v1.priorite_1)
    with scopes_disabled():
        (unite_v2,) = UniteTravail.objects.filter(fiche=v2)
        assert RisqueUnite.objects.filter(unite=unite_v2).count() == 2
    client.post(f"/prevention/unites/{unite_v2.pk}/supprimer/")
    with scopes_disabled():
        assert UniteTravail.objects.filter(fiche=v1).count() == 1  # the validated version is untouched
    encore = client.post(f"/prevention/fiches/{premiere.pk}/nouvelle-version/", follow=True)
    assert "La version 2 est déjà en cours de rédaction" in encore.content.decode()
    assert len(fiches(a)) == 2


def test_le_portail_ne_montre_que_les_fiches_validees_de_l_adherent(a):
    _, brouillon = rediger(a)
    portail = a.client(Role.ADHERENT)
    page = portail.get(f"/portail/entreprises/{a.adherent.pk}/prevention/").content.decode()
    assert "Pas encore de fiche d'entreprise" in page
    assert portail.get(f"/portail/entreprises/{a.adherent.pk}/fiches/{brouillon.pk}/pdf/").status_code == 404
    a.client(Role.MEDECIN).post(f"/prevention/fiches/{brouillon.pk}/valider/")
    page = portail.get(f"/portail/entreprises/{a.adherent.pk}/prevention/").content.decode()
    assert f"/portail/entreprises/{a.adherent.pk}/fiches/{brouillon.pk}/pdf/" in page
    telechargement = portail.get(f"/portail/entreprises/{a.adherent.pk}/fiches/{brouillon.pk}/pdf/")
    assert b"".join(telechargement.streaming_content).startswith(b"%PDF")
    accueil = portail.get(f"/portail/entreprises/{a.adherent.pk}/").content.decode()
    assert f"/portail/entreprises/{a.adherent.pk}/fiches/{brouillon.pk}/pdf/" in accueil  # its company page too
