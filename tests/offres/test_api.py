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
