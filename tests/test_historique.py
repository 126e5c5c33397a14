"""Every change is recorded with who and when (django-simple-history), and the history page
shows it to the roles allowed to see the object."""

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from spsti.models import Centre
from spsti.permissions import Role

# The access log is append-only; the due list is derived data, recomputed from what has a history.
# The read log, issued documents, a PDP file's journal, documents and sharing records never change
# (append-only); due dates are recomputed, not edited.
MODELES_SANS_HISTORIQUE = {"spsti.accesdossiermedical", "suivi_individuel.echeance", "suivi_individuel.documentsuivi",
                           "cellule_pdp.entreejournal", "cellule_pdp.documentpdp", "cellule_pdp.partage",
                           "fiche_entreprise.echeanceprevention", "spsti.effetdiffere",
                           "indicateurs.instantane"}
# Issued invoices and their lines never change (trigger); the invoice counter only counts.
MODELES_SANS_HISTORIQUE |= {"offres.facture", "offres.lignefacture", "offres.compteurfacture"}
# Webhook deliveries and their attempts are logs (append-only; the subscription has its history).
MODELES_SANS_HISTORIQUE |= {"webhooks.livraison", "webhooks.tentative"}
# A DMST transmission (sent or received) is recorded once and never changed.
MODELES_SANS_HISTORIQUE |= {"suivi_individuel.transfertdmst"}
MODELES_SANS_HISTORIQUE |= {"spsti.reponseidempotente"}  # a stored answer replayed, never edited


def test_chaque_modele_du_domaine_a_son_historique():
    from spsti.tenancy import modeles_service

    sans = {m._meta.label_lower for m in modeles_service() if not hasattr(m, "history")}
    assert sans == MODELES_SANS_HISTORIQUE


def test_l_historique_dit_qui_a_change_quoi_et_quand(a, admin_client, admin_user):
    centre = a.equipe.centre
    reponse = admin_client.post(f"/admin/spsti/centre/{centre.pk}/change/", {
        "tenant": a.service.pk, "nom": "Centre de Cavaillon", "adresse": "3 rue des Vergers",
        "code_postal": "84300", "ville": "Cavaillon", "telephone": ""})
    assert reponse.status_code == 302, reponse.content.decode()[:2000]
    with scopes_disabled():
        derniere = Centre.history.filter(id=centre.pk).latest("history_date")
    assert derniere.history_user == admin_user and derniere.nom == "Centre de Cavaillon"

    page = a.client(Role.ASSISTANT_PREVENTION).get(f"/historique/spsti.centre/{centre.pk}/").content.decode()
    assert str(admin_user) in page
    assert "Centre de Cavaillon" in page and centre.nom in page  # new and old values
    assert "Modification" in page and "Création" in page


def test_l_historique_d_un_modele_inconnu_ou_sans_historique_est_introuvable(a):
    client = a.client(Role.DIRECTEUR)
    assert client.get("/historique/spsti.inexistant/1/").status_code == 404
    assert client.get("/historique/pasdepoint/1/").status_code == 404
    assert client.get(f"/historique/spsti.accesdossiermedical/{a.salarie.pk}/").status_code == 404


def test_l_historique_d_un_objet_que_le_role_ne_voit_pas_est_refuse(a):
    """Platform accounts are not domain objects of a service: no history page for them."""
    client = a.client(Role.DIRECTEUR)
    assert client.get(f"/historique/spsti.utilisateur/{a.membres[Role.MEDECIN].utilisateur.pk}/").status_code == 404


@pytest.mark.parametrize("chemin", ["/admin/", "/admin/spsti/centre/"])
def test_l_admin_est_reserve_aux_administrateurs_de_plateforme(a, chemin):
    client = a.client(Role.DIRECTEUR)
    reponse = client.get(chemin)
    assert reponse.status_code == 302 and "/admin/login/" in reponse.url
    anonyme = Client().get(chemin)
    assert anonyme.status_code == 302


def test_l_historique_se_lit_en_clair_libelles_et_noms_plutot_que_codes(a):
    iprp = a.membres[Role.IPRP]
    directeur = a.client(Role.DIRECTEUR)
    directeur.post(f"/organisation/personnel/{iprp.pk}/", {
        "role": Role.IPRP, "specialite": "psychologue", "centre": a.equipe.centre_id,
        "equipe": a.autre_equipe.pk, "actif": "on"})
    page = directeur.get(f"/historique/spsti.rattachement/{iprp.pk}/").content.decode()
    assert "Psychologue du travail" in page
    assert f"{a.equipe.nom}</span> → {a.autre_equipe.nom}" in page
    assert str(a.membres[Role.DIRECTEUR].utilisateur) in page


def test_l_historique_ne_montre_ni_booleen_ni_dictionnaire_python(a):
    """Issue 16: a yes/no field reads "oui"/"non", a mapping reads as text, a date in French."""
    from datetime import date

    from suivi_individuel.models import ProtocoleDelegation

    protocole = ProtocoleDelegation.objects.create(
        tenant=a.service, medecin=a.membres[Role.MEDECIN], infirmier=a.membres[Role.INFIRMIER],
        types_visite=["vip_periodique"], categories=["SI"], contenu="VIP", valide_du=date(2026, 1, 5))
    page = a.client(Role.MEDECIN).get(f"/historique/suivi_individuel.protocoledelegation/{protocole.pk}/")
    texte = page.content.decode()
    assert "05/01/2026" in texte and ": vip_periodique" not in texte
    assert "[&#x27;" not in texte and "{&#x27;" not in texte and ">True<" not in texte
    page = a.client(Role.DIRECTEUR).get(f"/historique/adherents.adherent/{a.adherent.pk}/").content.decode()
    assert ">True<" not in page and ">False<" not in page
