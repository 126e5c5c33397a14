"""Optimistic locking of the records staff edit together (member, worker, FE draft, PDP file).

- ``ModeleVersionne``: an abstract model adding ``revision``, incremented by every full save
  (saves with ``update_fields``, e.g. a recomputed total, leave it alone).
- ``VerrouOptimiste``: a form mixin. The form carries the revision it was displayed with
  (hidden ``revision_lue``); on save, a different revision in the database means someone saved
  in between: nothing is saved, the form says in French who changed what (from the record's
  history), keeps the user's values and takes the new revision, so that saving again overwrites
  knowingly; reloading the page starts from the other person's version.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone


class ModeleVersionne(models.Model):
    revision = models.PositiveIntegerField("révision", default=0, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not kwargs.get("update_fields"):
            self.revision = (self.revision or 0) + 1
        super().save(*args, **kwargs)


def _affiche(valeur) -> str:
    if valeur in (None, ""):
        return "(vide)"
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    texte = str(valeur)
    return texte if len(texte) <= 60 else texte[:57] + "…"


class VerrouOptimiste:
    """Mixin for the ModelForm of a ``ModeleVersionne`` (put it before the form's base class)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revision_lue"] = forms.IntegerField(widget=forms.HiddenInput, required=False,
                                                         initial=self.instance.revision)

    @property
    def changed_data(self):
        return [nom for nom in super().changed_data if nom != "revision_lue"]

    def _revision_en_base(self):
        modele = type(self.instance)
        return modele._base_manager.filter(pk=self.instance.pk).values_list("revision", flat=True).first()

    def changements_depuis(self, revision: int) -> tuple[str, list[str]]:
        """Who saved last, and the form's fields changed since ``revision`` (label: old → new)."""
        historique = getattr(type(self.instance), "history", None)
        if historique is None:
            return "", []
        versions = historique.filter(id=self.instance.pk).order_by("-history_date")
        lue, derniere = versions.filter(revision=revision).first(), versions.first()
        auteur = ""
        if derniere is not None:
            qui = derniere.history_user.get_full_name() if derniere.history_user else "quelqu'un"
            auteur = f"{qui} le {timezone.localtime(derniere.history_date):%d/%m/%Y à %H:%M}"
        if lue is None or derniere is None:
            return auteur, []
        lignes = []
        for nom, champ in self.fields.items():
            modele_champ = next((f for f in type(self.instance)._meta.concrete_fields if f.name == nom), None)
            if modele_champ is None:
                continue
            avant, apres = getattr(lue, modele_champ.attname), getattr(derniere, modele_champ.attname)
            if avant != apres:
                if modele_champ.is_relation:
                    modele = modele_champ.related_model
                    avant = modele._base_manager.filter(pk=avant).first() if avant else None
                    apres = modele._base_manager.filter(pk=apres).first() if apres else None
                lignes.append(f"« {champ.label} » : {_affiche(avant)} → {_affiche(apres)}")
        return auteur, lignes

    def clean(self):
        donnees = super().clean()
        lue = donnees.get("revision_lue")
        if self.instance.pk and lue is not None:
            actuelle = self._revision_en_base()
            if actuelle is not None and actuelle != lue:
                auteur, lignes = self.changements_depuis(lue)
                self.data = self.data.copy()
                self.data[self.add_prefix("revision_lue")] = actuelle  # saving again overwrites, knowingly
                detail = " ; ".join(lignes) if lignes else "d'autres informations"
                raise ValidationError(
                    f"Rien n'a été enregistré : pendant votre saisie, {auteur or 'quelqu’un'} a modifié cette fiche "
                    f"({detail}). Vos valeurs sont conservées ci-dessous : enregistrez à nouveau pour remplacer "
                    f"ses modifications, ou rechargez la page pour repartir des siennes.", code="conflit")
        return donnees

    def save(self, commit=True):
        """The revision is checked again under a row lock, so two saves at the same instant
        cannot both pass."""
        if not commit or not self.instance.pk:
            return super().save(commit=commit)
        with transaction.atomic():
            actuelle = (type(self.instance)._base_manager.select_for_update().filter(pk=self.instance.pk)
                        .values_list("revision", flat=True).first())
            lue = self.cleaned_data.get("revision_lue")
            if lue is not None and actuelle is not None and actuelle != lue:
                raise ValidationError("Cette fiche vient d'être modifiée par quelqu'un d'autre : rechargez la page.")
            self.instance.revision = actuelle if actuelle is not None else self.instance.revision
            return super().save(commit=commit)
