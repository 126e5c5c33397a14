"""Side effects of individual follow-up, delivered by the outbox (``spsti.effets``)."""

from datetime import datetime

from spsti.effets import effet


@effet("convocation_envoyer")
def convocation_envoyer(service, visite_id: int, debut: str):
    """The letter of a booked visit, once. Skipped when the visit was moved again (its new
    convocation is another effect) or is no longer planned."""
    from .convocations import convocation_envoyer as envoyer
    from .models import StatutVisite, Visite

    visite = (Visite.objects.select_related("salarie__adherent", "professionnel__utilisateur",
                                            "disponibilite__centre", "disponibilite__adherent")
              .filter(pk=visite_id).first())
    if visite is None or visite.statut != StatutVisite.PLANIFIEE or visite.debut != datetime.fromisoformat(debut):
        return []
    return envoyer(visite)
