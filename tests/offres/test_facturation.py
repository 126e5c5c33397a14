"""Invoices: gap-free numbering per service and year, immutability (ORM and database), credit
notes instead of changes, payments and balance, the yearly call run twice, no-show fees."""

from datetime import date, datetime, timedelta
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.utils import timezone

from adherents.models import Emploi
from offres import selectors, services
from offres.models import AppelCotisation, Facture, FraisAbsence, GrilleTarifaire, StatutFrais
from spsti.permissions import Role
from spsti.tenancy import service_actif
from suivi_individuel.models import StatutVisite, Visite
from tests.factories import AdherentFactory, SalarieFactory

from .outils import grille_socle, offre_cotisation


def une_facture(monde, montant="100.00", emise_le=date(2026, 3, 1)):
    return services.facture_emettre(
        adherent=monde.adherent, par=monde.membres[Role.COMPTABLE].utilisateur, objet="Prestation",
        emise_le=emise_le, lignes=[services.Ligne("Prestation", D(1), D(montant), D("20.00"))])


def test_numeros_sequentiels_sans_trou_par_service_et_par_annee_CGI_242_nonies_A(a, b):
    with service_actif(a.service):
        numeros = [une_facture(a).numero for _ in range(3)]
        avoir = services.avoir_emettre(facture=Facture.objects.get(numero=numeros[0]), motif="Erreur de quantité",
                                       par=a.membres[Role.COMPTABLE].utilisateur, emise_le=date(2026, 3, 2))
        suivante = une_facture(a, emise_le=date(2027, 1, 5)).numero
    with service_actif(b.service):
        chez_b = une_facture(b).numero
    assert numeros + [avoir.numero] == ["2026-000001", "2026-000002", "2026-000003", "2026-000004"]
    assert suivante == "2027-000001"  # a new year starts again at 1
    assert chez_b == "2026-000001"    # each service its own sequence


def test_une_facture_emise_ne_se_modifie_ni_ne_se_supprime(a):
    with service_actif(a.service):
        facture = une_facture(a)
        facture.montant_ht = D("1")
        with pytest.raises(PermissionDenied):
            facture.save()
        with pytest.raises(PermissionDenied):
            facture.delete()
        with pytest.raises(PermissionDenied):
            Facture.objects.filter(pk=facture.pk).update(montant_ht=1)
        # even a raw query is refused by the database trigger
        for sql in ["UPDATE offres_facture SET montant_ht = 1 WHERE id = %s",
                    "DELETE FROM offres_lignefacture WHERE facture_id = %s"]:
            with pytest.raises(DatabaseError, match="avoir"), transaction.atomic(), connection.cursor() as curseur:
                curseur.execute(sql, [facture.pk])
        assert Facture.objects.get(pk=facture.pk).montant_ht == D("100.00")


def test_un_avoir_corrige_la_facture_au_lieu_de_la_changer(a):
    comptable = a.membres[Role.COMPTABLE].utilisateur
    with service_actif(a.service):
        facture = une_facture(a)
        assert selectors.solde_adherent(a.adherent) == D("120.00")
        with pytest.raises(ValidationError):
            services.avoir_emettre(facture=facture, motif=" ", par=comptable)
        avoir = services.avoir_emettre(facture=facture, motif="Prestation non réalisée", par=comptable)
        assert (avoir.nature, avoir.montant_ttc, avoir.facture_origine) == ("avoir", D("120.00"), facture)
        assert selectors.solde_adherent(a.adherent) == 0
        assert selectors.reste_du(facture) == 0
        with pytest.raises(ValidationError):
            services.avoir_emettre(facture=facture, motif="encore", par=comptable)
        assert Facture.objects.get(pk=facture.pk).montant_ttc == D("120.00")  # the invoice itself unchanged


