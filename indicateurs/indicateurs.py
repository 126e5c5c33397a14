"""Indicators the DGT survey asks that belong to no single domain app: the staff in headcount
and full-time equivalents (quotité × share of the year in post), and the workers followed by
follow-up kind (SI / SIA / SIR)."""

from datetime import date

from django.db.models import Q

from adherents.models import CategorieSuivi, Salarie, StatutAdherent
from spsti.models import Rattachement
from spsti.permissions import Role

from .registre import Comptage, Indicateur, declarer

DGT_PERSONNEL = "Enquête DGT — Médecins et infirmiers en effectif et en équivalents temps plein"
DGT_SALARIES = "Enquête DGT — Salariés suivis par type de suivi"


def _en_poste(periode):
    """Staff memberships active at some point of the period."""
    return Rattachement.objects.filter(actif=True).filter(
        Q(date_debut__isnull=True) | Q(date_debut__lte=periode.fin),
        Q(date_fin__isnull=True) | Q(date_fin__gte=periode.debut))


def equivalents_temps_plein(periode, role) -> float:
    """Sum over the memberships of the role of quotité × share of the period in post."""
    jours = (periode.fin - periode.debut).days + 1
    total = 0.0
    for quotite, debut, fin in _en_poste(periode).filter(role=role).values_list("quotite", "date_debut", "date_fin"):
        de, a = max(debut or date.min, periode.debut), min(fin or date.max, periode.fin)
        total += float(quotite) * ((a - de).days + 1) / jours
    return round(total, 2)


for role, nom in [(Role.MEDECIN, "Médecins du travail"), (Role.INFIRMIER, "Infirmiers en santé au travail")]:
    declarer(Indicateur(
        code=f"personnel_{role.value}_effectif", domaine="Personnel", source="Enquête annuelle DGT",
        libelle=f"{nom} — effectif", references=(DGT_PERSONNEL, "Certification — Organisation et procédures"),
        comptage=Comptage(lignes=lambda periode, role=role: _en_poste(periode).filter(role=role),
                          equipe="equipe", liste="personnel"),
        definition=f"Nombre de personnes au rôle « {role.label} » en poste à un moment de la période (dates de "
                   "début et de fin de leur rattachement)."))
    declarer(Indicateur(
        code=f"personnel_{role.value}_etp", domaine="Personnel", source="Enquête annuelle DGT",
        libelle=f"{nom} — équivalents temps plein", unite="ETP",
        references=(DGT_PERSONNEL, "Simulateur de temps médical"),
        numerateur=lambda periode, role=role: equivalents_temps_plein(periode, role),
        definition="Somme, pour chaque personne du rôle, de sa quotité de travail multipliée par la part de la "
                   "période où elle était en poste."))

for categorie in CategorieSuivi:
    declarer(Indicateur(
        code=f"salaries_suivis_{categorie.value.lower()}", domaine="Suivi individuel", source="Enquête annuelle DGT",
        libelle=f"Salariés suivis — {categorie.label}", references=(DGT_SALARIES,),
        comptage=Comptage(lignes=lambda periode, categorie=categorie: Salarie.objects.filter(
            categorie=categorie, adherent__statut=StatutAdherent.ACTIF, adherent__date_adhesion__lte=periode.fin),
            adherent="adherent", equipe="adherent__equipe", liste="salaries"),
        definition=f"Salariés des adhérents suivis classés en « {categorie.label} ». Les trois catégories "
                   "additionnées donnent les salariés suivis."))
