from django.db.models import Q

from .models import Alerte


def alertes_pour(rattachement):
    """Open alerts for the member's role, for their team or for the whole service."""
    return (Alerte.objects.filter(resolue_le__isnull=True, role=rattachement.role)
            .filter(Q(equipe__isnull=True) | Q(equipe_id=rattachement.equipe_id))
            .select_related("equipe", "content_type"))


def historique_lisible(objet):
    """The object's history, newest first, each version with the fields it changed."""
    versions = list(objet.history.select_related("history_user").order_by("-history_date", "-history_id"))
    lignes = []
    for version, precedente in zip(versions, versions[1:] + [None], strict=True):
        if precedente is None:  # creation: the values it was created with
            valeurs = [(champ.verbose_name, getattr(version, champ.attname, None))
                       for champ in objet._meta.concrete_fields if champ.name not in ("id", "tenant")]
            changements = [{"champ": nom, "avant": None, "apres": valeur}
                           for nom, valeur in valeurs if valeur not in ("", None)]
        else:
            changements = [{"champ": objet._meta.get_field(change.field).verbose_name,
                            "avant": change.old, "apres": change.new}
                           for change in version.diff_against(precedente).changes]
        lignes.append({"version": version, "changements": changements})
    return lignes
