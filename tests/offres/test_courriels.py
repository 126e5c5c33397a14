"""Invoice e-mails and reminders: an issued invoice, a credit note and each reminder step go to
the member's billing contact with the PDF, through the outbox (recorded in the transaction that
issues the invoice, delivered once); the yearly call records its e-mails by batch; reminder
letters as PDF (J+7, J+30, J+60 after the due date)."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core import mail

from adherents.models import AccesPortail, Contact, RoleContact, RolePortail
from offres import rules, services
from offres.models import AppelCotisation, Facture
from offres.tasks import facturation_quotidienne
from spsti.effets import livrer, rattraper_effets
from spsti.models import EffetDiffere, StatutEffet
from spsti.permissions import Role
from spsti.tenancy import service_actif

from .outils import grille_socle, une_facture


def _contact_facturation(monde, email="compta@entreprise.fr"):
    with service_actif(monde.service):
        Contact.objects.create(tenant=monde.service, adherent=monde.adherent, role=RoleContact.FACTURATION,
                               nom="Comptabilité", email=email)


def _livrer_tout(monde):
    with service_actif(monde.service):
        ids = list(EffetDiffere.objects.filter(statut=StatutEffet.A_FAIRE).values_list("pk", flat=True))
    for effet_id in ids:
        assert livrer(effet_id) == StatutEffet.FAIT


@pytest.mark.parametrize(("jour", "rang"), [
    (date(2026, 4, 6), None),  # due 31 March: J+6, nothing yet
    (date(2026, 4, 7), 1),  # J+7: first reminder
    (date(2026, 4, 30), 2),  # J+30
    (date(2026, 5, 29), 2),
    (date(2026, 5, 30), 3),  # J+60: formal notice (Code civil 1344), before recovery (L441-10, D441-5)
    (date(2027, 1, 1), 3),
])
def test_l_etape_de_relance_est_la_derniere_atteinte(jour, rang):
    assert rules.etape_relance(date(2026, 3, 31), jour) == rang


def test_la_facture_emise_part_par_courriel_au_contact_facturation_avec_son_factur_x(a):
    _contact_facturation(a)
    facture = une_facture(a)
    with service_actif(a.service):
        effet = EffetDiffere.objects.get(genre="facture_envoyer")
        assert effet.cle == f"facture:{facture.pk}" and effet.donnees == {"facture_id": facture.pk}
    _livrer_tout(a)
    (courriel,) = mail.outbox
    assert courriel.to == ["compta@entreprise.fr"] and facture.numero in courriel.subject
    assert "À régler au plus tard le 31/03/2026" in courriel.body
    nom, contenu, type_mime = courriel.attachments[0]
    assert nom == f"facture-{facture.numero}.pdf" and type_mime == "application/pdf"
    from facturx import get_xml_from_pdf

    assert b"urn:cen.eu:en16931:2017" in get_xml_from_pdf(contenu, check_xsd=True)[1]


def test_sans_contact_facturation_l_employeur_recoit_et_l_avoir_part_aussi(a):
    with service_actif(a.service):
        Contact.objects.create(tenant=a.service, adherent=a.adherent, role=RoleContact.EMPLOYEUR, nom="Dupont",
                               email="Patron@Entreprise.fr")
        AccesPortail.objects.filter(adherent=a.adherent).update(role=RolePortail.DECLARATION)
    facture = une_facture(a)
    with service_actif(a.service):
        avoir = services.avoir_emettre(facture=facture, motif="Erreur de quantité",
                                       par=a.membres[Role.COMPTABLE].utilisateur, emise_le=date(2026, 3, 2))
    _livrer_tout(a)
    assert [c.to for c in mail.outbox] == [["patron@entreprise.fr"]] * 2
    assert {c.attachments[0][0] for c in mail.outbox} == {f"facture-{facture.numero}.pdf", f"avoir-{avoir.numero}.pdf"}


def test_l_utilisateur_du_portail_contact_facturation_recoit_les_factures(a):
    with service_actif(a.service):
        acces = AccesPortail.objects.get(adherent=a.adherent)
        AccesPortail.objects.filter(pk=acces.pk).update(role=RolePortail.FACTURATION)
    une_facture(a)
    _livrer_tout(a)
    assert mail.outbox[0].to == [acces.rattachement.utilisateur.email.lower()]


def test_l_appel_annuel_enregistre_ses_courriels_par_lot_livres_par_le_rattrapage(a):
    _contact_facturation(a)
    with service_actif(a.service):
        grille_socle(a.service)
        appel = AppelCotisation.objects.create(tenant=a.service, annee=2026,
                                               lance_par=a.membres[Role.COMPTABLE].utilisateur)
        assert services.appel_emettre(appel, emise_le=date(2026, 2, 15)) == 1
        assert services.appel_emettre(appel, emise_le=date(2026, 2, 15)) == 0
        facture = Facture.objects.get()
        assert EffetDiffere.objects.filter(genre="facture_envoyer", cle=f"facture:{facture.pk}").count() == 1
    assert mail.outbox == []  # nothing inline: the catch-up delivers
    rattraper_effets()
    assert len(mail.outbox) == 1 and "Cotisation 2026" in mail.outbox[0].body


def test_les_relances_partent_une_fois_par_etape_avec_leur_courrier(a, django_capture_on_commit_callbacks):
    _contact_facturation(a)
    facture = une_facture(a)  # 324 € TTC due 31 March 2026
    _livrer_tout(a)
    mail.outbox.clear()
    for jour in ["2026-04-06", "2026-04-08", "2026-04-09"]:
        with django_capture_on_commit_callbacks(execute=True):
            facturation_quotidienne.delay(a.service.pk, jour)
    (courriel,) = mail.outbox
    assert "rappel de facture impayée" in courriel.subject and "324,00 €" in courriel.body
    assert [piece[0] for piece in courriel.attachments] == [f"relance-1-{facture.numero}.pdf",
                                                            f"facture-{facture.numero}.pdf"]
    assert courriel.attachments[0][1].startswith(b"%PDF")
    with service_actif(a.service):
        services.paiement_enregistrer(facture=facture, montant=D("100.00"), mode="virement",
                                      par=a.membres[Role.COMPTABLE].utilisateur, date_paiement=date(2026, 4, 10))
    with django_capture_on_commit_callbacks(execute=True):
        facturation_quotidienne.delay(a.service.pk, "2026-06-15")  # J+76: straight to the formal notice
    assert "mise en demeure de payer" in mail.outbox[1].subject and "224,00 €" in mail.outbox[1].body
    page = a.client(Role.COMPTABLE).get(f"/offres/factures/{facture.pk}/").content.decode()
    assert "Rappel de facture impayée" in page and "Mise en demeure de payer" in page
    assert "envoyée par e-mail au contact facturation" in page


def test_une_facture_soldee_entre_temps_n_est_pas_relancee(a):
    _contact_facturation(a)
    facture = une_facture(a)
    _livrer_tout(a)
    mail.outbox.clear()
    with service_actif(a.service):
        assert services.relances_differer(a.service, date(2026, 4, 8)) == 1
        services.paiement_enregistrer(facture=facture, montant=D("324.00"), mode="cheque",
                                      par=a.membres[Role.COMPTABLE].utilisateur, date_paiement=date(2026, 4, 8))
    _livrer_tout(a)
    assert mail.outbox == []
    with service_actif(a.service):
        assert services.relances_differer(a.service, date(2026, 5, 8)) == 0


def test_le_courrier_de_relance_a_imprimer_est_reserve_a_la_comptabilite(a):
    facture = une_facture(a)
    pdf = a.client(Role.COMPTABLE).get(f"/offres/factures/{facture.pk}/relance/3/")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert a.client(Role.COMPTABLE).get(f"/offres/factures/{facture.pk}/relance/4/").status_code == 404
    assert a.client(Role.SERVICE_ADHERENT).get(f"/offres/factures/{facture.pk}/relance/1/").status_code == 403
