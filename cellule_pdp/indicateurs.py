"""Indicators of the PDP cell (seed 001 § 2.1.2: entry, orientation, support, progress and exit
indicators; seed 003: self-employed workers; DGT survey: whether the service has a cell). The
breakdowns by the service's own thesaurus entries and by physician are on the cell's statistics
page."""

from django.db.models import Q

from indicateurs.registre import Indicateur, declarer
from spsti.models import Rattachement

from . import rules
from .models import (
    AccompagnementPDP,
    DossierPDP,
    Etape,
    IssuePDP,
    Mesure,
    Orientation,
    OrientationPDP,
    Signalement,
    SourceSignalement,
)

DOMAINE = "Cellule PDP"
SOURCE = "Cellule PDP, AST Beaucaire (seed 001 § 2.1.2)"


def _actifs(periode):
    """Files open at the end of the period."""
    return DossierPDP.objects.filter(ouvert_le__lte=periode.fin).filter(
        Q(clos_le__isnull=True) | Q(clos_le__gt=periode.fin))


def _dans(modele, champ, **filtres):
    return lambda periode: modele.objects.filter(**{f"{champ}__range": (periode.debut, periode.fin)},
                                                 **filtres).count()


declarer(Indicateur(code="pdp_dossiers_actifs", domaine=DOMAINE, source=SOURCE,
                    libelle="Dossiers actifs (file active en fin de période)",
                    numerateur=lambda periode: _actifs(periode).count()))
declarer(Indicateur(code="pdp_entrees", domaine=DOMAINE, source=SOURCE, libelle="Signalements reçus",
                    numerateur=_dans(Signalement, "recu_le")))
for entree in SourceSignalement.AMORCE:
    declarer(Indicateur(code=f"pdp_entrees_{entree['code']}", domaine=DOMAINE, source=SOURCE,
                        libelle=f"Signalements — {entree['libelle']}",
                        numerateur=_dans(Signalement, "recu_le", source__code=entree["code"])))
declarer(Indicateur(code="pdp_orientations", domaine=DOMAINE, source=SOURCE, libelle="Orientations proposées",
                    numerateur=_dans(Orientation, "proposee_le")))
for entree in OrientationPDP.AMORCE:
    declarer(Indicateur(code=f"pdp_orientations_{entree['code']}", domaine=DOMAINE, source=SOURCE,
                        libelle=f"Orientations — {entree['libelle']}",
                        numerateur=_dans(Orientation, "proposee_le", orientation__code=entree["code"])))
declarer(Indicateur(code="pdp_accompagnements", domaine=DOMAINE, source=SOURCE,
                    libelle="Accompagnements proposés", numerateur=_dans(Mesure, "proposee_le")))
for entree in AccompagnementPDP.AMORCE:
    declarer(Indicateur(code=f"pdp_accompagnements_{entree['code']}", domaine=DOMAINE, source=SOURCE,
                        libelle=f"Accompagnements — {entree['libelle']}",
                        numerateur=_dans(Mesure, "proposee_le", accompagnement__code=entree["code"])))
for etape in Etape:
    declarer(Indicateur(code=f"pdp_dossiers_{etape.value}", domaine=DOMAINE, source=SOURCE,
                        libelle=f"Dossiers ouverts sur la période — aujourd'hui {etape.label.lower()}",
                        numerateur=_dans(DossierPDP, "ouvert_le", avancement__etape=etape)))
declarer(Indicateur(code="pdp_sorties", domaine=DOMAINE, source=SOURCE, libelle="Dossiers clos",
                    numerateur=_dans(DossierPDP, "clos_le")))
for entree in IssuePDP.AMORCE:
    declarer(Indicateur(code=f"pdp_sorties_{entree['code']}", domaine=DOMAINE, source=SOURCE,
                        libelle=f"Sorties — {entree['libelle']}",
                        numerateur=_dans(DossierPDP, "clos_le", issue__code=entree["code"])))
declarer(Indicateur(
    code="pdp_delai_median_cloture_jours", domaine=DOMAINE, source=SOURCE,
    libelle="Délai médian du signalement à la clôture (jours)",
    numerateur=lambda periode: rules.delai_median_jours(list(DossierPDP.objects.filter(
        clos_le__range=(periode.debut, periode.fin)).values_list("ouvert_le", "clos_le")))))
declarer(Indicateur(
    code="pdp_medecins_avec_dossiers", domaine=DOMAINE, source=SOURCE,
    libelle="Médecins suivant au moins un dossier actif (détail par médecin : statistiques de la cellule)",
    numerateur=lambda periode: _actifs(periode).exclude(medecin=None).values("medecin").distinct().count()))
declarer(Indicateur(code="pdp_dossiers_independants", domaine=DOMAINE, source="Offre spécifique (seed 003)",
                    libelle="Dossiers ouverts pour des travailleurs indépendants",
                    numerateur=_dans(DossierPDP, "ouvert_le", independant=True)))
declarer(Indicateur(code="pdp_membres_cellule", domaine=DOMAINE, source="Enquête annuelle DGT",
                    libelle="Membres de la cellule PDP",
                    numerateur=lambda periode: Rattachement.objects.filter(membre_cellule_pdp=True,
                                                                           actif=True).count()))
