"""Agenda, convocations, delegation protocols and the visit record, through the pages:
availability, booking (one by one and in bulk for a member), conflicts, nurses only under an
active protocol (R4623-14), recording, outcome documents without medical detail."""

from datetime import date, time, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_scopes import scopes_disabled

from spsti.models import AccesDossierMedical
from spsti.permissions import Role
from suivi_individuel.models import (
    Disponibilite,
    DocumentSuivi,
    ExamenVisite,
    PreferencesPlanification,
    ProtocoleDelegation,
    StatutVisite,
    Visite,
)
from tests.factories import SalarieFactory
from tests.prevention.outils import texte_pdf as texte_de

from .outils import (
    DEMAIN,
    convoquer,
    enregistrer,
    moment,
    plage,
    protocole,
    texte_pdf,
    visite_du_jour,
    visites,
)

MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
        "novembre", "décembre")


def test_la_secretaire_cree_des_plages_et_les_voit_dans_l_agenda(a):
    client = a.client(Role.ASSISTANT_MEDICAL)
    reponse = client.post("/suivi/disponibilites/nouvelle/", {
        "professionnel": a.membres[Role.MEDECIN].pk, "centre": a.equipe.centre_id, "mode": "site",
        "jour": DEMAIN.isoformat(), "heure_debut": "09:00", "heure_fin": "12:00", "semaines": 2})
    assert reponse.status_code == 302
    assert len(Disponibilite.tous_services.filter(tenant=a.service)) == 2
    chevauchement = client.post("/suivi/disponibilites/nouvelle/", {
        "professionnel": a.membres[Role.MEDECIN].pk, "centre": a.equipe.centre_id, "mode": "site",
        "jour": DEMAIN.isoformat(), "heure_debut": "11:00", "heure_fin": "13:00", "semaines": 1})
    assert "Chevauchement avec une plage existante" in chevauchement.content.decode()
    assert Disponibilite.tous_services.filter(tenant=a.service).count() == 2
    page = client.get("/suivi/agenda/", {"semaine": DEMAIN.isoformat()}).content.decode()
    assert "09:00–12:00" in page and "9</span> créneaux de 20 min libres" in page


@pytest.mark.django_db(transaction=False)
def test_convocation_lettre_et_courriel_puis_conflit_refuse(a, django_capture_on_commit_callbacks):
    plage(a, Role.MEDECIN)
    a.salarie.email = "alex@exemple.fr"
    a.salarie.save()
    with django_capture_on_commit_callbacks(execute=True):
        reponse = convoquer(a, Role.ASSISTANT_MEDICAL, Role.MEDECIN, moment(DEMAIN, 9, 20))
    assert reponse.status_code == 302
    (visite,) = visites(a, statut=StatutVisite.PLANIFIEE)
    assert visite.duree_minutes == 20 and visite.convoquee_le is not None
    (courriel,) = mail.outbox
    assert courriel.to == ["alex@exemple.fr"] and courriel.attachments[0][2] == "application/pdf"
    assert courriel.attachments[0][1].startswith(b"%PDF")
    lettre = texte_de(courriel.attachments[0][1])
    assert f"{DEMAIN.day} {MOIS[DEMAIN.month - 1]} {DEMAIN.year}" in lettre  # dates in French, like the letter
    autre = SalarieFactory(tenant=a.service, adherent=a.adherent)
    conflit = convoquer(a, Role.ASSISTANT_MEDICAL, Role.MEDECIN, moment(DEMAIN, 9, 30), salarie=autre)
    assert "a déjà une visite" in conflit.content.decode()
    hors_plage = convoquer(a, Role.ASSISTANT_MEDICAL, Role.MEDECIN, moment(DEMAIN, 14), salarie=autre)
    assert "n&#x27;a pas de plage de disponibilité" in hors_plage.content.decode()
    assert len(visites(a, statut=StatutVisite.PLANIFIEE)) == 1


