"""Alert sources of individual follow-up."""

from spsti.alertes import AlerteDue, source_alertes
from spsti.permissions import Role

from .echeancier import avec_convocation
from .models import Echeance


@source_alertes("visite_en_retard")
def visites_en_retard(aujourd_hui):
    """A mandatory visit past its legal deadline and not booked yet: for the medical assistants
    of the worker's team, who schedule it."""
    en_retard = (avec_convocation(Echeance.objects.filter(obligatoire=True, au_plus_tard__lt=aujourd_hui))
                 .filter(a_planifier=True)
                 .select_related("salarie__adherent__equipe").order_by("au_plus_tard"))
    for echeance in en_retard.iterator(chunk_size=2000):
        yield AlerteDue(objet=echeance.salarie, role=Role.ASSISTANT_MEDICAL, due_depuis=echeance.au_plus_tard,
                        equipe=echeance.salarie.adherent.equipe,
                        libelle=f"{echeance.salarie} : {echeance.get_type_display()} en retard "
                                f"({echeance.base_legale})")
