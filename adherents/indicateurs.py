"""Indicators of the members area (DGT survey counters)."""

from django.db.models import F

from indicateurs.registre import Indicateur, declarer

from .filters import BORNES_TRANCHES
from .models import Adherent, EtapeAdherent, Salarie, StatutAdherent


def _adherents_suivis(periode):
    """Active members that had joined by the end of the period."""
    return Adherent.objects.filter(statut=StatutAdherent.ACTIF, date_adhesion__lte=periode.fin)


declarer(Indicateur(
    code="adherents_suivis", domaine="Adhérents", source="Enquête annuelle DGT",
    libelle="Établissements adhérents suivis",
    numerateur=lambda periode: _adherents_suivis(periode).count()))

declarer(Indicateur(
    code="part_adherents_moins_11", domaine="Adhérents", source="Enquête annuelle DGT",
    libelle="Part des adhérents de moins de 11 salariés",
    numerateur=lambda periode: _adherents_suivis(periode).filter(effectif__lte=10).count(),
    denominateur=lambda periode: _adherents_suivis(periode).count()))

declarer(Indicateur(
    code="salaries_suivis", domaine="Suivi individuel", source="Enquête annuelle DGT",
    libelle="Salariés suivis",
    numerateur=lambda periode: Salarie.objects.filter(
        adherent__in=_adherents_suivis(periode)).count()))

declarer(Indicateur(
    code="adherents_sans_equipe", domaine="Adhérents", source="Trajectoire adhérent (seed 004)",
    libelle="Adhérents actifs sans équipe attribuée",
    numerateur=lambda periode: Adherent.objects.filter(
        statut=StatutAdherent.ACTIF, equipe__isnull=True).count()))


for statut in StatutAdherent:
    declarer(Indicateur(
        code=f"adherents_statut_{statut.value}", domaine="Adhérents", source="Trajectoire adhérent (seed 004)",
        libelle=f"Adhérents — statut {statut.label.lower()}",
        numerateur=lambda periode, statut=statut: Adherent.objects.filter(statut=statut).count()))

for tranche, (minimum, maximum) in BORNES_TRANCHES.items():
    declarer(Indicateur(
        code=f"adherents_taille_{tranche.value}", domaine="Adhérents", source="Enquête annuelle DGT",
        libelle=f"Adhérents actifs — {tranche.label.lower()}",
        numerateur=lambda periode, minimum=minimum, maximum=maximum: _adherents_suivis(periode).filter(
            effectif__gte=minimum, **({} if maximum is None else {"effectif__lte": maximum})).count()))

declarer(Indicateur(
    code="adherents_injoignables", domaine="Adhérents", source="Trajectoire adhérent (seed 004 : 25 % injoignables)",
    libelle="Adhérents actifs injoignables",
    numerateur=lambda periode: Adherent.objects.filter(statut=StatutAdherent.ACTIF, injoignable=True).count()))


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
            faite_le__lte=F("echeance")).count(),
        denominateur=lambda periode, code=code: _etapes_des_nouveaux(code, periode).count()))