@pytest.mark.parametrize(("cas", "protocole_kwargs", "type_legal", "autorise"), [
    ("aucun protocole", None, "vip_periodique", False),
    ("protocole actif couvrant la VIP (R4623-14)", {}, "vip_periodique", True),
    ("protocole non signé", {"signe_le": None}, "vip_periodique", False),
    ("protocole non validé par la CMT", {"valide_cmt_le": None}, "vip_periodique", False),
    ("protocole expiré", {"valide_au": date(2026, 2, 1)}, "vip_periodique", False),
    ("type non couvert", {"types": ("mi_carriere",)}, "vip_periodique", False),
    ("catégorie non couverte", {"categories": ("SIR",)}, "vip_periodique", False),
    ("examen d'aptitude réservé au médecin (R4624-24)", {"types": ("vip_periodique",)},
     "examen_aptitude_periodique", False),
])
def test_une_infirmiere_n_est_convoquee_que_sous_protocole_actif(a, cas, protocole_kwargs, type_legal, autorise):
    if protocole_kwargs is not None:
        protocole(a, **protocole_kwargs)
    plage(a, Role.INFIRMIER)
    reponse = convoquer(a, Role.ASSISTANT_MEDICAL, Role.INFIRMIER, moment(DEMAIN, 10), type_legal=type_legal)
    assert (reponse.status_code == 302) is autorise, cas
    assert len(visites(a, statut=StatutVisite.PLANIFIEE)) == (1 if autorise else 0)
    if not autorise:
        assert "R4623-14" in reponse.content.decode()


def test_un_protocole_ne_delegue_pas_l_examen_d_aptitude(a):
    reponse = a.client(Role.DIRECTEUR).post("/suivi/protocoles/nouveau/", {
        "medecin": a.membres[Role.MEDECIN].pk, "infirmier": a.membres[Role.INFIRMIER].pk,
        "types_visite": ["vip_periodique", "examen_aptitude_periodique"], "categories": ["SI"],
        "contenu": "x", "valide_du": "2026-01-01"})
    assert reponse.status_code == 200 and "ProtocoleDelegation" not in reponse.content.decode()
    assert not ProtocoleDelegation.tous_services.filter(tenant=a.service).exists()


def test_signature_par_le_medecin_delegant_et_validation_cmt_par_la_direction(a):
    brouillon = protocole(a, signe_le=None, valide_cmt_le=None)
    assert a.client(Role.DIRECTEUR).post(f"/suivi/protocoles/{brouillon.pk}/signer/").status_code == 403
    assert a.client(Role.MEDECIN).post(f"/suivi/protocoles/{brouillon.pk}/signer/").status_code == 302
    assert a.client(Role.MEDECIN).post(f"/suivi/protocoles/{brouillon.pk}/valider-cmt/").status_code == 403
    assert a.client(Role.DIRECTEUR).post(f"/suivi/protocoles/{brouillon.pk}/valider-cmt/").status_code == 302
    brouillon.refresh_from_db()
    assert brouillon.actif_le(timezone.localdate())
    modifier = a.client(Role.MEDECIN).post(f"/suivi/protocoles/{brouillon.pk}/", {
        "medecin": a.membres[Role.MEDECIN].pk, "infirmier": a.membres[Role.INFIRMIER].pk,
        "types_visite": ["mi_carriere"], "categories": ["SI"], "contenu": "x", "valide_du": "2026-01-01"})
    assert "Un protocole signé ne se modifie pas" in modifier.content.decode()


def test_l_infirmiere_sans_protocole_ne_peut_pas_enregistrer_la_visite(a):
    visite = visite_du_jour(a, Role.INFIRMIER)
    page = a.client(Role.INFIRMIER).get(f"/suivi/visites/{visite.pk}/").content.decode()
    assert "Enregistrer la visite" not in page and "R4623-14" in page  # no form she could not submit
    assert a.client(Role.INFIRMIER).get(f"/suivi/visites/{visite.pk}/enregistrer/").status_code == 403
    assert enregistrer(a, Role.INFIRMIER, visite).status_code == 403
    assert not ExamenVisite.tous_services.filter(tenant=a.service).exists()
    assert not DocumentSuivi.tous_services.filter(tenant=a.service).exists()


