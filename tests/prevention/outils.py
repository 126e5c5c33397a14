"""Objects of prevention for the tests (cached on a world of ``conftest``): a draft FE with a work
unit and a hazard, a validated FE with its PDF, actions, measurements, sessions, DUERP versions,
action plans, a Relais de prévention."""

import io
import subprocess
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from django_scopes import scopes_disabled
from PIL import Image

from duerp.models import (
    AccompagnementDUERP,
    ActionPlan,
    DocumentDUERP,
    PlanAction,
    RelaisPrevention,
    SessionCollective,
)
from fiche_entreprise.models import (
    ActionMilieuTravail,
    DocumentAction,
    EcheancePrevention,
    FamilleRisque,
    FicheEntreprise,
    Mesurage,
    PhotoFiche,
    RisqueUnite,
    StatutAction,
    StatutFiche,
    TypeAction,
    TypeMesurage,
    UniteTravail,
)
from spsti.permissions import Role
from spsti.tenancy import service_actif

PRIORITES = {"priorite_1": "Mettre à jour le DUERP", "priorite_2": "Aides à la manutention",
             "priorite_3": "Former l'encadrement aux RPS"}


def en_cache(fabrique):
    """One object per world and builder."""
    def construire(monde):
        cle = f"_{fabrique.__name__}"
        if not hasattr(monde, cle):
            setattr(monde, cle, fabrique(monde))
        return getattr(monde, cle)
    construire.__name__ = fabrique.__name__
    return construire


def entree(monde, thesaurus, code):
    with service_actif(monde.service):
        return thesaurus.par_code(monde.service, code)


def png() -> ContentFile:
    tampon = io.BytesIO()
    Image.new("RGB", (40, 30), (11, 94, 107)).save(tampon, "PNG")
    return ContentFile(tampon.getvalue(), name="atelier.png")


@en_cache
def une_fiche(monde):
    """A complete draft FE (a unit, a hazard, the three priorities), by the team's ASST."""
    fiche = FicheEntreprise.objects.create(
        tenant=monde.service, adherent=monde.adherent, version=1, redigee_par=monde.membres[Role.ASSISTANT_PREVENTION],
        description_activite="Menuiserie : débit, usinage, assemblage.", effectif=8, **PRIORITES)
    unite = UniteTravail.objects.create(tenant=monde.service, fiche=fiche, nom="Atelier", effectif=5)
    RisqueUnite.objects.create(tenant=monde.service, unite=unite, famille=entree(monde, FamilleRisque, "bruit"),
                               niveau=3, mesures_existantes="Bouchons moulés")
    return fiche


def une_unite(monde):
    return UniteTravail.tous_services.filter(fiche=une_fiche(monde)).first()


def un_risque(monde):
    return RisqueUnite.tous_services.filter(unite=une_unite(monde)).first()


@en_cache
def une_photo(monde):
    return PhotoFiche.objects.create(tenant=monde.service, fiche=une_fiche(monde), image=png(), legende="Scie")


@en_cache
def une_fiche_validee(monde):
    """A validated FE with a (stand-in) PDF, without going through the PDF engine."""
    return FicheEntreprise.objects.create(
        tenant=monde.service, adherent=monde.adherent, version=2, redigee_par=monde.membres[Role.ASSISTANT_PREVENTION],
        statut=StatutFiche.VALIDEE, validee_le=timezone.now(), validee_par=monde.membres[Role.MEDECIN],
        description_activite="Menuiserie.", pdf=ContentFile(b"%PDF-1.4 fiche", name="fiche.pdf"), **PRIORITES)


def une_action(monde, **changes):
    valeurs = {"tenant": monde.service, "adherent": monde.adherent, "type": entree(monde, TypeAction, "etude_poste"),
               "intervenant": monde.membres[Role.IPRP], "date": timezone.localdate() - timedelta(days=10),
               **changes}
    return ActionMilieuTravail.objects.create(**valeurs)


