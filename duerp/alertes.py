"""Alert sources of DUERP support and of the Relais de prévention: follow-up points due, Relais
one-year follow-ups due, Relais whose two years are over without the four modules."""

from spsti.alertes import AlerteDue, source_alertes
from spsti.permissions import Role

from . import rules
from .models import AccompagnementDUERP, RelaisPrevention
from .services import etat_relais


@source_alertes("point_suivi_duerp", "Points de suivi DUERP à faire")
def points_de_suivi(aujourd_hui):
    """The follow-up point of a DUERP support, past its planned date: for the team's IPRP."""
    for accompagnement in (AccompagnementDUERP.objects.filter(point_suivi_prevu_le__lte=aujourd_hui,
                                                              point_suivi_fait_le__isnull=True)
                           .select_related("adherent__equipe")):
        yield AlerteDue(objet=accompagnement, role=Role.IPRP, equipe=accompagnement.adherent.equipe,
                        due_depuis=accompagnement.point_suivi_prevu_le,
                        libelle=f"{accompagnement.adherent} : point de suivi de l'accompagnement DUERP à faire")


@source_alertes("relais_prevention_a_suivre", "Relais de prévention à suivre")
def relais_a_suivre(aujourd_hui):
    """A Relais de prévention visited a year ago without its follow-up, or past its two years
    without the four modules: for the team's IPRP."""
    en_cours = RelaisPrevention.objects.filter(contrat_signe_le__isnull=False, label_le__isnull=True,
                                               abandonnee_le__isnull=True).select_related("adherent__equipe")
    for relais in en_cours:
        suivi = rules.suivi_relais_du_le(relais.visite_le) if relais.visite_le else None
        if suivi and suivi <= aujourd_hui and relais.suivi_un_an_le is None:
            quoi, depuis = "suivi à un an de la visite à faire", suivi
        elif relais.fin_modules < aujourd_hui and len(etat_relais(relais).modules_suivis) < len(rules.MODULES_RELAIS):
            quoi, depuis = "les 4 modules ne sont pas suivis dans les 2 ans du contrat", relais.fin_modules
        else:
            continue
        yield AlerteDue(objet=relais, role=Role.IPRP, equipe=relais.adherent.equipe, due_depuis=depuis,
                        libelle=f"{relais.adherent} : Relais de prévention — {quoi}")