def test_l_infirmiere_enregistre_une_visite_deleguee_et_remet_une_attestation(a):
    protocole(a)
    visite = visite_du_jour(a, Role.INFIRMIER)
    formulaire = a.client(Role.INFIRMIER).get(f"/suivi/visites/{visite.pk}/enregistrer/").content.decode()
    assert 'value="attestation_suivi"' in formulaire and 'value="avis_aptitude"' not in formulaire
    avis = enregistrer(a, Role.INFIRMIER, visite, nature="avis_aptitude")
    assert avis.status_code == 200 and not DocumentSuivi.tous_services.filter(tenant=a.service).exists()
    assert enregistrer(a, Role.INFIRMIER, visite).status_code == 302
    visite.refresh_from_db()
    assert visite.statut == StatutVisite.REALISEE and visite.protocole is not None
    (document,) = DocumentSuivi.tous_services.filter(visite=visite)
    texte = texte_pdf(document)
    assert "Attestation de suivi" in texte and "Éviter le port de charges" in texte
    assert "Le ou la salarié·e a bénéficié ce jour" in texte  # one line: no break after the first word
    assert "Lombalgies" not in texte and "Revoir dans un an" not in texte
    with pytest.raises(Exception, match="ne se modifie pas"):
        document.save()


def test_la_teleconsultation_exige_le_consentement(a):
    visite = visite_du_jour(a, Role.MEDECIN, mode="teleconsultation")
    sans = enregistrer(a, Role.MEDECIN, visite)
    assert "R4624-41-1" in sans.content.decode()
    assert enregistrer(a, Role.MEDECIN, visite, consentement_teleconsultation="on").status_code == 302


def test_l_examen_d_aptitude_conclut_par_un_avis_du_medecin(a):
    visite = visite_du_jour(a, Role.MEDECIN, type_legal="examen_aptitude_periodique")
    formulaire = a.client(Role.MEDECIN).get(f"/suivi/visites/{visite.pk}/enregistrer/").content.decode()
    assert 'value="attestation_suivi"' not in formulaire and "R4624-25" in formulaire  # only what the law allows
    assert enregistrer(a, Role.MEDECIN, visite).status_code == 200
    assert enregistrer(a, Role.MEDECIN, visite, nature="avis_aptitude").status_code == 302


@pytest.mark.parametrize("role", [Role.ASSISTANT_MEDICAL, Role.DIRECTEUR, Role.ADHERENT])
def test_la_partie_medicale_n_atteint_jamais_un_role_non_medical(a, role):
    visite = visite_du_jour(a, Role.MEDECIN)
    enregistrer(a, Role.MEDECIN, visite)
    pages = {Role.ASSISTANT_MEDICAL: [f"/suivi/visites/{visite.pk}/", "/suivi/visites/?statut=realisee"],
             Role.DIRECTEUR: [f"/suivi/visites/{visite.pk}/", f"/historique/suivi_individuel.visite/{visite.pk}/"],
             Role.ADHERENT: [f"/portail/entreprises/{a.adherent.pk}/"]}[role]
    for url in pages:
        html = a.client(role).get(url).content.decode()
        assert "Lombalgies" not in html and "Revoir dans un an" not in html and "128/82" not in html, url
    assert a.client(role).get(f"/suivi/visites/{visite.pk}/enregistrer/").status_code == 403