def test_paiements_partiels_et_solde(a):
    comptable = a.membres[Role.COMPTABLE].utilisateur
    with service_actif(a.service):
        facture = une_facture(a)
        services.paiement_enregistrer(facture=facture, montant=D("50.00"), mode="cheque", par=comptable)
        assert selectors.reste_du(facture) == D("70.00")
        with pytest.raises(ValidationError, match="reste dû"):
            services.paiement_enregistrer(facture=facture, montant=D("70.01"), mode="virement", par=comptable)
        assert selectors.impaye(a.adherent, date(2026, 12, 1))  # due 31 March, 70 € still owed
        services.paiement_enregistrer(facture=facture, montant=D("70.00"), mode="virement", par=comptable)
        assert selectors.solde_adherent(a.adherent) == 0
        assert not selectors.impaye(a.adherent, date(2026, 12, 1))


def test_une_grille_socle_hors_fourchette_est_refusee_sans_decision_d_ag_D4622_27_5(a):
    with service_actif(a.service):
        grille = GrilleTarifaire(tenant=a.service, offre=offre_cotisation(a.service), annee=2026,
                                 mode="par_salarie", prix=D("150.00"))
        with pytest.raises(ValidationError, match="D4622-27-4"):
            grille.full_clean()
        grille.decision_ag_hors_bande = "AG du 10/12/2025 : campagne de métrologie exceptionnelle"
        grille.full_clean()
        grille.prix_categories, grille.mode, grille.decision_ag_hors_bande = {"SI": "100", "SIR": "145"}, \
            "par_categorie", ""
        with pytest.raises(ValidationError, match="D4622-27-4"):  # each category's price is checked
            grille.full_clean()


def monde_de_declarations(a):
    """Four workers at 31 January 2026: one part-time-ish, one shared with another member
    (D4624-65), one gone before the date, one hired after it."""
    autre = AdherentFactory(equipe=a.equipe, tenant=a.service, centre=a.equipe.centre, date_adhesion=date(2025, 6, 1))
    partage = SalarieFactory(adherent=a.adherent, tenant=a.service, categorie="SIR")
    Emploi.objects.create(tenant=a.service, salarie=partage, adherent=autre, date_embauche=date(2024, 1, 1))
    parti = SalarieFactory(adherent=a.adherent, tenant=a.service)
    Emploi.tous_services.filter(salarie=parti).update(date_sortie=date(2026, 1, 15))
    tard = SalarieFactory(adherent=autre, tenant=a.service)
    Emploi.tous_services.filter(salarie=tard).update(date_embauche=date(2026, 2, 2))
    return autre


def test_l_appel_annuel_deux_fois_ne_double_rien_et_ses_totaux_sont_la_grille_appliquee(a, b):
    autre = monde_de_declarations(a)
    with service_actif(a.service):
        grille_socle(a.service, prix="110.00", droit_entree="50.00")
        apercu = selectors.apercu_appel(2026)
        par_adherent = {ligne.adherent.pk: ligne for ligne in apercu.lignes}
        # a.adherent: its worker (1) + half the shared one; autre: the other half (+ entry fee, joined in 2025)
        assert par_adherent[a.adherent.pk].effectif == D("1.5")
        assert par_adherent[autre.pk].effectif == D("0.5")
        assert par_adherent[a.adherent.pk].montant_ht == D("165.00")
        assert par_adherent[autre.pk].montant_ht == D("55.00") + D("50.00")
        appel = AppelCotisation.objects.create(tenant=a.service, annee=2026,
                                               lance_par=a.membres[Role.COMPTABLE].utilisateur)
        assert services.appel_emettre(appel, emise_le=date(2026, 2, 15)) == 2
        assert services.appel_emettre(appel, emise_le=date(2026, 2, 16)) == 0  # the second run: nothing more
        factures = Facture.objects.filter(appel=appel)
        assert factures.count() == 2
        assert sum(f.montant_ht for f in factures) == apercu.total_ht == D("2") * D("110.00") + D("50.00")
        assert sum(f.montant_ttc for f in factures) == D("324.00")
        assert AppelCotisation.objects.get(pk=appel.pk).emises == 2
    with service_actif(b.service):
        assert Facture.objects.count() == 0


def test_l_appel_attend_une_grille_approuvee_par_l_ag_L4622_6(a):
    with service_actif(a.service):
        assert "Aucune grille" in selectors.apercu_appel(2026).erreur
        grille = grille_socle(a.service)
        GrilleTarifaire.objects.filter(pk=grille.pk).update(date_approbation_ag=None)
        assert "assemblée générale" in selectors.apercu_appel(2026).erreur


