"""Billing through its pages: the yearly call issued twice from its page, a request from the
portal to the invoice, the portal's own invoices only, the public offers page, the SEPA file,
bad input refused in French with nothing changed."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.test import Client

from offres.models import AppelCotisation, DemandeOffre, Facture, MandatSEPA, Paiement
from spsti.models import Alerte
from spsti.permissions import Role
from spsti.tenancy import service_actif
from tests.factories import AccesPortailFactory, AdherentFactory

from .outils import grille_socle, offre_complementaire, une_demande_offre, une_facture


def test_l_appel_s_emet_depuis_sa_page_et_une_seconde_emission_ne_double_rien(
        a, django_capture_on_commit_callbacks):
    with service_actif(a.service):
        grille_socle(a.service, prix="110.00")
    comptable = a.client(Role.COMPTABLE)
    page = comptable.get("/offres/appels/2026/").content.decode()
    assert "110,00 €" in page and "D4624-65" in page and "L4622-6" in page
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            assert comptable.post("/offres/appels/2026/").status_code == 302
    with service_actif(a.service):
        assert Facture.objects.count() == 1  # a single member with one worker at 31 January
        assert Facture.objects.get().montant_ht == D("110.00")
        assert AppelCotisation.objects.get().statut == "termine"
    assert "Émis" in comptable.get("/offres/appels/2026/progression/").content.decode()


def test_sans_grille_approuvee_l_appel_ne_part_pas(a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reponse = a.client(Role.COMPTABLE).post("/offres/appels/2026/", follow=True)
    assert "Aucune grille de cotisation" in reponse.content.decode()
    with service_actif(a.service):
        assert not AppelCotisation.objects.exists()


def test_de_la_demande_du_portail_a_la_facture(a, django_capture_on_commit_callbacks):
    with service_actif(a.service):
        offre = offre_complementaire(a.service)
        offre.role_responsable = Role.IPRP
        offre.save()
    employeur = a.client(Role.ADHERENT)
    vide = employeur.post(f"/portail/entreprises/{a.adherent.pk}/offres/demander/", {"offre": offre.pk})
    assert "Ce champ est obligatoire" in vide.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        reponse = employeur.post(f"/portail/entreprises/{a.adherent.pk}/offres/demander/",
                                 {"offre": offre.pk, "besoin": "Tensions entre deux équipes de l'atelier"})
    assert reponse.status_code == 302
    with service_actif(a.service):
        demande = DemandeOffre.objects.get()
        alerte = Alerte.objects.get(source="demande_offre_a_traiter")
        assert alerte.role == Role.IPRP
    # the IPRP who delivers it, not a physician
    assert a.client(Role.MEDECIN).get(f"/offres/demandes/{demande.pk}/").status_code == 404
    iprp = a.client(Role.IPRP)
    assert iprp.post(f"/offres/demandes/{demande.pk}/", {"statut": "realisee", "quantite": "3", "seances": "2",
                                                         "realisee_le": "2026-03-10"}).status_code == 302
    assert a.client(Role.IPRP).post(f"/offres/demandes/{demande.pk}/facturer/").status_code == 403
    a.client(Role.COMPTABLE).post(f"/offres/demandes/{demande.pk}/facturer/")
    with service_actif(a.service):
        demande.refresh_from_db()
        assert demande.statut == "facturee" and demande.facture.montant_ht == D("270.00")
    portail = employeur.get(f"/portail/entreprises/{a.adherent.pk}/offres/").content.decode()
    assert demande.facture.numero in portail and "324,00 €" in portail and "Facturée" in portail
    pdf = employeur.get(f"/portail/entreprises/{a.adherent.pk}/offres/factures/{demande.facture.pk}/pdf/")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_le_portail_ne_voit_que_les_factures_de_ses_entreprises(a):
    autre = AdherentFactory(equipe=a.equipe, tenant=a.service, centre=a.equipe.centre)
    acces = AccesPortailFactory(adherent=autre, tenant=a.service, rattachement__tenant=a.service)
    facture = une_facture(a)
    client = Client()
    client.force_login(acces.rattachement.utilisateur)
    assert client.get(f"/portail/entreprises/{a.adherent.pk}/offres/factures/{facture.pk}/pdf/").status_code == 404
    assert client.get(f"/portail/entreprises/{autre.pk}/offres/factures/{facture.pk}/pdf/").status_code == 404
    assert facture.numero not in client.get(f"/portail/entreprises/{autre.pk}/offres/").content.decode()


def test_la_page_publique_des_offres_et_tarifs_L4622_16_1(a, b):
    with service_actif(a.service):
        grille_socle(a.service, prix="112.00", droit_entree="30.00")
        offre_complementaire(a.service, nom="Médiation", prix="95.00")
    page = Client().get(f"/offres/public/{a.service.pk}/").content.decode()
    for attendu in ["L4622-16-1", "Médiation", "95,00 € HT", "112,00 € HT", "droit d'entrée 30,00 €",
                    "approuvé par l'assemblée générale"]:
        assert attendu in page, attendu
    assert "Médiation" not in Client().get(f"/offres/public/{b.service.pk}/").content.decode()


def test_un_paiement_trop_eleve_est_refuse_en_francais_sans_rien_changer(a):
    facture = une_facture(a)
    reponse = a.client(Role.COMPTABLE).post(f"/offres/factures/{facture.pk}/paiement/", {
        "montant": "999", "mode": "cheque", "date": "2026-03-05"})
    assert "au plus le reste dû (324,00 €)" in reponse.content.decode()
    with service_actif(a.service):
        assert not Paiement.objects.exists()
    a.client(Role.COMPTABLE).post(f"/offres/factures/{facture.pk}/paiement/", {
        "montant": "124", "mode": "cheque", "date": "2026-03-05"})
    page = a.client(Role.SERVICE_ADHERENT).get(f"/offres/adherents/{a.adherent.pk}/").content.decode()
    assert "200,00 €" in page and "Impayé échu" in page  # due 31 March 2026, partly paid


def test_avoir_depuis_la_page_de_la_facture(a):
    facture = une_facture(a)
    sans_motif = a.client(Role.COMPTABLE).post(f"/offres/factures/{facture.pk}/avoir/", {"motif": ""})
    assert "Ce champ est obligatoire" in sans_motif.content.decode()
    a.client(Role.COMPTABLE).post(f"/offres/factures/{facture.pk}/avoir/", {"motif": "Prestation annulée"})
    with service_actif(a.service):
        assert Facture.objects.filter(nature="avoir", facture_origine=facture).count() == 1


@pytest.mark.parametrize("role, statut", [(Role.COMPTABLE, 200), (Role.SERVICE_ADHERENT, 403), (Role.MEDECIN, 403)])
def test_fichier_de_prelevement_sepa_pain_008(a, role, statut):
    facture = une_facture(a)
    with service_actif(a.service):
        a.service.parametres = {"offres": {"iban": "FR7630006000011234567890189", "bic": "AGRIFRPP",
                                           "ics": "FR12ZZZ123456"}}
        a.service.save()
        MandatSEPA.objects.create(tenant=a.service, adherent=a.adherent, reference="RUM-0001",
                                  iban="FR7610107001011234567890129", bic="BREDFRPP", signe_le=date(2025, 1, 2))
    reponse = a.client(role).get("/offres/sepa/?echeance=2026-12-31")
    assert reponse.status_code == statut
    if statut == 200:
        xml = reponse.content.decode()
        assert "pain.008.001.02" in xml and "RUM-0001" in xml and "<InstdAmt Ccy=\"EUR\">324.00</InstdAmt>" in xml
        assert facture.numero in xml


def test_la_demande_d_un_autre_role_est_un_404_et_le_comptable_ne_voit_rien_de_medical(a):
    demande = une_demande_offre(a)
    assert a.client(Role.IPRP).get(f"/offres/demandes/{demande.pk}/").status_code == 200
    assert a.client(Role.INFIRMIER).get(f"/offres/demandes/{demande.pk}/").status_code == 404
    comptable = a.client(Role.COMPTABLE)
    assert comptable.get(f"/suivi/salaries/{a.salarie.pk}/dossier-medical/").status_code == 403
    assert "Asthme" not in comptable.get(f"/offres/adherents/{a.adherent.pk}/").content.decode()


def test_la_fiche_adherent_montre_le_solde_et_l_impaye_a_qui_gere_les_offres(a):
    une_facture(a)  # due 31 March 2026, unpaid
    page = a.client(Role.SERVICE_ADHERENT).get(f"/adherents/{a.adherent.pk}/").content.decode()
    assert "Solde 324,00 €" in page and "impayé" in page
    assert "compte-adherent" not in a.client(Role.MEDECIN).get(f"/adherents/{a.adherent.pk}/").content.decode()
    portail = a.client(Role.ADHERENT).get(f"/portail/entreprises/{a.adherent.pk}/").content.decode()
    assert "Offres et factures" in portail