def test_chaque_lecture_de_la_partie_medicale_est_journalisee(a):
    visite = visite_du_jour(a, Role.MEDECIN)
    enregistrer(a, Role.MEDECIN, visite)
    html = a.client(Role.MEDECIN).get(f"/suivi/visites/{visite.pk}/").content.decode()
    assert "Lombalgies" in html
    lectures = AccesDossierMedical.tous_services.filter(tenant=a.service, origine=f"/suivi/visites/{visite.pk}/")
    assert [(lecture.role, lecture.accorde) for lecture in lectures] == [(Role.MEDECIN, True)]


def test_l_infirmiere_oriente_vers_le_medecin(a):
    protocole(a)
    visite = visite_du_jour(a, Role.INFIRMIER)
    enregistrer(a, Role.INFIRMIER, visite)
    reponse = a.client(Role.INFIRMIER).post(f"/suivi/visites/{visite.pk}/orienter/")
    (orientation,) = visites(a, statut=StatutVisite.A_PLANIFIER)
    assert reponse.url == f"/suivi/visites/{orientation.pk}/"
    assert orientation.professionnel == a.membres[Role.MEDECIN] and orientation.orientee_depuis == visite


def test_l_employeur_voit_ses_convocations_et_telecharge_l_attestation(a, b):
    plage(a, Role.MEDECIN)
    convoquer(a, Role.ASSISTANT_MEDICAL, Role.MEDECIN, moment(DEMAIN, 10))
    faite = visite_du_jour(a, Role.MEDECIN)
    enregistrer(a, Role.MEDECIN, faite)
    client = a.client(Role.ADHERENT)
    page = client.get(f"/portail/entreprises/{a.adherent.pk}/").content.decode()
    (a_venir,) = visites(a, statut=StatutVisite.PLANIFIEE)
    (document,) = DocumentSuivi.tous_services.filter(visite=faite)
    assert f"/convocations/{a_venir.pk}.pdf" in page and f"/documents-suivi/{document.pk}/" in page
    pdf = client.get(f"/portail/entreprises/{a.adherent.pk}/documents-suivi/{document.pk}/")
    assert pdf["Content-Type"] == "application/pdf" and b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert client.get(f"/portail/entreprises/{a.adherent.pk}/convocations/{a_venir.pk}.pdf").status_code == 200
    # another company's documents, and another service's, are 404
    autre = b.client(Role.ADHERENT)
    assert autre.get(f"/portail/entreprises/{a.adherent.pk}/documents-suivi/{document.pk}/").status_code == 404
    assert a.client(Role.ASSISTANT_MEDICAL).get(f"/suivi/visites/{faite.pk}/").status_code == 200
    assert b.client(Role.ASSISTANT_MEDICAL).get(f"/suivi/visites/{faite.pk}/").status_code == 404


def test_report_et_annulation_motives_absence_notee(a):
    plage(a, Role.MEDECIN)
    convoquer(a, Role.ASSISTANT_MEDICAL, Role.MEDECIN, moment(DEMAIN, 9))
    (visite,) = visites(a, statut=StatutVisite.PLANIFIEE)
    client = a.client(Role.ASSISTANT_MEDICAL)
    sans_motif = client.post(f"/suivi/visites/{visite.pk}/reporter/", {
        "type_service": visite.type_service_id, "professionnel": visite.professionnel_id,
        "debut": timezone.localtime(moment(DEMAIN, 11)).strftime("%Y-%m-%dT%H:%M"), "mode": "site", "motif": ""})
    assert "Ce champ est obligatoire" in sans_motif.content.decode()
    client.post(f"/suivi/visites/{visite.pk}/reporter/", {
        "type_service": visite.type_service_id, "professionnel": visite.professionnel_id,
        "debut": timezone.localtime(moment(DEMAIN, 11)).strftime("%Y-%m-%dT%H:%M"), "mode": "site",
        "motif": "Salarié en déplacement"})
    visite.refresh_from_db()
    assert timezone.localtime(visite.debut).hour == 11 and visite.motif_changement == "Salarié en déplacement"
    client.post(f"/suivi/visites/{visite.pk}/annuler/", {"motif": ""})
    visite.refresh_from_db()
    assert visite.statut == StatutVisite.PLANIFIEE
    client.post(f"/suivi/visites/{visite.pk}/annuler/", {"motif": "Départ de l'entreprise"})
    visite.refresh_from_db()
    assert visite.statut == StatutVisite.ANNULEE
    manquee = visite_du_jour(a, Role.MEDECIN)
    client.post(f"/suivi/visites/{manquee.pk}/absence/", {"excusee": "non", "motif": ""})
    manquee.refresh_from_db()
    assert manquee.statut == StatutVisite.ABSENTE


