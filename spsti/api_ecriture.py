"""API writes through the back office's own forms: one place for each rule.

A POST or PATCH builds the same Django form the page uses (``formulaire``), fed with the JSON
body; its French errors become the 400's per-field errors, its ``save()`` writes (history rows
carry the API user, as for a page: simple-history reads ``request.user``, which a token sets).
A PATCH starts from the record's current values, so only the fields sent change. The request
body documented in the OpenAPI schema is derived from the same form (``serializer_du_formulaire``).
"""

import json
from contextlib import contextmanager

from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import QueryDict
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings

from .idempotence import idempotent

# Form fields whose API name differs (the optimistic lock's hidden field).
NOMS_API = {"revision_lue": "revision", "__all__": api_settings.NON_FIELD_ERRORS_KEY}
NOMS_FORMULAIRE = {"revision": "revision_lue"}


def _texte(valeur) -> str:
    if valeur is None:
        return ""
    if isinstance(valeur, bool):
        return "true" if valeur else "false"
    if hasattr(valeur, "pk"):
        return str(valeur.pk)
    if hasattr(valeur, "isoformat"):
        return valeur.isoformat()
    return json.dumps(valeur) if isinstance(valeur, dict) else str(valeur)


def _poser(donnees: QueryDict, nom: str, valeur) -> None:
    if isinstance(valeur, (list, tuple)):
        donnees.setlist(nom, [_texte(v) for v in valeur])
    else:
        donnees[nom] = _texte(valeur)


def donnees_du_formulaire(corps, *, depart=None) -> QueryDict:
    """The JSON body as a posted form: ``depart`` (an unbound form of the record) gives the current
    values a PATCH keeps; the body's values override them."""
    if not hasattr(corps, "items"):
        raise ValidationError({api_settings.NON_FIELD_ERRORS_KEY: ["Un objet JSON est attendu."]})
    donnees = QueryDict(mutable=True)
    if depart is not None:
        for nom in depart.fields:
            _poser(donnees, nom, depart[nom].value())
    for nom, valeur in corps.lists() if isinstance(corps, QueryDict) else corps.items():
        if isinstance(corps, QueryDict) and len(valeur) == 1:
            valeur = valeur[0]
        _poser(donnees, NOMS_FORMULAIRE.get(nom, nom), valeur)
    return donnees


def erreurs_du_formulaire(form) -> dict[str, list[str]]:
    return {NOMS_API.get(champ, champ): list(messages) for champ, messages in form.errors.items()}


@contextmanager
def erreurs_du_service():
    """A service's ``django.core.exceptions.ValidationError`` (French messages, field-keyed when
    it names a field) becomes a 400; the service's transaction has already rolled back."""
    try:
        yield
    except DjangoValidationError as erreur:
        detail = serializers.as_serializer_error(erreur)
        if "__all__" in detail:
            detail.setdefault(api_settings.NON_FIELD_ERRORS_KEY, []).extend(detail.pop("__all__"))
        raise ValidationError(detail) from erreur


def valider(form):
    """The form's cleaned data, or a 400 with its French errors."""
    if not form.is_valid():
        raise ValidationError(erreurs_du_formulaire(form))
    return form.cleaned_data


def enregistrer_par_formulaire(formulaire, corps, *, instance=None, partiel=False, **options):
    """A write with the page's own form outside ``EcritureParFormulaire`` (actions of their own):
    its French errors per field are the 400; ``partiel`` (PATCH) keeps the fields not sent."""
    depart = formulaire(instance=instance, **options) if partiel and instance is not None else None
    form = formulaire(data=donnees_du_formulaire(corps, depart=depart), instance=instance, **options)
    valider(form)
    return form.save()


