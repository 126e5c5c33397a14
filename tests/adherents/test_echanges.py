"""What a member and its service exchange through the portal: contacts kept up to date,
messages answered, category changes proposed by the employer and decided by the team."""

import pytest
from django.core import mail
from django.test import Client
from django_scopes import scopes_disabled

from adherents.models import Contact, MessageAdherent, PropositionCategorie, Salarie
from spsti.models import Alerte
from spsti.permissions import Role
from spsti.tasks import balayer_alertes_service
from tests.connexion import connecter
from tests.factories import RattachementFactory, SalarieFactory


def test_l_employeur_tient_ses_contacts_a_jour(a):
    client = a.client(Role.ADHERENT)
    url = f"/portail/entreprises/{a.adherent.pk}/contacts/nouveau/"
    page = client.post(url, {"role": "rh", "nom": "Roux", "telephone": "12"}).content.decode()
    assert "Numéro de téléphone invalide" in page
    assert client.post(url, {"role": "rh", "nom": "Roux", "email": "rh@entreprise.fr"}).status_code == 302
    with scopes_disabled():
        contact = Contact.objects.get(adherent=a.adherent)
    reponse = client.post(f"/portail/entreprises/{a.adherent.pk}/contacts/{contact.pk}/",
                          {"role": "rh", "nom": "Roux", "email": "drh@entreprise.fr"})
    assert reponse.status_code == 302
    contact.refresh_from_db()
    assert contact.email == "drh@entreprise.fr"


def test_un_message_est_repondu(a, django_capture_on_commit_callbacks):
    portail = a.client(Role.ADHERENT)
    portail.post(f"/portail/entreprises/{a.adherent.pk}/message/",
                 {"objet": "Visite d'embauche", "texte": "Un nouveau salarié arrive lundi."})
    balayer_alertes_service.delay(a.service.pk)
    assert "message « Visite d&#x27;embauche » sans réponse" in a.client(Role.SERVICE_ADHERENT).get(
        "/alertes/").content.decode()
    with scopes_disabled():
        message = MessageAdherent.objects.get(adherent=a.adherent)
    with django_capture_on_commit_callbacks(execute=True):
        a.client(Role.SERVICE_ADHERENT).post(f"/adherents/{a.adherent.pk}/messages/{message.pk}/",
                                             {"reponse": "Prenez rendez-vous au 04 90 00 00 00."})
    assert mail.outbox[0].to == [a.membres[Role.ADHERENT].utilisateur.email]
    assert "Prenez rendez-vous" in portail.get(f"/portail/entreprises/{a.adherent.pk}/").content.decode()
    assert balayer_alertes_service.delay(a.service.pk).get()["closes"] == 1


def proposer(a, salarie, **donnees):
    return a.client(Role.ADHERENT).post(
        f"/portail/entreprises/{a.adherent.pk}/salaries/{salarie.pk}/categorie/",
        {"categorie": "SIR", "motifs_categorie": ["amiante"], "justification": "Désamiantage", **donnees})


@pytest.mark.parametrize(("donnees", "message"), [
    ({"motifs_categorie": []}, "Indiquez au moins un motif de SIR."),
    ({"categorie": "SIA"}, "Un motif de SIR place le salarié en SIR, pas en SIA."),
    ({"categorie": "SI", "motifs_categorie": []}, "C&#x27;est déjà la catégorie et les motifs de ce salarié."),
])
def test_une_proposition_incoherente_est_refusee(a, donnees, message):
    assert message in proposer(a, a.salarie, **donnees).content.decode()
    with scopes_disabled():
        assert not PropositionCategorie.objects.exists()


def test_l_employeur_ne_propose_que_pour_ses_salaries(a):
    autre = SalarieFactory(tenant=a.service, adherent=_autre_adherent(a))
    assert proposer(a, autre).status_code == 404
    assert proposer(a, a.salarie).status_code == 302


def _autre_adherent(a):
    from tests.factories import AdherentFactory

    return AdherentFactory(tenant=a.service, equipe=a.equipe, centre=a.equipe.centre)


def test_l_equipe_du_salarie_decide(a):
    assert proposer(a, a.salarie).status_code == 302
    with scopes_disabled():
        proposition = PropositionCategorie.objects.get()
    balayer_alertes_service.delay(a.service.pk)
    with scopes_disabled():
        alerte = Alerte.objects.get(source="proposition_categorie_a_decider")
    assert alerte.role == Role.MEDECIN and alerte.equipe == a.equipe
    url = f"/adherents/propositions/{proposition.pk}/"
    ailleurs = RattachementFactory(tenant=a.service, equipe=a.autre_equipe, role=Role.MEDECIN)
    client_ailleurs = Client()
    connecter(client_ailleurs, ailleurs.utilisateur)
    assert client_ailleurs.get(url).status_code == 403
    assert a.client(Role.SERVICE_ADHERENT).get(url).status_code == 403

    medecin = a.client(Role.MEDECIN)
    assert str(a.salarie) in medecin.get("/adherents/propositions/").content.decode()
    page = medecin.post(url, {"decision": "refuser"}, follow=True).content.decode()
    assert "Indiquez le motif du refus" in page
    medecin.post(url, {"decision": "accepter", "motif": "Exposition confirmée"})
    with scopes_disabled():
        salarie = Salarie.objects.get(pk=a.salarie.pk)
    assert (salarie.categorie, salarie.motifs_categorie) == ("SIR", ["amiante"])
    historique = medecin.get(f"/historique/adherents.salarie/{salarie.pk}/").content.decode()
    assert str(a.membres[Role.MEDECIN].utilisateur) in historique
    assert "SIR : acceptée" in a.client(Role.ADHERENT).get(f"/portail/entreprises/{a.adherent.pk}/").content.decode()


def test_les_documents_deposes_se_telechargent_au_back_office(a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from django.core.files.uploadedfile import SimpleUploadedFile

    contenu = (b"nom;prenom;date_naissance;sexe;nir;poste;code_pcs;date_embauche;date_sortie;categorie;motifs\n"
               b"Roux;Eva;01/02/1990;F;;Vendeuse;;01/01/2024;;SI;\n")
    portail = a.client(Role.ADHERENT)
    url = f"/portail/entreprises/{a.adherent.pk}/effectifs/deposer/"
    portail.post(url, {"fichier": SimpleUploadedFile("effectifs.csv", contenu)})
    portail.post(url, {"confirmer": "1"})
    onglet = a.client(Role.COMPTABLE).get(f"/adherents/{a.adherent.pk}/", {"onglet": "documents"}).content.decode()
    assert "Déclaration d&#x27;effectifs" in onglet or "Déclaration d'effectifs" in onglet
    from adherents.models import DeclarationEffectifs

    with scopes_disabled():
        declaration = DeclarationEffectifs.objects.get()
    fichier = a.client(Role.COMPTABLE).get(f"/adherents/declarations/{declaration.pk}/fichier/")
    assert b"".join(fichier.streaming_content) == contenu
