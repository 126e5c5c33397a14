"""The director runs the service's organisation with real forms: French messages on bad input,
nothing saved then, every change in the history."""

import re

import pytest
from django.core import mail
from django.test import Client
from django_scopes import scopes_disabled

from spsti.models import Centre, Equipe, Rattachement, Utilisateur
from spsti.permissions import Role
from tests.connexion import connecter

CENTRE = {"nom": "Pertuis", "adresse": "2 place Parmentier", "code_postal": "84120", "ville": "Pertuis",
          "telephone": "04 90 79 00 00"}


def compter(modele, service):
    with scopes_disabled():
        return modele.objects.filter(tenant=service).count()


def test_creer_un_centre_et_le_retrouver_dans_l_historique(a):
    client = a.client(Role.DIRECTEUR)
    reponse = client.post("/organisation/centres/nouveau/", CENTRE, follow=True)
    assert "Le centre Pertuis est enregistré." in reponse.content.decode()
    with scopes_disabled():
        centre = Centre.objects.get(tenant=a.service, nom="Pertuis")
    historique = client.get(f"/historique/spsti.centre/{centre.pk}/").content.decode()
    assert str(a.membres[Role.DIRECTEUR].utilisateur) in historique and "Création" in historique


@pytest.mark.parametrize(("champ", "valeur", "message"), [
    ("code_postal", "8412", "Le code postal doit comporter 5 chiffres."),
    ("telephone", "12 34", "Numéro de téléphone invalide"),
    ("nom", "", "Ce champ est obligatoire."),
])
def test_une_saisie_invalide_est_expliquee_et_ne_change_rien(a, champ, valeur, message):
    avant = compter(Centre, a.service)
    reponse = a.client(Role.DIRECTEUR).post("/organisation/centres/nouveau/", {**CENTRE, champ: valeur})
    page = reponse.content.decode()
    assert reponse.status_code == 200 and message in page and "rien n'a été enregistré" in page
    assert compter(Centre, a.service) == avant


def test_un_nom_de_centre_est_unique_dans_le_service_pas_entre_services(a, b):
    client = a.client(Role.DIRECTEUR)
    page = client.post("/organisation/centres/nouveau/", {**CENTRE, "nom": a.equipe.centre.nom}).content.decode()
    assert "Un centre porte déjà ce nom dans votre service." in page
    assert client.post("/organisation/centres/nouveau/", {**CENTRE, "nom": b.equipe.centre.nom}).status_code == 302


def test_une_equipe_ne_peut_pas_etre_rattachee_au_centre_d_un_autre_service(a, b):
    avant = compter(Equipe, a.service)
    page = a.client(Role.DIRECTEUR).post("/organisation/equipes/nouvelle/", {
        "nom": "UST pirate", "centre": b.equipe.centre_id}).content.decode()
    assert "Sélectionnez un choix valide" in page
    assert compter(Equipe, a.service) == avant
    assert b.equipe.centre.nom not in page  # B's centres are not even offered


def png():
    from io import BytesIO

    from PIL import Image

    tampon = BytesIO()
    Image.new("RGB", (40, 20), "teal").save(tampon, "PNG")
    return tampon.getvalue()


