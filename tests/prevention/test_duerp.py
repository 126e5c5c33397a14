"""DUERP support through the pages, the portal and the API: sessions, registrations within their
places and attendance; DUERP versions filed by the member, kept, never changed nor deleted by any
role (page, API, admin); the Relais de prévention from its contract to its label."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db.models.deletion import ProtectedError
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from duerp.models import DocumentDUERP, Inscription, Programme, RelaisPrevention, StatutSession
from spsti.permissions import Role
from tests.connexion import connecter

from .outils import un_duerp, un_plan, un_relais, une_session


def documents(monde):
    with scopes_disabled():
        return list(DocumentDUERP.objects.filter(tenant=monde.service).order_by("version"))


def deposer(client, url, nom="duerp-2026.xlsx", mis_a_jour_le="2026-02-02"):
    return client.post(url, {"fichier": ContentFile(b"DUERP", name=nom), "mis_a_jour_le": mis_a_jour_le,
                             "commentaire": "Mise à jour annuelle"})


def test_l_employeur_depose_son_duerp_chaque_version_est_gardee(a):
    portail = a.client(Role.ADHERENT)
    url = f"/portail/entreprises/{a.adherent.pk}/duerp/deposer/"
    refus = deposer(portail, url, nom="duerp.exe")
    assert "Déposez le DUERP en PDF" in refus.content.decode() and documents(a) == []
    futur = deposer(portail, url, mis_a_jour_le=(timezone.localdate() + timedelta(days=2)).isoformat())
    assert "ne peut être à venir" in futur.content.decode() and documents(a) == []
    deposer(portail, url, mis_a_jour_le="2025-01-10")
    deposer(portail, url, mis_a_jour_le="2026-02-02")
    v1, v2 = documents(a)
    assert (v1.version, v2.version, v2.depose_par) == (1, 2, a.membres[Role.ADHERENT].utilisateur)
    assert v2.conserver_jusqu_au == date(2066, 2, 2)
    page = portail.get(f"/portail/entreprises/{a.adherent.pk}/prevention/").content.decode()
    assert "Version 1" in page and "Version 2" in page
    # the member's record shows the date of the last update
    fiche = a.client(Role.SERVICE_ADHERENT).get(f"/adherents/{a.adherent.pk}/").content.decode()
    assert "DUERP mis à jour le 02/02/2026" in fiche
    fichier = portail.get(f"/portail/entreprises/{a.adherent.pk}/duerp/{v1.pk}/")
    assert b"".join(fichier.streaming_content) == b"DUERP"


@pytest.mark.parametrize("role", list(Role))
def test_aucun_role_ne_supprime_ni_ne_modifie_une_version_du_duerp_par_l_api(a, role):
    document = un_duerp(a)
    client = a.client(role)
    for methode in (client.delete, client.put, client.patch):
        reponse = methode(f"/api/v1/documents-duerp/{document.pk}/", {"commentaire": "x"},
                          content_type="application/json")
        assert reponse.status_code in (403, 405)  # 405: no such method for those who may read; 403 for others
    assert documents(a) == [document] and documents(a)[0].commentaire == ""


def test_aucune_page_ne_supprime_une_version_du_duerp(a):
    """No delete page exists; the models and querysets refuse it; nor can a version be rewritten."""
    document = un_duerp(a)
    for nom in ("duerp:document_supprimer", "portail:duerp_supprimer"):
        with pytest.raises(NoReverseMatch):
            reverse(nom, args=[document.pk])
    with scopes_disabled():
        document = DocumentDUERP.objects.get(pk=document.pk)
        for action in (document.delete, document.save):
            with pytest.raises(PermissionDenied):
                action()
        with pytest.raises(PermissionDenied):
            DocumentDUERP.objects.filter(pk=document.pk).delete()
        with pytest.raises(PermissionDenied):
            DocumentDUERP.objects.filter(pk=document.pk).update(commentaire="effacé")
        with pytest.raises((PermissionDenied, ProtectedError)):
            a.adherent.delete()  # the member's deletion cannot take its DUERP with it
    assert documents(a) == [document]


def test_l_administrateur_de_la_plateforme_ne_supprime_pas_un_duerp(a, admin_client):
    document = un_duerp(a)
    assert admin_client.get(f"/admin/duerp/documentduerp/{document.pk}/delete/").status_code == 403
    assert admin_client.post(f"/admin/duerp/documentduerp/{document.pk}/delete/", {"post": "yes"}).status_code == 403
    liste = admin_client.post("/admin/duerp/documentduerp/", {"action": "delete_selected",
                                                             "_selected_action": [document.pk], "post": "yes"})
    assert liste.status_code in (200, 302)
    assert admin_client.post(f"/admin/duerp/documentduerp/{document.pk}/change/", {"commentaire": "x"}).status_code \
        == 403
    assert documents(a) == [document]


def test_inscription_depuis_le_portail_dans_la_limite_des_places(a):
    session = une_session(a, capacite=3)
    portail = a.client(Role.ADHERENT)
    url = f"/portail/entreprises/{a.adherent.pk}/sessions/{session.pk}/inscription/"
    trop = portail.post(url, {"participants": 4, "noms": "Équipe"})
    assert "Il reste 3 place(s) sur cette session." in trop.content.decode()
    assert portail.post(url, {"participants": 2, "noms": "M. Roux, Mme Lopez"}).status_code == 302
    with scopes_disabled():
        (inscription,) = Inscription.objects.filter(session=session)
    assert (inscription.adherent, inscription.participants) == (a.adherent, 2)
    assert portail.get(url).status_code == 404  # registered: no longer offered
    page = portail.get(f"/portail/entreprises/{a.adherent.pk}/prevention/").content.decode()
    assert "Mes inscriptions" in page
    complet = a.client(Role.IPRP).post(f"/duerp/sessions/{session.pk}/inscrire/", {
        "adherent": _autre_adherent(a).pk, "participants": 2})
    assert "Il reste 1 place(s) sur cette session." in complet.content.decode()


def _autre_adherent(monde):
    from tests.factories import AdherentFactory

    return AdherentFactory(tenant=monde.service, equipe=monde.equipe, centre=monde.equipe.centre)


def test_les_presences_une_fois_la_session_passee(a):
    session = une_session(a, jours=-1)
    present = Inscription.objects.create(tenant=a.service, session=session, adherent=a.adherent)
    absent = Inscription.objects.create(tenant=a.service, session=session, adherent=_autre_adherent(a))
    client = a.client(Role.IPRP)
    client.post(f"/duerp/sessions/{session.pk}/presences/", {"presents": [present.pk]})
    with scopes_disabled():
        assert [i.present for i in Inscription.objects.filter(pk__in=[present.pk, absent.pk]).order_by("pk")] == [
            True, False]
        session.refresh_from_db()
    assert session.statut == StatutSession.TENUE
    a_venir = une_session(a)
    reponse = client.post(f"/duerp/sessions/{a_venir.pk}/presences/", {"presents": []}, follow=True)
    assert "La session n&#x27;a pas encore eu lieu." in reponse.content.decode()


def test_le_relais_de_prevention_du_contrat_au_label(a):
    relais = un_relais(a)
    portail = a.client(Role.ADHERENT)
    url = f"/portail/entreprises/{a.adherent.pk}/relais/{relais.pk}/contrat/"
    assert "Du Document Unique au Plan d" in portail.get(url).content.decode()
    assert "Cochez l&#x27;engagement" in portail.post(url, {"engagement": ""}).content.decode()
    portail.post(url, {"engagement": "on"})
    with scopes_disabled():
        relais.refresh_from_db()
    assert (relais.contrat_signe_le, relais.contrat_signe_par) == (timezone.localdate(),
                                                                   a.membres[Role.ADHERENT].utilisateur)
    client = a.client(Role.IPRP)
    refus = client.post(f"/duerp/relais/{relais.pk}/label/", follow=True).content.decode()
    assert "le module 1 « Sécurité et prévention dans l&#x27;entreprise »" in refus
    # the path: four modules attended, a DUERP filed, three progress points, the visit
    for programme in (Programme.RELAIS_1, Programme.RELAIS_2, Programme.RELAIS_3, Programme.RELAIS_4):
        session = une_session(a, jours=0, programme=programme)  # attended today, after the contract
        Inscription.objects.create(tenant=a.service, session=session, adherent=a.adherent, present=True)
    deposer(portail, f"/portail/entreprises/{a.adherent.pk}/duerp/deposer/",
            mis_a_jour_le=timezone.localdate().isoformat())
    plan = un_plan(a)
    client.post(f"/duerp/plans/{plan.pk}/modifier/", {"titre": "Points de progrès", "cree_le": "2026-01-05",
                                                       "relais": relais.pk})
    for intitule in ("Protocole d'accueil", "Rangement de l'atelier"):
        client.post(f"/duerp/plans/{plan.pk}/actions/nouvelle/", {
            "intitule": intitule, "responsable": "Le relais", "echeance": "2026-12-31", "statut": "a_faire",
            "prioritaire": "on"})
    page = client.get(f"/duerp/relais/{relais.pk}/").content.decode()
    assert page.count("suivi le") == 4 and "la visite en entreprise" in page
    client.post(f"/duerp/relais/{relais.pk}/modifier/", {
        "relais_nom": relais.relais_nom, "proposee_le": "2025-09-01", "contrat_signe_le": timezone.localdate(),
        "visite_le": timezone.localdate()})
    reponse = client.post(f"/duerp/relais/{relais.pk}/label/", follow=True).content.decode()
    assert "Label « Relais de prévention » attribué." in reponse
    with scopes_disabled():
        assert RelaisPrevention.objects.get(pk=relais.pk).label_le == timezone.localdate()


def test_un_portail_ne_voit_que_ses_propres_sessions_et_inscriptions(a, b):
    from tests.factories import AccesPortailFactory

    session_a, session_b = une_session(a), une_session(b)
    voisin = _autre_adherent(a)
    Inscription.objects.create(tenant=a.service, session=session_a, adherent=voisin, noms="Voisin Dupont")
    page = a.client(Role.ADHERENT).get(f"/portail/entreprises/{a.adherent.pk}/prevention/").content.decode()
    assert f"/sessions/{session_a.pk}/inscription/" in page  # its service's open session
    assert f"/sessions/{session_b.pk}/" not in page and "Voisin Dupont" not in page
    assert a.client(Role.ADHERENT).get(
        f"/portail/entreprises/{a.adherent.pk}/sessions/{session_b.pk}/inscription/").status_code == 404
    # the neighbour's own portal user sees the neighbour's registration only
    acces = AccesPortailFactory(tenant=a.service, adherent=voisin, rattachement__tenant=a.service)
    client = a.client(Role.ADHERENT)
    connecter(client, acces.rattachement.utilisateur)
    assert "Mes inscriptions" in client.get(f"/portail/entreprises/{voisin.pk}/prevention/").content.decode()
    assert client.get(f"/portail/entreprises/{a.adherent.pk}/prevention/").status_code == 404


def test_les_alertes_du_point_de_suivi_et_du_relais(a):
    from duerp.models import AccompagnementDUERP
    from spsti.models import Alerte
    from spsti.tasks import balayer_alertes_service
    from tests.factories import AdherentFactory

    AccompagnementDUERP.objects.create(tenant=a.service, adherent=a.adherent, point_suivi_prevu_le=date(2026, 1, 10))
    visite = RelaisPrevention.objects.create(tenant=a.service, adherent=a.adherent, relais_nom="Léa",
                                             proposee_le=date(2022, 12, 1), contrat_signe_le=date(2023, 1, 2),
                                             visite_le=date(2025, 1, 20))
    sans_modules = RelaisPrevention.objects.create(
        tenant=a.service, adherent=AdherentFactory(tenant=a.service, equipe=a.equipe, centre=a.equipe.centre),
        relais_nom="Noé", proposee_le=date(2023, 6, 1), contrat_signe_le=date(2023, 6, 1))

    def ouvertes(jour):
        balayer_alertes_service.delay(a.service.pk, jour)
        with scopes_disabled():
            return {(alerte.source, alerte.object_id): alerte.libelle for alerte in Alerte.objects.filter(
                tenant=a.service, source__in=["point_suivi_duerp", "relais_prevention_a_suivre"],
                resolue_le__isnull=True)}

    assert ouvertes("2024-12-01") == {}
    a_suivre = ouvertes("2026-01-21")
    assert a_suivre[("relais_prevention_a_suivre", visite.pk)].endswith("suivi à un an de la visite à faire")
    assert a_suivre[("relais_prevention_a_suivre", sans_modules.pk)].endswith(
        "les 4 modules ne sont pas suivis dans les 2 ans du contrat")
    assert ("point_suivi_duerp", AccompagnementDUERP.tous_services.get().pk) in a_suivre
