"""Prevention indicators on a known year: FE within four years and in the year of adhesion,
primary actions, CSE/CSSCT participations, the DUERP support funnel, the Relais de prévention
funnel."""

from datetime import date, datetime, time

from django.core.files.base import ContentFile
from django.utils import timezone

from duerp.models import (
    AccompagnementDUERP,
    ActionPlan,
    DocumentDUERP,
    Inscription,
    PlanAction,
    Programme,
    RelaisPrevention,
    SessionCollective,
    StatutSession,
)
from fiche_entreprise.models import DossierPrevention, FicheEntreprise, StatutFiche, TypeAction
from spsti.permissions import Role
from tests.factories import AdherentFactory

from .outils import PRIORITES, entree, une_action


def moment(jour):
    return timezone.make_aware(datetime.combine(jour, time(10)))


def test_les_indicateurs_de_prevention_sur_une_annee(a, b):
    nouveau = AdherentFactory(tenant=a.service, equipe=a.equipe, centre=a.equipe.centre, date_adhesion=date(2024, 3, 1))
    en_retard = AdherentFactory(tenant=a.service, equipe=a.equipe, centre=a.equipe.centre,
                                date_adhesion=date(2024, 6, 1))
    ancien = AdherentFactory(tenant=a.service, equipe=a.equipe, centre=a.equipe.centre)
    for adherent, jour in ((a.adherent, date(2022, 1, 10)), (nouveau, date(2024, 12, 1)),
                           (en_retard, date(2025, 8, 1)), (ancien, date(2021, 6, 1))):
        FicheEntreprise.objects.create(
            tenant=a.service, adherent=adherent, version=1, statut=StatutFiche.VALIDEE, validee_le=moment(jour),
            redigee_par=a.membres[Role.ASSISTANT_PREVENTION], validee_par=a.membres[Role.MEDECIN], **PRIORITES)
    une_action(a, date=date(2023, 5, 1))  # primary (job study)
    une_action(a, adherent=nouveau, date=date(2025, 2, 1), type=entree(a, TypeAction, "conseil"))
    for jour in (date(2025, 3, 4), date(2025, 10, 7)):
        une_action(a, date=jour, type=entree(a, TypeAction, "reunion_cse"), intervenant=a.membres[Role.MEDECIN])
    DossierPrevention.objects.create(tenant=a.service, adherent=a.adherent, instances="cse")
    DossierPrevention.objects.create(tenant=a.service, adherent=nouveau, instances="cssct")

    def session(programme, jour, statut=StatutSession.TENUE):
        return SessionCollective.objects.create(tenant=a.service, programme=programme, debut=moment(jour),
                                                fin=moment(jour).replace(hour=13), lieu="Centre", statut=statut)

    Inscription.objects.create(tenant=a.service, session=session(Programme.SENSIBILISATION_DUERP, date(2025, 3, 10)),
                               adherent=a.adherent, present=True)
    session(Programme.SENSIBILISATION_DUERP, date(2025, 9, 15), StatutSession.PROGRAMMEE)
    accompagnement = AccompagnementDUERP.objects.create(
        tenant=a.service, adherent=nouveau, outil="oira", outil_remis_le=date(2025, 4, 1),
        accompagnement_sur_site_le=date(2025, 5, 10))

    def plan(adherent, priorites, **liens):
        plan = PlanAction.objects.create(tenant=a.service, adherent=adherent, cree_le=date(2025, 5, 10), **liens)
        for numero in range(priorites):
            ActionPlan.objects.create(tenant=a.service, plan=plan, intitule=f"Action {numero}", responsable="Gérant",
                                      echeance=date(2026, 1, 1))

    plan(nouveau, 3, accompagnement=accompagnement)
    plan(en_retard, 2)
    DocumentDUERP.objects.create(tenant=a.service, adherent=a.adherent, version=1, mis_a_jour_le=date(2025, 1, 20),
                                 depose_le=moment(date(2025, 2, 1)), depose_par=a.membres[Role.ADHERENT].utilisateur,
                                 fichier=ContentFile(b"x", name="duerp.pdf"))
    relais = RelaisPrevention.objects.create(tenant=a.service, adherent=en_retard, relais_nom="Léa",
                                             proposee_le=date(2025, 1, 10), contrat_signe_le=date(2025, 2, 1),
                                             visite_le=date(2025, 10, 1))
    for programme, jour in ((Programme.RELAIS_1, date(2025, 3, 1)), (Programme.RELAIS_2, date(2025, 6, 1))):
        Inscription.objects.create(tenant=a.service, session=session(programme, jour), adherent=en_retard, present=True)
    plan(en_retard, 3, relais=relais)
    DocumentDUERP.objects.create(tenant=a.service, adherent=en_retard, version=1, mis_a_jour_le=date(2025, 7, 1),
                                 depose_le=moment(date(2025, 7, 1)), depose_par=a.membres[Role.ADHERENT].utilisateur,
                                 fichier=ContentFile(b"x", name="duerp.pdf"))
    une_action(b, date=date(2025, 4, 4))  # another service: never counted

    reponse = a.client(Role.DIRECTEUR).get("/indicateurs/domaines/", {"annee": 2025})
    valeurs = {v.indicateur.code: (v.numerateur, v.denominateur) for _, groupe in reponse.context["par_domaine"]
               for v in groupe}
    attendus = {
        "fe_a_jour_4_ans": (3, 4), "fe_annee_adhesion": (1, 2), "fe_validees": (1, None),
        "action_primaire_4_ans": (1, 4), "participations_cse_cssct": (1, 2), "amt_etude_poste": (0, None),
        "amt_reunion_cse": (2, None), "duerp_sessions_proposees": (2, None), "duerp_sessions_realisees": (1, None),
        "duerp_outils_diffuses": (1, None), "duerp_plans_3_priorites": (2, None),
        "duerp_accompagnements_sur_site": (1, None), "duerp_adherents_accompagnes": (3, 4),
        "duerp_adherents_avec_duerp": (2, 4), "relais_propositions": (1, None), "relais_contrats": (1, None),
        "relais_modules": (2, None), "relais_module_1": (1, None), "relais_module_2": (1, None),
        "relais_module_3": (0, None), "relais_duerp": (1, None), "relais_plans": (1, None),
        "relais_visites": (1, None), "relais_suivis_un_an": (0, None)}
    assert {code: valeurs[code] for code in attendus} == attendus
    assert "Adhérents dont la fiche d&#x27;entreprise a été réalisée ou mise à jour dans les 4 ans" in (
        reponse.content.decode())