@en_cache
def une_action_realisee(monde):
    return une_action(monde)


@en_cache
def un_rendez_vous(monde):
    """A visit date proposed to the member for next week."""
    debut = timezone.now() + timedelta(days=7)
    return une_action(monde, statut=StatutAction.PROPOSEE, debut=debut, date=timezone.localdate(debut),
                      type=entree(monde, TypeAction, "visite_entreprise"), proposee_le=timezone.now())


@en_cache
def un_rendez_vous_passe(monde):
    """A visit confirmed for an hour ago (its record can be written)."""
    debut = timezone.now() - timedelta(hours=1)
    return une_action(monde, statut=StatutAction.CONFIRMEE, debut=debut, date=timezone.localdate(debut))


@en_cache
def un_mesurage(monde):
    return Mesurage.objects.create(tenant=monde.service, action=une_action_realisee(monde),
                                   type=entree(monde, TypeMesurage, "sonometrie"), lieu="Scie", appareil="Sonomètre",
                                   valeur=88, unite="dB(A)", valeur_limite=85)


@en_cache
def un_document_action(monde):
    return DocumentAction.objects.create(tenant=monde.service, action=une_action_realisee(monde), titre="Rapport",
                                         fichier=ContentFile(b"rapport", name="rapport.txt"),
                                         depose_par=monde.membres[Role.IPRP].utilisateur)


def une_echeance(monde):
    with scopes_disabled():
        return EcheancePrevention.objects.filter(adherent=monde.adherent).first()


def une_session(monde, jours=14, **changes):
    debut = timezone.now() + timedelta(days=jours)
    return SessionCollective.objects.create(tenant=monde.service, debut=debut, fin=debut + timedelta(hours=3),
                                            lieu="Centre", capacite=changes.pop("capacite", 10), **changes)


@en_cache
def une_session_a_venir(monde):
    return une_session(monde)


@en_cache
def une_inscription(monde):
    from duerp.models import Inscription

    return Inscription.objects.create(tenant=monde.service, session=une_session_a_venir(monde),
                                      adherent=monde.adherent)


@en_cache
def un_accompagnement(monde):
    return AccompagnementDUERP.objects.create(tenant=monde.service, adherent=monde.adherent)


@en_cache
def un_plan(monde):
    plan = PlanAction.objects.create(tenant=monde.service, adherent=monde.adherent)
    ActionPlan.objects.create(tenant=monde.service, plan=plan, intitule="Transpalette", responsable="Gérant",
                              echeance=date(2026, 12, 31))
    return plan


def une_action_du_plan(monde):
    return ActionPlan.tous_services.filter(plan=un_plan(monde)).first()


@en_cache
def un_duerp(monde):
    return DocumentDUERP.objects.create(tenant=monde.service, adherent=monde.adherent, version=1,
                                        fichier=ContentFile(b"DUERP", name="duerp.csv"),
                                        mis_a_jour_le=date(2025, 3, 1),
                                        depose_par=monde.membres[Role.ADHERENT].utilisateur)


@en_cache
def un_relais(monde):
    return RelaisPrevention.objects.create(tenant=monde.service, adherent=monde.adherent, relais_nom="Léa Martin",
                                           proposee_le=date(2025, 9, 1))


def a_jour_en_prevention(monde):
    """The world's member with its FE validated and a primary action last year: nothing due in
    prevention (for tests about other alerts)."""
    il_y_a_un_an = timezone.now() - timedelta(days=365)
    FicheEntreprise.objects.create(
        tenant=monde.service, adherent=monde.adherent, version=1, statut=StatutFiche.VALIDEE, validee_le=il_y_a_un_an,
        redigee_par=monde.membres[Role.ASSISTANT_PREVENTION], validee_par=monde.membres[Role.MEDECIN], **PRIORITES)
    une_action(monde, date=il_y_a_un_an.date())
    return monde


def texte_pdf(contenu: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=contenu, capture_output=True, check=True).stdout.decode()
