"""Side effects of workplace prevention, delivered by the outbox (``spsti.effets``)."""

from spsti.effets import effet


@effet("proposition_visite_envoyer")
def proposition_visite_envoyer(service, action_id: int):
    """The e-mail proposing a visit date to the member."""
    from .planning import proposition_envoyer

    return proposition_envoyer(action_id)


@effet("echeances_prevention_recalculer")
def echeances_prevention_recalculer(service):
    """Every member's FE and primary-action deadlines (after a change of settings)."""
    from . import echeances

    echeances.recalculer(service)
