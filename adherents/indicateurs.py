"""Indicators of the members area (DGT survey counters)."""

from indicateurs.registre import Indicateur, declarer

from .models import Adherent, Salarie, StatutAdherent


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
