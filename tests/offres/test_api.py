"""The billing API: invoices read only, payments recorded through the service's rules,
another service's rows unreachable."""

from decimal import Decimal as D

from spsti.permissions import Role
from spsti.tenancy import service_actif

from .outils import une_demande_offre, une_facture


def test_factures_en_lecture_et_paiement_par_l_api(a, b):
    facture = une_facture(a)
    une_facture(b)
    comptable = a.client(Role.COMPTABLE)
    liste = comptable.get("/api/v1/factures/").json()
    assert [f["numero"] for f in liste["results"]] == [facture.numero]
    assert liste["results"][0]["reste_du"] == "324.00" and liste["results"][0]["lignes"][0]["quantite"] == "3.000"
    assert comptable.patch(f"/api/v1/factures/{facture.pk}/", {"objet": "x"},
                           content_type="application/json").status_code == 405
    trop = comptable.post("/api/v1/paiements/", {"facture": facture.pk, "montant": "500.00", "mode": "virement",
                                                 "date": "2026-03-02"}, content_type="application/json")
    assert trop.status_code == 400 and "reste dû" in trop.json()["montant"][0]
    ok = comptable.post("/api/v1/paiements/", {"facture": facture.pk, "montant": "24.00", "mode": "virement",
                                               "date": "2026-03-02"}, content_type="application/json")
    assert ok.status_code == 201
    assert comptable.get(f"/api/v1/factures/{facture.pk}/").json()["reste_du"] == "300.00"
    assert comptable.get(f"/api/v1/paiements/{ok.json()['id']}/").status_code == 200
    with service_actif(a.service):
        assert facture.paiements.get().montant == D("24.00")
    assert a.client(Role.SERVICE_ADHERENT).get("/api/v1/paiements/").status_code == 403


def test_demandes_et_souscriptions_par_l_api(a, b):
    demande = une_demande_offre(a)
    une_demande_offre(b)
    service_adherent = a.client(Role.SERVICE_ADHERENT)
    assert [d["id"] for d in service_adherent.get("/api/v1/demandes-offre/").json()["results"]] == [demande.pk]
    assert service_adherent.get(f"/api/v1/demandes-offre/{demande.pk}/").json()["besoin"].startswith("Conflit")
    assert service_adherent.get("/api/v1/souscriptions/").status_code == 200
    assert a.client(Role.MEDECIN).get("/api/v1/demandes-offre/").status_code == 403


def test_indicateurs_de_la_facturation(a, django_capture_on_commit_callbacks):
    from indicateurs.registre import INDICATEURS, Periode
    from offres import services
    from offres.models import AppelCotisation

    from .outils import grille_socle

    with service_actif(a.service):
        grille_socle(a.service, prix="110.00")
        appel = AppelCotisation.objects.create(tenant=a.service, annee=2026,
                                               lance_par=a.membres[Role.COMPTABLE].utilisateur)
        services.appel_emettre(appel)
        facture = appel.factures.get()
        services.paiement_enregistrer(facture=facture, montant=D("66.00"), mode="cheque",
                                      par=a.membres[Role.COMPTABLE].utilisateur)
        une_demande_offre(a)
        periode = Periode.annee(2026)
        valeurs = {code: INDICATEURS[code].valeur(periode) for code in
                   ["cotisations_appelees", "cotisations_encaissees", "demandes_complementaire", "cout_moyen_national"]}
    assert valeurs["cotisations_appelees"].numerateur == 132
    assert valeurs["cotisations_encaissees"].pourcentage == 50.0
    assert valeurs["demandes_complementaire"].numerateur == 1
    assert valeurs["cout_moyen_national"].numerateur == 116
    assert a.client(Role.DIRECTEUR).get("/indicateurs/?annee=2026").status_code == 200
