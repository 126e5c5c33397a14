"""Booking from a due row (issue 16, point 2): type and deadline prefilled, free times of the
professionals allowed to perform that type proposed earliest first, past times refused, a
warning when the booked type is not the one due."""

from datetime import timedelta

from django.utils import timezone
from django_scopes import scopes_disabled

from spsti.permissions import Role
from suivi_individuel.models import Echeance, StatutVisite

from .outils import DEMAIN, moment, plage, protocole, type_visite, visites


def echeance_due(monde):
    with scopes_disabled():
        return Echeance.objects.filter(salarie=monde.salarie, obligatoire=True).order_by("au_plus_tard").first()


def test_depuis_une_ligne_due_le_creneau_se_choisit_en_un_geste(a):
    plage(a, Role.MEDECIN, jour=DEMAIN, de=9, a=10)
    echeance = echeance_due(a)
    client = a.client(Role.ASSISTANT_MEDICAL)
    url = f"/suivi/salaries/{a.salarie.pk}/convoquer/"
    page = client.get(url, {"echeance": echeance.pk})
    texte = page.content.decode()
    type_du = type_visite(a, echeance.type)
    assert f'name="type_service" value="{type_du.pk}"' in texte  # prefilled from the due row
    assert echeance.get_type_display() in texte and echeance.base_legale in texte
    creneaux = page.context["creneaux"]
    assert creneaux and creneaux[0].debut == moment(DEMAIN, 9)
    assert [c.debut for c in creneaux] == sorted(c.debut for c in creneaux)  # earliest first
    assert 'type="radio" name="creneau"' in texte and " checked" in texte  # the first one, ready to confirm
    reponse = client.post(f"{url}?echeance={echeance.pk}", {"type_service": type_du.pk,
                                                             "creneau": creneaux[0].valeur})
    assert reponse.status_code == 302, reponse.context["form"].errors
    (visite,) = visites(a, statut=StatutVisite.PLANIFIEE)
    assert visite.type == echeance.type and visite.professionnel == a.membres[Role.MEDECIN]
    assert visite.debut == moment(DEMAIN, 9)


def test_seuls_les_professionnels_habilites_sont_proposes(a):
    plage(a, Role.INFIRMIER, jour=DEMAIN, de=9, a=10)
    client = a.client(Role.ASSISTANT_MEDICAL)
    url = f"/suivi/salaries/{a.salarie.pk}/convoquer/"
    vip = type_visite(a, "vip_periodique")
    assert client.get(url, {"type": vip.pk}).context["creneaux"] == []  # no protocol (R4623-14)
    protocole(a)
    (premier, *_) = client.get(url, {"type": vip.pk}).context["creneaux"]
    assert premier.professionnel == a.membres[Role.INFIRMIER]
    aptitude = type_visite(a, "examen_aptitude_periodique")  # reserved to the physician
    assert client.get(url, {"type": aptitude.pk}).context["creneaux"] == []


def test_une_heure_passee_est_refusee_avec_le_bon_message(a):
    aujourd_hui = timezone.localdate()
    plage(a, Role.MEDECIN, jour=aujourd_hui, de=0, a=23)
    passe = timezone.now() - timedelta(hours=1)
    reponse = a.client(Role.ASSISTANT_MEDICAL).post(f"/suivi/salaries/{a.salarie.pk}/convoquer/", {
        "type_service": type_visite(a, "vip_periodique").pk, "professionnel": a.membres[Role.MEDECIN].pk,
        "debut": timezone.localtime(passe).strftime("%Y-%m-%dT%H:%M"), "mode": "site"})
    assert "est déjà passé : choisissez une heure à venir" in reponse.content.decode()
    assert visites(a, statut=StatutVisite.PLANIFIEE) == []


def test_un_type_autre_que_celui_du_est_signale(a):
    plage(a, Role.MEDECIN, jour=DEMAIN, de=9, a=11)
    echeance = echeance_due(a)
    autre = "examen_aptitude_periodique" if echeance.type != "examen_aptitude_periodique" else "vip_periodique"
    client = a.client(Role.ASSISTANT_MEDICAL)
    url = f"/suivi/salaries/{a.salarie.pk}/convoquer/"
    page = client.get(url, {"type": type_visite(a, autre).pk}).content.decode()
    assert "pas celui que le salarié doit passer" in page
    creneau = client.get(url, {"type": type_visite(a, autre).pk}).context["creneaux"][0]
    suite = client.post(url, {"type_service": type_visite(a, autre).pk, "creneau": creneau.valeur}, follow=True)
    assert f"le salarié doit passer {echeance.get_type_display()}" in suite.content.decode()
