from .models import Adherent, Salarie


def adherents_du_portail(rattachement):
    """The member companies a portal user manages (one, or several for an accounting firm)."""
    return (Adherent.objects.filter(acces_portail__rattachement=rattachement)
            .select_related("centre", "equipe").order_by("raison_sociale"))


def salaries_presents(adherent):
    """The member's current workers (an employment without a leaving date), by name."""
    return (Salarie.objects.filter(emplois__adherent=adherent, emplois__date_sortie__isnull=True).distinct()
            .order_by("nom", "prenom"))
