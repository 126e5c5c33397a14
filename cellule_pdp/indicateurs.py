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

REFERENCES = (
    "Enquête DGT — Cellule de prévention de la désinsertion professionnelle",
    "Certification — Qualité de l'offre socle",
    "CPOM — Prévention de la désinsertion professionnelle",
)


def _actifs(periode):
    """Files open at the end of the period."""
    return DossierPDP.objects.filter(ouvert_le__lte=periode.fin).filter(
        Q(clos_le__isnull=True) | Q(clos_le__gt=periode.fin))


def _dans(modele, champ, **filtres):
    return lambda periode: modele.objects.filter(**{f"{champ}__range": (periode.debut, periode.fin)},
                                                 **filtres)


declarer(Indicateur(code="pdp_dossiers_actifs", domaine=DOMAINE, source=SOURCE,
                    libelle="Dossiers actifs (file active en fin de période)",
                    numerateur=_actifs, references=REFERENCES))
def _total_et_par_code(code, libelle, par_entree, modele, champ_date, thesaurus, lien):
    """A count over the period, and one per seeded entry of the thesaurus (stable codes; the
    service's own entries are on the statistics page)."""
    declarer(Indicateur(code=code, domaine=DOMAINE, source=SOURCE, libelle=libelle,
                        numerateur=_dans(modele, champ_date), references=REFERENCES))
    for entree in thesaurus.AMORCE:
        declarer(Indicateur(code=f"{code}_{entree['code']}", domaine=DOMAINE, source=SOURCE,
                            libelle=f"{par_entree} — {entree['libelle']}",
                            numerateur=_dans(modele, champ_date, **{f"{lien}__code": entree["code"]}),
                            references=REFERENCES))


_total_et_par_code("pdp_entrees", "Signalements reçus", "Signalements", Signalement, "recu_le", SourceSignalement,
                   "source")
_total_et_par_code("pdp_orientations", "Orientations proposées", "Orientations", Orientation, "proposee_le",
                   OrientationPDP, "orientation")
_total_et_par_code("pdp_accompagnements", "Accompagnements proposés", "Accompagnements", Mesure, "proposee_le",
                   AccompagnementPDP, "accompagnement")
_total_et_par_code("pdp_sorties", "Dossiers clos", "Sorties", DossierPDP, "clos_le", IssuePDP, "issue")
for etape in Etape:
    declarer(Indicateur(code=f"pdp_dossiers_{etape.value}", domaine=DOMAINE, source=SOURCE,
                        libelle=f"Dossiers ouverts sur la période — aujourd'hui {etape.label.lower()}",
                        numerateur=_dans(DossierPDP, "ouvert_le", avancement__etape=etape), references=REFERENCES))
declarer(Indicateur(
    code="pdp_delai_median_cloture_jours", domaine=DOMAINE, source=SOURCE,
    libelle="Délai médian du signalement à la clôture (jours)", unite="jours",
    definition="Médiane, en jours, du délai entre l'ouverture et la clôture des dossiers clos dans la période.",
    numerateur=lambda periode: rules.delai_median_jours(list(DossierPDP.objects.filter(
        clos_le__range=(periode.debut, periode.fin)).values_list("ouvert_le", "clos_le"))), references=REFERENCES))
declarer(Indicateur(
    code="pdp_medecins_avec_dossiers", domaine=DOMAINE, source=SOURCE,
    libelle="Médecins suivant au moins un dossier actif (détail par médecin : statistiques de la cellule)",
    numerateur=lambda periode: _actifs(periode).exclude(medecin=None).values("medecin").distinct(),
    references=REFERENCES))
declarer(Indicateur(code="pdp_dossiers_independants", domaine=DOMAINE, source="Offre spécifique (seed 003)",
                    libelle="Dossiers ouverts pour des travailleurs indépendants",
                    numerateur=_dans(DossierPDP, "ouvert_le", independant=True), references=REFERENCES))
declarer(Indicateur(code="pdp_membres_cellule", domaine=DOMAINE, source="Enquête annuelle DGT",
                    libelle="Membres de la cellule PDP",
                    numerateur=lambda periode: Rattachement.objects.filter(membre_cellule_pdp=True,
                                                                           actif=True), references=REFERENCES))
