"""Webhooks (issue 18, point 4): events recorded with their cause, delivered as signed JSON to a
real local HTTP receiver, retried with backoff after a failure, every attempt logged and shown,
replayable; a member hears only of its own company; no payload ever carries medical content."""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from spsti.effets import rattraper_effets
from spsti.models import EffetDiffere
from spsti.permissions import Role
from spsti.tenancy import service_actif
from suivi_individuel import agenda
from suivi_individuel.models import DossierMedical, ExamenVisite
from tests.adherents.test_import_en_masse import appliquer, fichier
from tests.factories import AdherentFactory
from tests.offres.outils import une_facture
from tests.suivi_individuel.outils import DEMAIN, EXAMEN, convoquer, enregistrer, moment, plage, visite_du_jour, visites
from tests.test_matrice_permissions import un_document
from webhooks.models import Abonnement, Livraison, StatutLivraison, Tentative, TypeEvenement
from webhooks.signature import signature_valide

TOUS = list(TypeEvenement.values)


@pytest.fixture(autouse=True)
def medias(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


class Recepteur(BaseHTTPRequestHandler):
    """A member's software: answers the next planned status (503 first, then 200)."""

    def do_POST(self):  # noqa: N802 (http.server's name)
        corps = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.recus.append((dict(self.headers), corps))
        self.send_response(self.server.codes.pop(0) if self.server.codes else 200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def recepteur():
    serveur = HTTPServer(("127.0.0.1", 0), Recepteur)
    serveur.codes, serveur.recus = [], []
    fil = threading.Thread(target=serveur.serve_forever, daemon=True)
    fil.start()
    serveur.url = f"http://127.0.0.1:{serveur.server_port}/spsti"
    yield serveur
    serveur.shutdown()
    serveur.server_close()


def abonner(monde, url, adherent=None, evenements=TOUS):
    return Abonnement.objects.create(tenant=monde.service, adherent=adherent, nom="Logiciel de paie", url=url,
                                     evenements=evenements, cree_par=monde.membres[Role.DIRECTEUR].utilisateur)


def livraisons(monde, **filtres):
    with scopes_disabled():
        return list(Livraison.tous_services.filter(tenant=monde.service, **filtres).order_by("pk"))


def rendre_dus(monde):
    """The backoff has passed (rather than waiting 30 s)."""
    with scopes_disabled():
        EffetDiffere.tous_services.filter(tenant=monde.service).update(prochaine_tentative=timezone.now())


def test_un_envoi_signe_en_echec_est_retente_puis_livre_et_rejouable(a, recepteur, django_capture_on_commit_callbacks):
    abonnement = abonner(a, recepteur.url, adherent=a.adherent, evenements=[TypeEvenement.DOCUMENT_DISPONIBLE])
    recepteur.codes = [503]
    with django_capture_on_commit_callbacks(execute=True):
        document = un_document(a)
    (livraison,) = livraisons(a)
    assert livraison.statut == StatutLivraison.EN_COURS and livraison.tentatives == 1
    (echec,) = Tentative.tous_services.filter(livraison=livraison)
    assert (echec.reussie, echec.statut_http, echec.erreur) == (False, 503, "Réponse HTTP 503 Service Unavailable")
    # the retry waits for its backoff (30 s): nothing more is sent before
    with scopes_disabled():
        suivant = EffetDiffere.tous_services.get(cle=f"webhook:{livraison.pk}:2")
    assert timedelta(seconds=25) < suivant.prochaine_tentative - timezone.now() <= timedelta(seconds=30)
    rattraper_effets()
    assert len(recepteur.recus) == 1
    rendre_dus(a)
    rattraper_effets()
    (livraison,) = livraisons(a)
    assert livraison.statut == StatutLivraison.LIVREE and livraison.tentatives == 2

    # the same event twice (same body, same id), each signed with the subscription's secret
    (entetes1, corps1), (entetes2, corps2) = recepteur.recus
    assert corps1 == corps2 and entetes1["X-SPSTI-Livraison"] == entetes2["X-SPSTI-Livraison"]
    for entetes, corps in recepteur.recus:
        assert entetes["Content-Type"] == "application/json"
        assert entetes["X-SPSTI-Evenement"] == "document.disponible"
        assert signature_valide(abonnement.secret, entetes["X-SPSTI-Horodatage"], corps, entetes["X-SPSTI-Signature"])
        assert not signature_valide("whsec_autre", entetes["X-SPSTI-Horodatage"], corps,
                                    entetes["X-SPSTI-Signature"])
        assert not signature_valide(abonnement.secret, entetes["X-SPSTI-Horodatage"], corps + b" ",
                                    entetes["X-SPSTI-Signature"])
    charge = json.loads(corps1)
    assert charge["type"] == "document.disponible" and charge["id"] == entetes1["X-SPSTI-Livraison"]
    assert charge["donnees"]["document"] == document.pk
    assert charge["donnees"]["lien"] == f"/api/v1/documents-suivi/{document.pk}/pdf/"

    # the member sees every attempt on its portal page and replays the delivery
    client = a.client(Role.ADHERENT)
    page = client.get(f"/portail/entreprises/{a.adherent.pk}/webhooks/{abonnement.pk}/").content.decode()
    assert "HTTP 503" in page and "HTTP 200" in page and "Livrée" in page
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(f"/portail/entreprises/{a.adherent.pk}/webhooks/livraisons/{livraison.pk}/rejouer/")
    assert reponse.status_code == 302 and len(recepteur.recus) == 3
    assert Tentative.tous_services.filter(livraison=livraison, reussie=True).count() == 2


def test_un_recepteur_injoignable_est_note_et_l_envoi_abandonne_apres_le_maximum(a, django_capture_on_commit_callbacks):
    from webhooks import effets

    abonner(a, "http://127.0.0.1:9/ferme", evenements=[TypeEvenement.FACTURE_EMISE])  # port 9: nothing listens
    with django_capture_on_commit_callbacks(execute=True):
        une_facture(a)
    (en_cours,) = livraisons(a)  # still retrying: a replay would start a second chain of retries
    effets_avant = EffetDiffere.tous_services.filter(tenant=a.service).count()
    refus = a.client(Role.DIRECTEUR).post(f"/organisation/webhooks/livraisons/{en_cours.pk}/rejouer/", follow=True)
    assert "encore en cours" in refus.content.decode()
    assert EffetDiffere.tous_services.filter(tenant=a.service).count() == effets_avant
    for _ in range(effets.TENTATIVES_MAX - 1):
        rendre_dus(a)
        rattraper_effets()
    (livraison,) = livraisons(a)
    assert livraison.statut == StatutLivraison.ABANDONNEE and livraison.tentatives == effets.TENTATIVES_MAX
    essai = Tentative.tous_services.filter(livraison=livraison).first()
    assert essai.statut_http is None and essai.erreur == "Connexion au serveur impossible."  # no Python text


def _champs_medicaux() -> set[str]:
    return ({f.name for modele in (DossierMedical, ExamenVisite) for f in modele._meta.fields}
            - {"id", "tenant", "salarie", "visite"})


def _cles(valeur) -> set[str]:
    if isinstance(valeur, dict):
        return set(valeur) | {c for v in valeur.values() for c in _cles(v)}
    if isinstance(valeur, list):
        return {c for v in valeur for c in _cles(v)}
    return set()


def test_aucun_evenement_ne_porte_de_contenu_medical_et_un_adherent_n_entend_que_le_sien(a):
    """Every event type, raised by its real cause, checked against the medical record's and the
    examination's fields, and against the clinical words written during the visit."""
    partenaire = abonner(a, "http://127.0.0.1:9/partenaire")
    membre = abonner(a, "http://127.0.0.1:9/membre", adherent=a.adherent)
    autre = abonner(a, "http://127.0.0.1:9/autre", adherent=AdherentFactory(tenant=a.service, equipe=a.equipe))
    plage(a, Role.MEDECIN)
    assert convoquer(a, Role.ASSISTANT_MEDICAL, Role.MEDECIN, moment(DEMAIN, 9)).status_code == 302
    (visite,) = visites(a, debut__isnull=False, debut__gt=timezone.now())
    with service_actif(a.service):
        agenda.visite_planifier(salarie=a.salarie, visite=visite, type_service=visite.type_service,
                                professionnel=visite.professionnel, debut=moment(DEMAIN, 10), motif="Empêchement")
    assert enregistrer(a, Role.MEDECIN, visite_du_jour(a)).status_code == 302  # clinical notes and conclusions
    appliquer(a, fichier(2))
    une_facture(a)

    toutes = livraisons(a)
    assert {livraison.evenement for livraison in toutes} == set(TypeEvenement)
    medicaux = _champs_medicaux()
    assert {"notes", "conclusions", "informations_sante", "expositions", "poids_kg"} <= medicaux
    for livraison in toutes:
        assert not _cles(livraison.charge) & medicaux, livraison.charge
        texte = json.dumps(livraison.charge, ensure_ascii=False)
        for mot in (EXAMEN["notes"], EXAMEN["conclusions"], EXAMEN["propositions"], a.salarie.nom):
            assert mot not in texte
        assert all(isinstance(v, int | str | type(None)) for v in livraison.charge["donnees"].values())
    # the partner hears everything, the member its own company's events, the other member nothing
    assert {lv.evenement for lv in toutes if lv.abonnement_id == partenaire.pk} == set(TypeEvenement)
    assert {lv.evenement for lv in toutes if lv.abonnement_id == membre.pk} == set(TypeEvenement)
    assert not [lv for lv in toutes if lv.abonnement_id == autre.pk]
    assert {lv.charge["donnees"]["adherent"] for lv in toutes} == {a.adherent.pk}


def test_un_evenement_annule_avec_sa_cause_n_est_jamais_envoye(a):
    abonner(a, "http://127.0.0.1:9/x")
    with pytest.raises(RuntimeError), service_actif(a.service):
        from django.db import transaction

        with transaction.atomic():
            une_facture(a)
            raise RuntimeError("la cause échoue")
    assert livraisons(a) == []


def test_le_secret_ne_s_affiche_qu_une_fois_et_un_adherent_ne_voit_que_les_siens(a, b):
    client = a.client(Role.ADHERENT)
    base = f"/portail/entreprises/{a.adherent.pk}/webhooks/"
    reponse = client.post(base, {"nom": "Paie", "url": "https://paie.exemple.fr/hooks",
                                 "evenements": ["convocation.creee", "facture.emise"], "actif": "on"})
    assert reponse.status_code == 302
    with scopes_disabled():
        abonnement = Abonnement.tous_services.get(adherent=a.adherent)
    assert abonnement.cree_par == a.membres[Role.ADHERENT].utilisateur
    premiere = client.get(reponse.url).content.decode()
    assert abonnement.secret in premiere
    assert abonnement.secret not in client.get(reponse.url).content.decode()
    assert abonnement.secret not in client.get(base).content.decode()
    erreur = client.post(base, {"nom": "Paie", "url": "pas une adresse", "evenements": []}).content.decode()
    assert "Saisissez une URL valide." in erreur and "Ce champ est obligatoire." in erreur
    # another company's or another service's subscription is a 404
    autre = abonner(b, "https://b.exemple.fr/", adherent=b.adherent)
    assert client.get(f"/portail/entreprises/{b.adherent.pk}/webhooks/").status_code == 404
    assert client.get(f"{base}{autre.pk}/").status_code == 404
    assert a.client(Role.DIRECTEUR).get(f"/organisation/webhooks/{autre.pk}/").status_code == 404
    # the director sees the members' subscriptions and declares a partner system
    page = a.client(Role.DIRECTEUR).get("/organisation/webhooks/").content.decode()
    assert "https://paie.exemple.fr/hooks" in page
    reponse = a.client(Role.DIRECTEUR).post("/organisation/webhooks/", {
        "nom": "Cabinet comptable", "url": "https://compta.exemple.fr/", "evenements": ["facture.emise"],
        "actif": "on"})
    assert reponse.status_code == 302
    with scopes_disabled():
        assert Abonnement.tous_services.get(nom="Cabinet comptable").adherent is None


def test_en_production_l_adresse_doit_etre_en_https(a, settings):
    settings.WEBHOOKS_HTTPS_SEUL = True
    page = a.client(Role.DIRECTEUR).post("/organisation/webhooks/", {
        "nom": "X", "url": "http://compta.exemple.fr/", "evenements": ["facture.emise"]}).content.decode()
    assert "L&#x27;adresse de réception doit être en https://" in page


@pytest.mark.parametrize("url", ["https://127.0.0.1/", "https://10.1.2.3/recevoir", "https://169.254.169.254/latest/",
                                 "https://[::1]/", "https://localhost/"])
def test_en_production_pas_d_envoi_vers_le_reseau_interne(a, settings, url, django_capture_on_commit_callbacks):
    """A subscriber cannot make the server probe the service's network: refused when subscribing,
    and again when sending (a name may resolve elsewhere later)."""
    from webhooks import effets

    settings.WEBHOOKS_RESEAU_PUBLIC_SEUL = True
    page = a.client(Role.ADHERENT).post(f"/portail/entreprises/{a.adherent.pk}/webhooks/", {
        "nom": "X", "url": url, "evenements": ["facture.emise"]}).content.decode()
    assert "réseau interne ou réservé" in page
    abonner(a, url, adherent=a.adherent, evenements=[TypeEvenement.FACTURE_EMISE])  # created before the rule
    with django_capture_on_commit_callbacks(execute=True):
        une_facture(a)
    (livraison,) = livraisons(a)
    with service_actif(a.service):
        essai = effets.envoyer(Livraison.objects.select_related("abonnement").get(pk=livraison.pk))
    assert (essai.reussie, essai.statut_http, essai.erreur) == (False, None, effets.REFUS)
