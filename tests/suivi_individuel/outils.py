"""Helpers shared by the follow-up tests: availability, protocols, visits booked earlier today,
the medical part recorded through the page."""

import subprocess
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django_scopes import scopes_disabled

from spsti.permissions import Role
from spsti.tenancy import service_actif
from suivi_individuel.models import Disponibilite, DocumentSuivi, ProtocoleDelegation, StatutVisite, Visite
from suivi_individuel.thesaurus import types_visite_du_service

DEMAIN = timezone.localdate() + timedelta(days=1)


def moment(jour, heure, minute=0):
    return timezone.make_aware(datetime.combine(jour, time(heure, minute)))


def plage(monde, role, jour=DEMAIN, de=9, a=12, **kwargs):
    return Disponibilite.objects.create(tenant=monde.service, professionnel=monde.membres[role],
                                        centre=monde.equipe.centre, debut=moment(jour, de), fin=moment(jour, a),
                                        **kwargs)


def type_visite(monde, type_legal):
    with service_actif(monde.service):
        return next(t for t in types_visite_du_service(monde.service) if t.type_legal == type_legal)


def protocole(monde, types=("vip_periodique", "vip_initiale"), categories=("SI",), **kwargs):
    """The team physician's protocol for its nurse, signed and validated in January 2026."""
    valeurs = {"signe_le": date(2026, 1, 5), "valide_cmt_le": date(2026, 1, 20), "valide_du": date(2026, 1, 5)}
    valeurs.update(kwargs)
    return ProtocoleDelegation.objects.create(
        tenant=monde.service, medecin=monde.membres[Role.MEDECIN], infirmier=monde.membres[Role.INFIRMIER],
        types_visite=list(types), categories=list(categories), contenu="VIP des salariés en SI.", **valeurs)


def visites(monde, **filtres):
    with scopes_disabled():
        return list(Visite.objects.filter(tenant=monde.service, **filtres).order_by("debut", "pk"))


def visite_du_jour(monde, role=Role.MEDECIN, type_legal="vip_periodique", mode="site", salarie=None):
    """A visit booked earlier today (bypassing the booking rules: its time is past): half an hour
    ago, or at midnight in the first half hour of the day (else it fell on yesterday)."""
    maintenant = timezone.localtime()
    debut = max(maintenant - timedelta(minutes=30), maintenant.replace(hour=0, minute=0, second=0, microsecond=0))
    return Visite.objects.create(tenant=monde.service, salarie=salarie or monde.salarie, type=type_legal,
                                 type_service=type_visite(monde, type_legal), statut=StatutVisite.PLANIFIEE,
                                 debut=debut, date=timezone.localdate(debut), professionnel=monde.membres[role],
                                 mode=mode)


EXAMEN = {"notes": "Lombalgies récurrentes", "poids_kg": "72.5", "taille_cm": "175", "tension_systolique": "128",
          "tension_diastolique": "82", "conclusions": "Revoir dans un an", "nature": "attestation_suivi",
          "propositions": "Éviter le port de charges de plus de 15 kg."}


def enregistrer(monde, role, visite, **changes):
    """The physician or nurse records the visit through its page."""
    return monde.client(role).post(f"/suivi/visites/{visite.pk}/enregistrer/", {**EXAMEN, **changes})


def texte_pdf(document) -> str:
    with scopes_disabled():
        contenu = DocumentSuivi.tous_services.get(pk=document.pk).pdf.read()
    return subprocess.run(["pdftotext", "-", "-"], input=contenu, capture_output=True, check=True).stdout.decode()


def convoquer(monde, role_client, role_pro, debut, type_legal="vip_periodique", mode="site", salarie=None):
    """Books a visit through the convocation page."""
    return monde.client(role_client).post(f"/suivi/salaries/{(salarie or monde.salarie).pk}/convoquer/", {
        "type_service": type_visite(monde, type_legal).pk, "professionnel": monde.membres[role_pro].pk,
        "debut": timezone.localtime(debut).strftime("%Y-%m-%dT%H:%M"), "mode": mode})
