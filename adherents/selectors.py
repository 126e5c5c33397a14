from .models import Adherent


def adherents_du_portail(rattachement):
    """The member companies a portal user manages (one, or several for an accounting firm)."""
    return (Adherent.objects.filter(acces_portail__rattachement=rattachement)
            .select_related("centre", "equipe").order_by("raison_sociale"))
