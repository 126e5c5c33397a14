from functools import cache

from django.db.models import Q

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
        if valeur in ("", None):
            return valeur
        if champ.choices:
            return dict(champ.flatchoices).get(valeur, valeur)
        return nommer(champ.related_model, valeur) if champ.is_relation else valeur

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
