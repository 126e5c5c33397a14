"""The DGT annual survey (D4622-57; sent electronically before 30 June for the previous year):
its sections, each with the counters the product computes (indicator codes, read from the
year's snapshots) and the rubrics it cannot compute, entered by the director and kept with
the year (``SaisieEnquete``)."""

from dataclasses import dataclass

from adherents.models import TrancheEffectif
from suivi_individuel.models import ModeRealisation, TypeVisite

from .registre import INDICATEURS


@dataclass(frozen=True)
class Rubrique:
    cle: str
    libelle: str
    aide: str = ""


SECTIONS: list[tuple[str, list[str], list[Rubrique]]] = [
    ("1. Adhérents par taille d'entreprise",
     ["adherents_suivis"] + [f"adherents_taille_{t.value}" for t in TrancheEffectif] + ["part_adherents_moins_11"],
     []),
    ("2. Salariés suivis par type de suivi",
     ["salaries_suivis", "salaries_suivis_si", "salaries_suivis_sia", "salaries_suivis_sir"], []),
    ("3. Médecins et infirmiers : effectifs et équivalents temps plein",
     ["personnel_medecin_effectif", "personnel_medecin_etp", "personnel_infirmier_effectif",
      "personnel_infirmier_etp"],
     [Rubrique("medecins_collaborateurs", "Médecins collaborateurs et internes (effectif)"),
      Rubrique("autres_personnels_etp", "Autres personnels de l'équipe pluridisciplinaire (ETP)",
               "IPRP, assistants, ASST : le produit ne connaît pas encore leur temps de travail déclaré.")]),
    ("4. Visites et examens",
     ["visites_realisees"] + [f"visites_realisees_type_{t.value}" for t in TypeVisite]
     + ["visites_realisees_role_medecin", "visites_realisees_role_infirmier", "visites_realisees_role_autre"]
     + [f"visites_realisees_mode_{m.value}" for m in ModeRealisation] + ["part_teleconsultation"], []),
    ("5. Avis d'inaptitude", ["avis_inaptitude"], []),
    ("6. Actions en milieu de travail", [c for c in INDICATEURS if c.startswith("amt_")]
     + ["actions_prevention_primaire", "metrologies_realisees"], []),
    ("7. Fiches d'entreprise", ["fe_validees", "fe_a_jour_4_ans", "fe_annee_adhesion"], []),
    ("8. Document unique (DUERP)", ["duerp_adherents_avec_duerp", "duerp_adherents_accompagnes"],
     [Rubrique("duerp_recus", "DUERP reçus par le service dans l'année (nombre)",
               "Les DUERP déposés sur le portail sont comptés dans les adhérents dont un DUERP est enregistré.")]),
    ("9. Cellule de prévention de la désinsertion professionnelle",
     ["pdp_membres_cellule", "pdp_entrees", "pdp_dossiers_actifs", "pdp_sorties", "pdp_dossiers_independants"],
     [Rubrique("cellule_pdp_existe", "Le service dispose d'une cellule PDP (oui / non)")]),
    ("10. Préconisations d'aménagement de poste",
     [],
     [Rubrique("preconisations_poste", "Préconisations d'aménagement de poste émises (nombre)"),
      Rubrique("preconisations_suivies", "Préconisations suivies d'effet (nombre)")]),
    ("11. Offres complémentaires et travailleurs indépendants",
     [],
     [Rubrique("adherents_offre_complementaire", "Adhérents ayant souscrit une offre complémentaire (nombre)"),
      Rubrique("independants_suivis", "Travailleurs indépendants suivis (nombre)")]),
]


def codes() -> list[str]:
    return [c for _, liste, _ in SECTIONS for c in liste if c in INDICATEURS]


def rubriques() -> list[Rubrique]:
    return [r for _, _, liste in SECTIONS for r in liste]