class EcritureParFormulaire:
    """Mixin for a ``ServiceViewSet``: POST (``formulaire_creation`` or ``formulaire``, with
    ``Idempotency-Key``) and PATCH (``formulaire``), under the policy's ``capacite_ecriture``.
    No PUT and no DELETE: a record is corrected, never removed through the API."""

    formulaire: type[forms.ModelForm] = None
    formulaire_creation: type[forms.ModelForm] | None = None
    http_method_names = ["get", "post", "patch", "head", "options"]

    def arguments_formulaire(self, instance, corps) -> dict:
        """The form's extra arguments (its parent row...), from the record or the body."""
        return {}

    def enregistrer(self, form):
        return form.save()

    def _formulaire(self, classe, instance, corps):
        arguments = {"service": self.request._request.service, **self.arguments_formulaire(instance, corps)}
        depart = classe(instance=instance, **arguments) if instance is not None else None
        return classe(donnees_du_formulaire(corps, depart=depart), instance=instance, **arguments)

    def _ecrire(self, instance, statut):
        classe = self.formulaire_creation if instance is None and self.formulaire_creation else self.formulaire
        form = self._formulaire(classe, instance, self.request.data)
        valider(form)
        with erreurs_du_service():  # e.g. a concurrent save (spsti.verrou)
            objet = self.enregistrer(form)
        return Response(self.get_serializer(objet).data, status=statut)

    def create(self, request, *args, **kwargs):
        return idempotent(request, lambda: self._ecrire(None, status.HTTP_201_CREATED))

    def partial_update(self, request, *args, **kwargs):
        return self._ecrire(self.get_object(), status.HTTP_200_OK)


def parent(corps, champ: str, lignes, message: str):
    """The row among ``lignes`` (a queryset of the active service) that a body names in ``champ``
    (its id), or a 400 on that field."""
    valeur = corps.get(champ) if hasattr(corps, "get") else None
    if valeur in (None, ""):
        raise ValidationError({champ: ["Ce champ est obligatoire."]})
    if isinstance(valeur, bool) or not (str(valeur).isascii() and str(valeur).isdigit()):
        raise ValidationError({champ: ["Un identifiant (nombre entier) est attendu."]})
    try:
        return lignes.get(pk=int(valeur))
    except lignes.model.DoesNotExist:
        raise ValidationError({champ: [message]}) from None


def _champ_api(champ: forms.Field) -> serializers.Field:
    commun = {"required": champ.required, "label": str(champ.label) if champ.label else None,
              "help_text": str(champ.help_text) if champ.help_text else None}
    if isinstance(champ, forms.ModelChoiceField):
        return serializers.IntegerField(allow_null=not champ.required, **commun)
    if isinstance(champ, forms.ChoiceField):  # the empty choice ("---------") is ``allow_blank``
        choix = [(valeur, libelle) for valeur, libelle in champ.choices if valeur != ""]
        if isinstance(champ, forms.MultipleChoiceField):
            return serializers.MultipleChoiceField(choices=choix, **commun)
        return serializers.ChoiceField(choices=choix, allow_blank=not champ.required, **commun)
    if isinstance(champ, forms.BooleanField):
        return serializers.BooleanField(**{**commun, "required": False})
    if isinstance(champ, forms.DateField):
        return serializers.DateField(allow_null=not champ.required, **commun)
    if isinstance(champ, forms.IntegerField):
        return serializers.IntegerField(allow_null=not champ.required, **commun)
    if isinstance(champ, forms.DecimalField):
        return serializers.DecimalField(max_digits=champ.max_digits, decimal_places=champ.decimal_places,
                                        allow_null=not champ.required, **commun)
    if isinstance(champ, forms.EmailField):
        return serializers.EmailField(allow_blank=not champ.required, **commun)
    return serializers.CharField(allow_blank=not champ.required, max_length=getattr(champ, "max_length", None),
                                 **commun)


def serializer_du_formulaire(classe, nom: str, *, exclure=(), ajouter=None, revision=False):
    """A serializer describing the form's fields, for the OpenAPI schema only (the form validates)."""
    champs = {n: _champ_api(champ) for n, champ in classe.base_fields.items() if n not in exclure}
    if revision:
        champs["revision"] = serializers.IntegerField(
            required=False, help_text="La révision lue : si la fiche a changé depuis, rien n'est enregistré (400).")
    champs.update(ajouter or {})
    return type(nom, (serializers.Serializer,), champs)