def test_planification_groupee_dans_les_preferences_de_l_adherent(a):
    """Three workers due; the member accepts Tuesdays only, from 14:00: each is booked in the
    first free time of a Tuesday afternoon, none elsewhere."""
    with scopes_disabled():
        Visite.tous_services.filter(tenant=a.service).delete()  # the fixture's worker is due again
    for _ in range(2):
        SalarieFactory(tenant=a.service, adherent=a.adherent)
    mardi = DEMAIN + timedelta(days=(1 - DEMAIN.weekday()) % 7)
    lundi = mardi + timedelta(days=6)
    plage(a, Role.MEDECIN, jour=lundi, de=9, a=17)
    plage(a, Role.MEDECIN, jour=mardi, de=9, a=17)
    PreferencesPlanification.objects.create(tenant=a.service, adherent=a.adherent, jours=[1], heure_min=time(14))
    reponse = a.client(Role.ASSISTANT_MEDICAL).post(f"/suivi/adherents/{a.adherent.pk}/planifier/", {
        "du": DEMAIN.isoformat(), "au": (DEMAIN + timedelta(days=14)).isoformat()})
    assert "3 visite(s) planifiée(s)" in reponse.content.decode()
    heures = [timezone.localtime(v.debut) for v in visites(a, statut=StatutVisite.PLANIFIEE)]
    assert [(h.date(), h.strftime("%H:%M")) for h in heures] == [(mardi, "14:00"), (mardi, "14:20"), (mardi, "14:40")]


def test_l_echeancier_montre_les_convocations_et_l_alerte_se_tait_une_fois_convoque(a):
    """A late VIP alerts the medical assistants until it is booked; the due list and the portal
    then show when the worker is convoked."""
    from spsti.models import Alerte
    from spsti.tasks import balayer_alertes_tous_services

    with scopes_disabled():
        Visite.tous_services.filter(tenant=a.service).delete()  # the fixture's worker is late again
    balayer_alertes_tous_services.delay()
    assert Alerte.tous_services.filter(tenant=a.service, source="visite_en_retard", resolue_le__isnull=True).exists()
    client = a.client(Role.ASSISTANT_MEDICAL)

    def a_convoquer():
        return {(e.salarie, e.type) for e in client.get("/suivi/echeancier/", {"a_planifier": "true"}).context["page"]}

    assert (a.salarie, "vip_initiale") in a_convoquer()
    plage(a, Role.MEDECIN)
    convoquer(a, Role.ASSISTANT_MEDICAL, Role.MEDECIN, moment(DEMAIN, 9), type_legal="vip_initiale")
    assert (a.salarie, "vip_initiale") not in a_convoquer()
    page = client.get("/suivi/echeancier/").content.decode()
    assert f"convoqué·e le {DEMAIN:%d/%m/%Y} 09:00" in page
    portail = a.client(Role.ADHERENT).get(f"/portail/entreprises/{a.adherent.pk}/").content.decode()
    assert f"convoqué·e le {DEMAIN:%d/%m/%Y} 09:00" in portail
    balayer_alertes_tous_services.delay()
    assert not Alerte.tous_services.filter(tenant=a.service, source="visite_en_retard",
                                           resolue_le__isnull=True).exists()
