from .models import Adherent, Salarie


def adherents_du_portail(rattachement):
    """The member companies a portal user manages (one, or several for an accounting firm)."""
    return (Adherent.objects.filter(acces_portail__rattachement=rattachement)
            .select_related("centre", "equipe").order_by("raison_sociale"))


def salaries_presents(adherent):
    """The workers an employer may name in a request: an employment without a leaving date (a hire
    dated ahead included, for the exam before it), by name. The headcount is ``adherents.effectifs``."""
    return (Salarie.objects.filter(emplois__adherent=adherent, emplois__date_sortie__isnull=True).distinct()
            .order_by("nom", "prenom"))


def rechercher_salaries(texte: str):
    """Workers across the service by name, birth name, first name, NIR (its start, spaces
    ignored), birth date (dd/mm/yyyy) or their member (name or SIREN); by name."""
    from contextlib import suppress
    from datetime import datetime

    from django.db.models import Q

    from spsti.validators import normaliser_nir

    texte = " ".join(texte.split())
    if len(texte) < 2:
        return Salarie.objects.none()
    nir = normaliser_nir(texte)
    une_date = "/" in texte or "-" in texte
    if len(nir) >= 5 and not une_date and nir.replace("A", "").replace("B", "").isdigit():  # NIR start, SIREN
        condition = Q(nir__startswith=nir) | Q(adherent__siren=nir)
    else:
        condition = Q()
        for mot in texte.split(" "):
            par_mot = (Q(nom__icontains=mot) | Q(nom_naissance__icontains=mot) | Q(prenom__icontains=mot)
                       | Q(adherent__raison_sociale__icontains=mot))
            for format_date in ("%d/%m/%Y", "%Y-%m-%d"):
                with suppress(ValueError):
                    par_mot |= Q(date_naissance=datetime.strptime(mot, format_date).date())
            condition &= par_mot
    return Salarie.objects.filter(condition).select_related("adherent").order_by("nom", "prenom", "pk")