def test_frais_d_absence_proposes_puis_confirmes_ou_abandonnes_avec_motif(a):
    comptable = a.membres[Role.COMPTABLE].utilisateur
    aujourd_hui = timezone.localdate()
    debut = timezone.make_aware(datetime.combine(aujourd_hui - timedelta(days=3), datetime.min.time().replace(hour=9)))
    medecin = a.membres[Role.MEDECIN]
    with service_actif(a.service):
        absente = Visite.objects.create(tenant=a.service, salarie=a.salarie, type="vip_periodique",
                                        statut=StatutVisite.ABSENTE, debut=debut, professionnel=medecin)
        excusee_tot = Visite.objects.create(tenant=a.service, salarie=a.salarie, type="vip_periodique",
                                            statut=StatutVisite.PLANIFIEE, debut=debut, professionnel=medecin)
        historique = excusee_tot.history.first()
        excusee_tot.statut = StatutVisite.EXCUSEE
        excusee_tot.save()
        # excused a week ahead: backdate the status change in the history
        excusee_tot.history.filter(statut=StatutVisite.EXCUSEE).update(history_date=debut - timedelta(days=7))
        assert historique is not None
        assert services.frais_absence_proposer(a.service, aujourd_hui) == 1
        assert services.frais_absence_proposer(a.service, aujourd_hui) == 0
        frais = FraisAbsence.objects.get()
        assert frais.visite == absente and frais.montant == D("80.00")
        with pytest.raises(ValidationError):
            services.frais_absence_decider(frais=frais, confirmer=False, motif="", par=comptable)
        services.frais_absence_decider(frais=frais, confirmer=True, motif="", par=comptable)
        frais.refresh_from_db()
        assert frais.statut == StatutFrais.CONFIRMES and frais.facture.montant_ttc == D("96.00")


def test_l_affiliation_d_un_independant_ne_se_renouvelle_que_par_un_acte_explicite_D4622_27_3(a):
    with service_actif(a.service):
        premiere = services.affiliation_creer(adherent=a.adherent, debut=date(2025, 3, 1))
        assert (premiere.fin, premiere.en_cours(date(2026, 2, 28)), premiere.en_cours(date(2026, 3, 1))) == (
            date(2026, 2, 28), True, False)  # at least one year, then over: nothing renews it by itself
        seconde = services.affiliation_renouveler(affiliation=premiere)
        assert (seconde.debut, seconde.fin, seconde.renouvelle) == (date(2026, 3, 1), date(2027, 2, 28), premiere)
        premiere.refresh_from_db()
        with pytest.raises(ValidationError):
            services.affiliation_renouveler(affiliation=premiere)


def test_les_impayes_echus_comptent_ce_qui_reste_du_apres_paiements_et_avoirs(a):
    """One rule for what is still owed (the database computes it): an invoice partly paid owes
    the rest, one cancelled by a credit note owes nothing, one not yet due is not overdue — on the
    indicator, the accounting home and the list of overdue invoices alike."""
    from indicateurs.registre import INDICATEURS, Periode

    comptable = a.membres[Role.COMPTABLE].utilisateur
    with service_actif(a.service):
        partielle, annulee = une_facture(a), une_facture(a, montant="50.00")
        a_venir = une_facture(a, emise_le=date(2026, 11, 20))
        services.paiement_enregistrer(facture=partielle, montant=D("50.00"), mode="cheque", par=comptable)
        services.avoir_emettre(facture=annulee, motif="Prestation non réalisée", par=comptable)
        assert a_venir.echeance >= date(2026, 12, 1)
        assert INDICATEURS["impayes_echus"].valeur(Periode(date(2026, 1, 1), date(2026, 12, 1))).numerateur == 70
        assert list(selectors.factures_echues(date(2026, 12, 1))) == [partielle]
    client = a.client(Role.COMPTABLE)
    assert "1 facture échue non réglée" in client.get("/offres/").content.decode()
    liste = client.get("/offres/factures/?echues=1").content.decode()
    assert partielle.numero in liste and annulee.numero not in liste and "70,00 €" in liste