def test_modifier_le_profil_du_service_et_son_logo(a, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client = a.client(Role.DIRECTEUR)
    reponse = client.post("/organisation/service/", {
        "nom": "STP Vaucluse", "adresse": "1 rue X", "code_postal": "84000", "ville": "Avignon",
        "logo": SimpleUploadedFile("logo.png", png(), content_type="image/png")})
    assert reponse.status_code == 302
    page = client.get("/organisation/").content.decode()
    assert "STP Vaucluse" in page and 'class="logo-service"' in page


def test_un_logo_qui_n_est_pas_une_image_est_refuse(a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = a.client(Role.DIRECTEUR).post("/organisation/service/", {
        "nom": "STP", "logo": SimpleUploadedFile("logo.png", b"pas une image")}).content.decode()
    assert "Transférez une image valide" in page


def lien_d_invitation(message):
    return re.search(r"http://testserver(/comptes/mot-de-passe/nouveau/\S+)", message.body).group(1)


def test_inviter_une_nouvelle_personne(a):
    client = a.client(Role.DIRECTEUR)
    reponse = client.post("/organisation/personnel/nouveau/", {
        "email": "Lea.Roux@Exemple.fr", "prenom": "Léa", "nom": "Roux", "role": Role.IPRP,
        "specialite": "toxicologue", "centre": a.equipe.centre_id, "equipe": a.equipe.pk})
    assert reponse.status_code == 302
    with scopes_disabled():
        rattachement = Rattachement.objects.get(tenant=a.service, utilisateur__email="lea.roux@exemple.fr")
    assert rattachement.role == Role.IPRP and not rattachement.utilisateur.has_usable_password()
    [message] = mail.outbox
    assert message.to == ["lea.roux@exemple.fr"] and "IPRP" in message.body
    invitee = Client()
    url = invitee.get(lien_d_invitation(message), follow=True).redirect_chain[-1][0]
    invitee.post(url, {"new_password1": "Toxico-logue-2026", "new_password2": "Toxico-logue-2026"})
    assert invitee.login(username="lea.roux@exemple.fr", password="Toxico-logue-2026")
    assert invitee.get("/accueil/").status_code == 200


def test_inviter_une_personne_qui_travaille_deja_ailleurs_reutilise_son_compte(a, b):
    medecin_b = b.membres[Role.MEDECIN].utilisateur
    a.client(Role.DIRECTEUR).post("/organisation/personnel/nouveau/", {
        "email": medecin_b.email, "prenom": "X", "nom": "Y", "role": Role.MEDECIN, "equipe": a.equipe.pk})
    assert Utilisateur.objects.filter(email=medecin_b.email).count() == 1
    with scopes_disabled():
        assert Rattachement.objects.filter(utilisateur=medecin_b).count() == 2
    [message] = mail.outbox
    assert "Connectez-vous avec votre compte habituel" in message.body and "mot-de-passe" not in message.body


@pytest.mark.parametrize(("donnees", "message"), [
    ({"role": Role.IPRP}, "Indiquez la spécialité de l&#x27;IPRP."),
    ({"role": Role.DIRECTEUR, "specialite": "ergonome"}, "Seuls les IPRP ont une spécialité."),
    ({"role": Role.INFIRMIER}, "Un médecin ou un infirmier doit appartenir à une équipe."),
    ({"role": Role.ADHERENT}, "Sélectionnez un choix valide"),
    ({"role": Role.COMPTABLE, "email": "pas-un-email"}, "Saisissez une adresse e-mail valide."),
])
def test_invitation_invalide(a, donnees, message):
    avant = compter(Rattachement, a.service)
    page = a.client(Role.DIRECTEUR).post("/organisation/personnel/nouveau/", {
        "email": "nouveau@exemple.fr", "prenom": "N", "nom": "N", **donnees}).content.decode()
    assert message in page
    assert compter(Rattachement, a.service) == avant and mail.outbox == []


def test_on_n_invite_pas_deux_fois_la_meme_personne(a):
    page = a.client(Role.DIRECTEUR).post("/organisation/personnel/nouveau/", {
        "email": a.membres[Role.IPRP].utilisateur.email.upper(), "prenom": "N", "nom": "N",
        "role": Role.COMPTABLE}).content.decode()
    assert "Cette personne fait déjà partie de votre service." in page


def test_l_equipe_doit_dependre_du_centre_choisi(a):
    autre_centre = Centre.objects.create(tenant=a.service, nom="Apt")
    page = a.client(Role.DIRECTEUR).post(f"/organisation/personnel/{a.membres[Role.INFIRMIER].pk}/", {
        "role": Role.INFIRMIER, "centre": autre_centre.pk, "equipe": a.equipe.pk, "actif": "on"}).content.decode()
    assert f"L&#x27;équipe {a.equipe} dépend du centre {a.equipe.centre}, pas de Apt." in page


def test_desactiver_un_rattachement_coupe_l_acces(a):
    infirmier = a.membres[Role.INFIRMIER]
    a.client(Role.DIRECTEUR).post(f"/organisation/personnel/{infirmier.pk}/", {
        "role": Role.INFIRMIER, "centre": a.equipe.centre_id, "equipe": a.equipe.pk})  # "actif" unchecked
    client = Client()
    connecter(client, infirmier.utilisateur)
    assert client.get("/accueil/").status_code == 403


def test_les_comptes_du_portail_ne_se_gerent_pas_ici(a):
    assert a.client(Role.DIRECTEUR).get(f"/organisation/personnel/{a.membres[Role.ADHERENT].pk}/").status_code == 404
