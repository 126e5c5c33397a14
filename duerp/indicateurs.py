"""Indicators of DUERP support (seed 001 § 3.2.3; seed 000: members supported on their DUERP,
members with a recorded DUERP) and of the Relais de prévention (seed 001 § 3.3.4)."""

from django.db.models import Count, Exists, OuterRef, Q

from adherents.models import Adherent, StatutAdherent
from indicateurs.registre import Indicateur, declarer

from . import rules
from .models import (
    MODULE_PAR_PROGRAMME,
    AccompagnementDUERP,
    DocumentDUERP,
    Inscription,
    PlanAction,
    Programme,
    RelaisPrevention,
    SessionCollective,
    StatutSession,
)

DUERP = "Accompagnement DUERP"
RELAIS = "Relais de prévention"
SOURCE_DUERP = "Projet de service AST Beaucaire § 3.2.3 (seed 001)"
SOURCE_RELAIS = "Projet de service AST Beaucaire § 3.3.4 (seed 001)"

REFERENCES = (
    "Enquête DGT — DUERP reçus",
    "Certification — Qualité de l'offre socle",
    "CPOM — Prévention des risques professionnels",
    "Projet de service — Accompagnement DUERP",
)


def _dans(periode, champ):
    return {f"{champ}__range": (periode.debut, periode.fin)}


def _adherents(periode):
    return Adherent.objects.filter(statut=StatutAdherent.ACTIF, date_adhesion__lte=periode.fin)


def _sessions_duerp(periode):
    return SessionCollective.objects.filter(programme=Programme.SENSIBILISATION_DUERP, **_dans(periode, "debut__date"))


def _plans_complets(periode, **filtres):
    return (PlanAction.objects.filter(**_dans(periode, "cree_le"), **filtres)
            .annotate(priorites=Count("actions", filter=Q(actions__prioritaire=True)))
            .filter(priorites__gte=rules.PRIORITES_MINIMUM))


def _accompagnes(periode):
    """Members supported on their DUERP during the period: at an awareness session, given a tool,
    supported on site, or with an action plan drawn up."""
    adherent = OuterRef("pk")
    return _adherents(periode).filter(
        Exists(Inscription.objects.filter(adherent=adherent, present=True,
                                          session__programme=Programme.SENSIBILISATION_DUERP,
                                          **_dans(periode, "session__debut__date")))
        | Exists(AccompagnementDUERP.objects.filter(Q(**_dans(periode, "outil_remis_le"))
                                                    | Q(**_dans(periode, "accompagnement_sur_site_le")),
                                                    adherent=adherent))
        | Exists(PlanAction.objects.filter(adherent=adherent, **_dans(periode, "cree_le"))))


def _relais_duerp(periode):
    """Relais members that filed a DUERP during the period, after signing their contract."""
    return (RelaisPrevention.objects.filter(contrat_signe_le__isnull=False)
            .filter(Exists(DocumentDUERP.objects.filter(adherent=OuterRef("adherent"),
                                                        depose_le__date__gte=OuterRef("contrat_signe_le"),
                                                        **_dans(periode, "depose_le__date"))))
            .values("adherent").distinct())


def _modules(periode, programmes):
    return Inscription.objects.filter(present=True, session__programme__in=programmes,
                                      **_dans(periode, "session__debut__date"))


for code, libelle, numerateur in [
    ("duerp_sessions_proposees", "Sensibilisations au DUERP proposées",
     _sessions_duerp),
    ("duerp_sessions_realisees", "Sensibilisations au DUERP réalisées",
     lambda periode: _sessions_duerp(periode).filter(statut=StatutSession.TENUE)),
    ("duerp_outils_diffuses", "Outils d'aide à l'élaboration du DUERP remis aux adhérents",
     lambda periode: AccompagnementDUERP.objects.filter(**_dans(periode, "outil_remis_le"))),
    ("duerp_plans_3_priorites", "Plans d'action initiés comprenant au moins 3 actions prioritaires",
     _plans_complets),
    ("duerp_accompagnements_sur_site", "Accompagnements en entreprise pour l'élaboration et la mise en œuvre du DUERP",
     lambda periode: AccompagnementDUERP.objects.filter(**_dans(periode, "accompagnement_sur_site_le"))),
]:
    declarer(Indicateur(code=code, libelle=libelle, source=SOURCE_DUERP, domaine=DUERP, numerateur=numerateur,
    references=REFERENCES))

declarer(Indicateur(
    code="duerp_adherents_accompagnes", domaine=DUERP, source="Projet de service GMSI84 (seed 000 : 6,7 % en 2021)",
    libelle="Adhérents accompagnés dans l'élaboration ou la mise à jour de leur DUERP",
    definition="Numérateur : adhérents suivis présents à une sensibilisation DUERP, ayant reçu un outil, accompagnés "
               "sur site ou dont un plan d'action a été établi dans la période. Dénominateur : adhérents actifs ayant "
               "adhéré au plus tard à la fin de la période.",
    numerateur=_accompagnes,
    denominateur=_adherents, references=REFERENCES))

declarer(Indicateur(
    code="duerp_adherents_avec_duerp", domaine=DUERP, source="Projet de service GMSI84 (seed 000 : 14 % en 2021)",
    libelle="Adhérents dont un DUERP est enregistré",
    definition="Numérateur : adhérents suivis ayant déposé au moins un DUERP au plus tard à la fin de la période. "
               "Dénominateur : adhérents actifs ayant adhéré au plus tard à la fin de la période.",
    numerateur=lambda periode: _adherents(periode).filter(Exists(DocumentDUERP.objects.filter(
        adherent=OuterRef("pk"), depose_le__date__lte=periode.fin))),
    denominateur=_adherents, references=REFERENCES))

for code, libelle, numerateur in [
    ("relais_propositions", "Propositions d'entrée dans la démarche",
     lambda periode: RelaisPrevention.objects.filter(**_dans(periode, "proposee_le"))),
    ("relais_contrats", "Contrats d'engagement signés",
     lambda periode: RelaisPrevention.objects.filter(**_dans(periode, "contrat_signe_le"))),
    ("relais_modules", "Modules réalisés par les relais (tous modules)",
     lambda periode: _modules(periode, list(MODULE_PAR_PROGRAMME))),
    ("relais_duerp", "DUERP réalisés par les entreprises participantes", _relais_duerp),
    ("relais_plans", "Plans d'action formalisés avec au moins 3 points de progrès",
     lambda periode: _plans_complets(periode, relais__isnull=False)),
    ("relais_visites", "Accompagnements en entreprise (visites) réalisés",
     lambda periode: RelaisPrevention.objects.filter(**_dans(periode, "visite_le"))),
    ("relais_suivis_un_an", "Suivis réalisés à un an après la visite",
     lambda periode: RelaisPrevention.objects.filter(**_dans(periode, "suivi_un_an_le"))),
]:
    declarer(Indicateur(code=code, libelle=libelle, source=SOURCE_RELAIS, domaine=RELAIS, numerateur=numerateur,
    references=REFERENCES))

for programme, numero in MODULE_PAR_PROGRAMME.items():
    declarer(Indicateur(
        code=f"relais_module_{numero}", domaine=RELAIS, source=SOURCE_RELAIS,
        libelle=f"Module {numero} réalisé — {rules.MODULES_RELAIS[numero]}",
        numerateur=lambda periode, programme=programme: _modules(periode, [programme]), references=REFERENCES))
