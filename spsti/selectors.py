from datetime import date, datetime
from functools import cache

from django.db.models import Q
from django.utils import timezone

from .models import Alerte


def alertes_pour(rattachement):
    """Open alerts for the member's role, for their team or for the whole service."""
    return (Alerte.objects.filter(resolue_le__isnull=True, role=rattachement.role)
            .filter(Q(equipe__isnull=True) | Q(equipe_id=rattachement.equipe_id))
            .select_related("equipe", "content_type"))


def historique_lisible(objet):
    """The object's history, newest first, each version with the fields it changed."""
    @cache  # a related row named once per page, however many versions cite it
    def nommer(modele, pk):
        # Same-service rows only: a tenant row never references another service's row.
        return modele._base_manager.filter(pk=pk).first() or pk

    def valeur_lisible(champ, valeur):
        """A stored value as a person reads it: a choice's label, a related row's name."""
        if valeur is None or valeur == "":
            return valeur
        if champ.choices:
            return dict(champ.flatchoices).get(valeur, valeur)
        if champ.is_relation:
            return nommer(champ.related_model, valeur)
        affichage = getattr(type(objet), f"get_{champ.name}_display", None)
        if isinstance(valeur, list) and affichage is not None:  # a list of codes the model knows how to name
            copie = type(objet)()
            setattr(copie, champ.attname, valeur)
            return ", ".join(str(libelle) for libelle in affichage(copie)) or "—"
        return valeur_simple(valeur, getattr(champ, "base_field", None))

    def valeur_simple(valeur, champ_element=None):
        """Never a Python value on screen: yes/no, French dates, lists and mappings as text."""
        if isinstance(valeur, bool):
            return "oui" if valeur else "non"
        if isinstance(valeur, datetime):
            return f"{timezone.localtime(valeur):%d/%m/%Y %H:%M}" if timezone.is_aware(valeur) else \
                f"{valeur:%d/%m/%Y %H:%M}"
        if isinstance(valeur, date):
            return f"{valeur:%d/%m/%Y}"
        if isinstance(valeur, dict):
            return " ; ".join(f"{cle} : {valeur_simple(v)}" for cle, v in valeur.items()) or "—"
        if isinstance(valeur, list | tuple):
            libelles = dict(champ_element.flatchoices) if champ_element is not None and champ_element.choices else {}
            return ", ".join(str(libelles.get(v, valeur_simple(v))) for v in valeur) or "—"
        return valeur

    versions = list(objet.history.select_related("history_user").order_by("-history_date", "-history_id"))
    lignes = []
    for version, precedente in zip(versions, versions[1:] + [None], strict=True):
        if precedente is None:  # creation: the values it was created with
            champs = [(champ, getattr(version, champ.attname, None))
                      for champ in objet._meta.concrete_fields if champ.name not in ("id", "tenant")]
            changements = [{"champ": champ.verbose_name, "avant": None, "apres": valeur_lisible(champ, valeur)}
                           for champ, valeur in champs if valeur not in ("", None)]
        else:
            changements = []
            for change in version.diff_against(precedente).changes:
                champ = objet._meta.get_field(change.field)
                changements.append({"champ": champ.verbose_name, "avant": valeur_lisible(champ, change.old),
                                    "apres": valeur_lisible(champ, change.new)})
        lignes.append({"version": version, "changements": changements})
    return lignes
