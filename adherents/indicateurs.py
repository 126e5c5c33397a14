"""Indicators of the members area (DGT survey counters)."""

from django.db.models import F, Q

from indicateurs.registre import Comptage, Indicateur, declarer

from .effectifs import emplois_ouverts
from .filters import BORNES_TRANCHES
from .models import Adherent, EtapeAdherent, Salarie, StatutAdherent


def _adherents_suivis(periode):
    """Active members that had joined by the end of the period."""
    return Adherent.objects.filter(statut=StatutAdherent.ACTIF, date_adhesion__lte=periode.fin)


REF_DGT = "Enquête DGT — Adhérents par taille d'entreprise"
REF_DGT_SALARIES = "Enquête DGT — Salariés suivis par type de suivi"
REF_CERTIF = "Certification — Organisation et procédures"
SUIVIS = ("Adhérents au statut « actif » ayant adhéré au plus tard le dernier jour de la période "
          "(situation à la fin de la période).")


def _comptage_adherents(lignes, numerateur=None, taux=False):
    return Comptage(lignes=lignes, taux=taux, numerateur=numerateur or Q(), adherent="", equipe="equipe",
                    liste="adherents")


declarer(Indicateur(
    code="adherents_suivis", domaine="Adhérents", source="Enquête annuelle DGT",
    libelle="Établissements adhérents suivis", comptage=_comptage_adherents(_adherents_suivis),
    definition="Nombre d'adhérents suivis. " + SUIVIS,
    references=(REF_DGT, "Certification — Qualité de l'offre socle")))

declarer(Indicateur(
    code="part_adherents_moins_11", domaine="Adhérents", source="Enquête annuelle DGT",
    libelle="Part des adhérents de moins de 11 salariés",
    comptage=_comptage_adherents(_adherents_suivis, numerateur=Q(effectif__lte=10), taux=True),
    definition="Numérateur : adhérents suivis de 10 salariés ou moins (salariés ayant un emploi en cours, art. "
               "L4622-6). Dénominateur : tous les adhérents "
               "suivis. " + SUIVIS, references=(REF_DGT,)))

declarer(Indicateur(
    code="salaries_suivis", domaine="Suivi individuel", source="Enquête annuelle DGT",
    libelle="Salariés suivis",
    comptage=Comptage(lignes=lambda periode: Salarie.objects.filter(pk__in=emplois_ouverts(periode.fin).filter(
        adherent__in=_adherents_suivis(periode)).values("salarie_id")),
                      adherent="adherent", equipe="adherent__equipe", liste="salaries"),
    definition="Nombre de salariés ayant un emploi en cours le dernier jour de la période chez un adhérent suivi, "
               "chacun comptant pour un (art. L4622-6), comme l'effectif des adhérents. " + SUIVIS,
    references=(REF_DGT_SALARIES,)))

declarer(Indicateur(
    code="adherents_sans_equipe", domaine="Adhérents", source="Trajectoire adhérent (seed 004)",
    libelle="Adhérents actifs sans équipe attribuée",
    comptage=_comptage_adherents(lambda periode: Adherent.objects.filter(
        statut=StatutAdherent.ACTIF, equipe__isnull=True)),
    definition="Nombre d'adhérents actifs à qui aucune équipe pluridisciplinaire n'est attribuée (situation "
               "actuelle, quelle que soit la période).", references=(REF_CERTIF,)))


for statut in StatutAdherent:
    declarer(Indicateur(
        code=f"adherents_statut_{statut.value}", domaine="Adhérents", source="Trajectoire adhérent (seed 004)",
        libelle=f"Adhérents — statut {statut.label.lower()}",
        comptage=_comptage_adherents(lambda periode, statut=statut: Adherent.objects.filter(statut=statut)),
        definition=f"Nombre d'adhérents au statut « {statut.label.lower()} » aujourd'hui (situation actuelle, "
                   "quelle que soit la période).", references=(REF_CERTIF,)))

for tranche, (minimum, maximum) in BORNES_TRANCHES.items():
    declarer(Indicateur(
        code=f"adherents_taille_{tranche.value}", domaine="Adhérents", source="Enquête annuelle DGT",
        libelle=f"Adhérents actifs — {tranche.label.lower()}",
        comptage=_comptage_adherents(lambda periode, minimum=minimum, maximum=maximum: _adherents_suivis(
            periode).filter(effectif__gte=minimum, **({} if maximum is None else {"effectif__lte": maximum}))),
        definition=f"Nombre d'adhérents suivis de la tranche « {tranche.label.lower()} ». Les tranches "
                   "additionnées donnent le total des adhérents suivis. " + SUIVIS, references=(REF_DGT,)))

declarer(Indicateur(
    code="adherents_injoignables", domaine="Adhérents", source="Trajectoire adhérent (seed 004 : 25 % injoignables)",
    libelle="Adhérents actifs injoignables",
    comptage=_comptage_adherents(lambda periode: Adherent.objects.filter(statut=StatutAdherent.ACTIF,
                                                                         injoignable=True)),
    definition="Nombre d'adhérents actifs marqués injoignables (situation actuelle).", references=(REF_CERTIF,)))


def _etapes_des_nouveaux(code, periode):
    """The given journey step of the members who joined during the period."""
    return EtapeAdherent.objects.filter(etape__code=code, adherent__date_adhesion__range=(periode.debut, periode.fin))


for code, libelle in [("accueil", "Nouveaux adhérents appelés dans le délai de bienvenue"),
                      ("rendez_vous_prevention",
                       "Nouveaux adhérents vus au rendez-vous de la prévention dans le délai")]:
    declarer(Indicateur(
        code=f"trajectoire_{code}_dans_les_delais", domaine="Trajectoire adhérent",
        source="Trajectoire adhérent (seed 004)", libelle=libelle,
        numerateur=lambda periode, code=code: _etapes_des_nouveaux(code, periode).filter(
            faite_le__lte=F("echeance")),
        denominateur=lambda periode, code=code: _etapes_des_nouveaux(code, periode),
        definition="Numérateur : étapes faites au plus tard à leur échéance. Dénominateur : la même étape de tous "
                   "les adhérents entrés dans la période.",
        references=(REF_CERTIF, "Projet de service — Trajectoire adhérent")))
