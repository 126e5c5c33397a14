"""Online adhesion end to end: apply on the public page, member services correct and accept (or
refuse with a reason), the employer activates the portal with a single-use link that expires."""

import re

import pytest
from django.core import mail
from django.test import Client
from django_scopes import scopes_disabled

from adherents.models import AccesPortail, Adherent, Contact, DemandeAdhesion, EtapeAdherent, StatutDemande
from spsti.models import Alerte
from spsti.permissions import Role
from spsti.tasks import balayer_alertes_service

DEMANDE = {"siret": "732 829 320 00074", "raison_sociale": "Boulangerie Ménard", "code_naf": "1071C",
           "adresse": "3 rue des Lices", "code_postal": "84000", "ville": "Avignon", "effectif": "6",
           "contact_prenom": "Jeanne", "contact_nom": "Ménard", "contact_email": "jeanne@menard.fr",
           "contact_telephone": "06 12 34 56 78"}


def demandes(service):
    with scopes_disabled():
        return list(DemandeAdhesion.objects.filter(tenant=service))


def postuler(service, **changements):
    return Client().post(f"/portail/adhesion/{service.pk}/", {**DEMANDE, **changements})


def test_une_entreprise_postule_sans_compte(a, b):
    assert Client().get(f"/portail/adhesion/{a.service.pk}/").status_code == 200
    reponse = postuler(a.service)
    assert reponse.url == f"/portail/adhesion/{a.service.pk}/envoyee/"
    [demande] = demandes(a.service)
    assert (demande.siret, demande.code_naf_id, demande.statut) == ("73282932000074", "10.71C", "en_attente")
    assert demandes(b.service) == []
    balayer_alertes_service.delay(a.service.pk)
    with scopes_disabled():
        assert Alerte.objects.filter(source="demande_adhesion_a_traiter", role=Role.SERVICE_ADHERENT).count() == 1


@pytest.mark.parametrize(("changements", "message"), [
    ({"siret": "73282932000075"}, "La clé de contrôle du SIRET est invalide."),
    ({"code_naf": "9999Z"}, "n&#x27;est pas un code NAF rév. 2"),
    ({"contact_email": "jeanne"}, "Saisissez une adresse e-mail valide."),
    ({"contact_telephone": "123"}, "Numéro de téléphone invalide"),
    ({"effectif": "-1"}, "supérieure ou égale à 0"),
])
def test_une_demande_incomplete_ou_fausse_est_expliquee(a, changements, message):
    page = postuler(a.service, **changements).content.decode()
    assert message in page and "rien n'a été envoyé" in page
    assert demandes(a.service) == []


def test_une_entreprise_deja_adherente_ou_deja_en_attente(a):
    page = postuler(a.service, siret=a.adherent.siren + "00017").content.decode()
    assert "Cette entreprise est déjà adhérente du service" in page
    postuler(a.service)
    assert "déjà en cours d&#x27;examen" in postuler(a.service).content.decode()


def lien(message):
    return re.search(r"http://testserver(/portail/activation/\S+)", message.body).group(1)


def test_acceptation_activation_et_trajectoire(a, django_capture_on_commit_callbacks):
    postuler(a.service)
    [demande] = demandes(a.service)
    client = a.client(Role.SERVICE_ADHERENT)
    with django_capture_on_commit_callbacks(execute=True):  # the e-mail leaves once the acceptance is committed
        reponse = client.post(f"/adherents/demandes/{demande.pk}/", {
            **DEMANDE, "raison_sociale": "Boulangerie Ménard SARL", "action": "accepter"})
    with scopes_disabled():
        adherent = Adherent.objects.get(tenant=a.service, siren="732829320")
        assert reponse.url == f"/adherents/{adherent.pk}/"
        assert adherent.raison_sociale == "Boulangerie Ménard SARL"
        # the figure of the application goes on the head office; the headcount awaits the declaration
        assert adherent.etablissements.get().effectif == 6 and adherent.effectif == 0
        assert Contact.objects.get(adherent=adherent).email == "jeanne@menard.fr"
        assert AccesPortail.objects.get(adherent=adherent).rattachement.utilisateur.email == "jeanne@menard.fr"
        assert EtapeAdherent.objects.filter(adherent=adherent).count() == 5
    [message] = mail.outbox
    assert message.to == ["jeanne@menard.fr"] and "adhésion est acceptée" in message.subject

    employeur = Client()
    url = employeur.get(lien(message), follow=True).redirect_chain[-1][0]
    employeur.post(url, {"new_password1": "Pain-au-levain-84", "new_password2": "Pain-au-levain-84"})
    assert employeur.login(username="jeanne@menard.fr", password="Pain-au-levain-84")
    assert "Boulangerie Ménard SARL" in employeur.get("/portail/").content.decode()

    deuxieme = Client().get(lien(message), follow=True).content.decode()
    assert "Ce lien d'activation n'est plus valable" in deuxieme  # single use


def test_le_lien_d_activation_expire(a, settings, django_capture_on_commit_callbacks):
    postuler(a.service)
    [demande] = demandes(a.service)
    with django_capture_on_commit_callbacks(execute=True):
        a.client(Role.SERVICE_ADHERENT).post(f"/adherents/demandes/{demande.pk}/", {**DEMANDE, "action": "accepter"})
    settings.PASSWORD_RESET_TIMEOUT = -1  # every link is past its validity
    page = Client().get(lien(mail.outbox[0]), follow=True).content.decode()
    assert "Ce lien d'activation n'est plus valable" in page


def test_refus_avec_motif(a, django_capture_on_commit_callbacks):
    postuler(a.service)
    [demande] = demandes(a.service)
    client = a.client(Role.SERVICE_ADHERENT)
    page = client.post(f"/adherents/demandes/{demande.pk}/", {**DEMANDE, "action": "refuser"}).content.decode()
    assert "Indiquez le motif du refus" in page and demandes(a.service)[0].statut == StatutDemande.EN_ATTENTE
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/adherents/demandes/{demande.pk}/", {**DEMANDE, "action": "refuser",
                                                            "motif_refus": "Établissement hors de notre secteur."})
    refusee = demandes(a.service)[0]
    assert refusee.statut == StatutDemande.REFUSEE
    assert refusee.traitee_par == a.membres[Role.SERVICE_ADHERENT].utilisateur
    assert "hors de notre secteur" in mail.outbox[0].body
    assert client.post(f"/adherents/demandes/{demande.pk}/", {**DEMANDE, "action": "accepter"}).status_code == 200
    with scopes_disabled():
        assert not Adherent.objects.filter(siren="732829320").exists()


def test_un_service_inconnu_ou_inactif_n_a_pas_de_page_d_adhesion(a):
    a.service.actif = False
    a.service.save()
    assert Client().get(f"/portail/adhesion/{a.service.pk}/").status_code == 404
    assert Client().get("/portail/adhesion/999999/").status_code == 404
