"""Side effects of billing, delivered by the outbox (``spsti.effets``): the e-mail of an issued
invoice and of each reminder step."""

from spsti.effets import effet


@effet("facture_envoyer")
def facture_envoyer(service, facture_id: int):
    from .courriels import facture_envoyer as envoyer
    from .models import Facture

    facture = Facture.objects.select_related("adherent", "tenant").filter(pk=facture_id).first()
    return envoyer(facture) if facture else []


@effet("relance_envoyer")
def relance_envoyer(service, facture_id: int, rang: int):
    """Skipped when the invoice was settled in the meantime."""
    from .courriels import relance_envoyer as envoyer
    from .models import Facture
    from .selectors import reste_du

    facture = Facture.objects.select_related("adherent", "tenant").filter(pk=facture_id).first()
    if facture is None or (reste := reste_du(facture)) <= 0:
        return []
    return envoyer(facture, rang, reste)
