"""Workplace actions through the pages and the portal: recorded once done, visits proposed to the
member who confirms or asks another date, conflicts refused, reminders; measurements."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_scopes import scopes_disabled

from adherents.models import Contact, RoleContact
from fiche_entreprise.models import ActionMilieuTravail, Mesurage, StatutAction, TypeAction, TypeMesurage
from fiche_entreprise.tasks import rappeler_visites_tous_services
from spsti.models import Alerte
from spsti.permissions import Role
from tests.factories import AdherentFactory

from .outils import entree, un_rendez_vous, une_action


def actions(monde, **filtres):
    with scopes_disabled():
        return list(ActionMilieuTravail.objects.filter(tenant=monde.service, **filtres).order_by("pk"))


def test_une_action_realisee_s_enregistre_et_compte_comme_prevention_primaire(a):
    client = a.client(Role.IPRP)
    donnees = {"type": entree(a, TypeAction, "etude_poste").pk, "intervenant": a.membres[Role.IPRP].pk,
               "objet": "Poste de cariste", "temps_passe_heures": "3.5", "resultat": "Préconisations remises."}
    futur = client.post(f"/prevention/adherents/{a.adherent.pk}/actions/nouvelle/",
                        {**donnees, "date": (timezone.localdate() + timedelta(days=3)).isoformat()})
    assert "proposez un rendez-vous à l&#x27;adhérent" in futur.content.decode()
    assert actions(a) == []
    reponse = client.post(f"/prevention/adherents/{a.adherent.pk}/actions/nouvelle/",
                          {**donnees, "date": timezone.localdate().isoformat()})
    (action,) = actions(a)
    assert reponse.url == f"/prevention/actions/{action.pk}/"
    assert (action.statut, action.objet) == (StatutAction.REALISEE, "Poste de cariste")
    page = client.get(f"/prevention/adherents/{a.adherent.pk}/").content.decode()
    assert "Étude de poste" in page and "primaire" in page


def test_un_mesurage_hors_de_sa_reference_est_signale(a):
    action = ActionMilieuTravail.objects.create(
        tenant=a.service, adherent=a.adherent, type=entree(a, TypeAction, "campagne_mesures"),
        intervenant=a.membres[Role.IPRP], date=timezone.localdate())
    client = a.client(Role.IPRP)
    for code, valeur, limite in (("sonometrie", "87.5", "85"), ("eclairage", "180", "300"),
                                 ("eclairage", "450", "300")):
        client.post(f"/prevention/actions/{action.pk}/mesurages/nouveau/", {
            "type": entree(a, TypeMesurage, code).pk, "lieu": "Atelier", "appareil": "Appareil n° 1",
            "valeur": valeur, "valeur_limite": limite, "unite": ""})
    with scopes_disabled():
        mesures = list(Mesurage.objects.filter(action=action).order_by("pk").values_list("unite", "hors_limite"))
    assert mesures == [("dB(A)", True), ("lux", True), ("lux", False)]  # the type's unit when none is typed
    assert client.get(f"/prevention/actions/{action.pk}/").content.decode().count("hors limite") == 2


def proposer(monde, role, debut, action=None, **changes):
    url = (f"/prevention/actions/{action.pk}/deplacer/" if action
           else f"/prevention/adherents/{monde.adherent.pk}/visites/proposer/")
    return monde.client(role).post(url, {
        "type": entree(monde, TypeAction, "visite_entreprise").pk,
        "intervenant": monde.membres[Role.ASSISTANT_PREVENTION].pk,
        "debut": timezone.localtime(debut).strftime("%Y-%m-%dT%H:%M"), "duree_minutes": 120, "etablissement": "",
        "objet": "Repérage des dangers", **changes})


@pytest.mark.django_db(transaction=False)
def test_une_date_proposee_a_l_adherent_qui_la_confirme_sur_son_portail(a, django_capture_on_commit_callbacks):
    Contact.objects.create(tenant=a.service, adherent=a.adherent, role=RoleContact.EMPLOYEUR, nom="Roux",
                           email="roux@exemple.fr")
    debut = (timezone.now() + timedelta(days=8)).replace(hour=9, minute=0, second=0, microsecond=0)
    with django_capture_on_commit_callbacks(execute=True):
        reponse = proposer(a, Role.ASSISTANT_PREVENTION, debut)
    (action,) = actions(a)
    assert reponse.url == f"/prevention/actions/{action.pk}/" and action.statut == StatutAction.PROPOSEE
    (courriel,) = mail.outbox
    assert set(courriel.to) == {"roux@exemple.fr", a.membres[Role.ADHERENT].utilisateur.email}
    assert "Confirmez-le ou demandez une autre date" in courriel.body

    conflit = proposer(AdherentAutre(a), Role.ASSISTANT_PREVENTION, debut + timedelta(hours=1))
    assert "a déjà un rendez-vous le" in conflit.content.decode()  # the same assistant, overlapping
    assert len(actions(a)) == 1
    passee = proposer(a, Role.ASSISTANT_PREVENTION, timezone.now() - timedelta(hours=2))
    assert "Proposez une date à venir." in passee.content.decode()

    portail = a.client(Role.ADHERENT)
    page = portail.get(f"/portail/entreprises/{a.adherent.pk}/prevention/").content.decode()
    assert "Confirmer ou demander une autre date" in page
    portail.post(f"/portail/entreprises/{a.adherent.pk}/visites-prevention/{action.pk}/", {"reponse": "confirmer"})
    assert actions(a)[0].statut == StatutAction.CONFIRMEE
    agenda = a.client(Role.ASSISTANT_PREVENTION).get("/prevention/agenda/", {"semaine": debut.date().isoformat()})
    assert a.adherent.raison_sociale in agenda.content.decode() and "Confirmée par l&#x27;adhérent" in (
        agenda.content.decode())


class AdherentAutre:
    """Another member of the same service and team (its own world view for ``proposer``)."""

    def __init__(self, monde):
        self.adherent = AdherentFactory(tenant=monde.service, equipe=monde.equipe, centre=monde.equipe.centre)
        self.service, self.membres, self.client = monde.service, monde.membres, monde.client


@pytest.mark.django_db(transaction=False)
def test_l_adherent_demande_une_autre_date_le_service_en_propose_une(a, django_capture_on_commit_callbacks):
    action = un_rendez_vous(a)
    portail = a.client(Role.ADHERENT)
    url = f"/portail/entreprises/{a.adherent.pk}/visites-prevention/{action.pk}/"
    vide = portail.post(url, {"reponse": "autre_date", "message": " "})
    assert "Indiquez vos disponibilités" in vide.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        portail.post(url, {"reponse": "autre_date", "message": "Les jeudis matin"})
    action = actions(a)[0]
    assert (action.statut, action.reponse_adherent) == (StatutAction.A_REPLANIFIER, "Les jeudis matin")
    with scopes_disabled():
        alerte = Alerte.objects.get(tenant=a.service, source="visite_prevention_a_replanifier",
                                    resolue_le__isnull=True)
    assert alerte.role == Role.IPRP and "Les jeudis matin" in alerte.libelle
    nouvelle = (timezone.now() + timedelta(days=12)).replace(hour=9, minute=0, second=0, microsecond=0)
    with django_capture_on_commit_callbacks(execute=True):
        proposer(a, Role.IPRP, nouvelle, action=action)
    action = actions(a)[0]
    assert action.statut == StatutAction.PROPOSEE and action.debut == nouvelle
    with scopes_disabled():
        assert not Alerte.objects.filter(source="visite_prevention_a_replanifier", resolue_le__isnull=True).exists()
    realisee = une_action(a)  # a visit done is no longer answered from the portal
    assert portail.get(f"/portail/entreprises/{a.adherent.pk}/visites-prevention/{realisee.pk}/").status_code == 404


def test_un_rendez_vous_confirme_est_rappele_une_seule_fois(a):
    debut = timezone.now() + timedelta(days=1)
    action = un_rendez_vous(a)
    ActionMilieuTravail.tous_services.filter(pk=action.pk).update(statut=StatutAction.CONFIRMEE, debut=debut)
    semaine = timezone.now() + timedelta(days=7)
    une_action(a, statut=StatutAction.CONFIRMEE, debut=semaine, date=semaine.date())  # a week away: not yet
    rappeler_visites_tous_services.delay()
    rappeler_visites_tous_services.delay()
    (rappel,) = mail.outbox
    assert "Rappel de rendez-vous" in rappel.subject and rappel.to == [a.membres[Role.ADHERENT].utilisateur.email]


def test_le_compte_rendu_d_une_visite_passee_la_rend_realisee(a):
    debut = timezone.now() - timedelta(hours=3)
    action = un_rendez_vous(a)
    client = a.client(Role.ASSISTANT_PREVENTION)
    assert client.get(f"/prevention/actions/{action.pk}/compte-rendu/").status_code == 302  # not yet
    ActionMilieuTravail.tous_services.filter(pk=action.pk).update(statut=StatutAction.CONFIRMEE, debut=debut)
    client.post(f"/prevention/actions/{action.pk}/compte-rendu/", {
        "objet": "Visite", "temps_passe_heures": "2", "participants": "Le gérant",
        "resultat": "Fiche à mettre à jour."})
    action = actions(a)[0]
    assert (action.statut, action.resultat) == (StatutAction.REALISEE, "Fiche à mettre à jour.")


def test_les_rappels_partent_chaque_jour():
    from django.conf import settings

    taches = {entree["task"] for entree in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "fiche_entreprise.tasks.rappeler_visites_tous_services" in taches
