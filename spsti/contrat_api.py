"""The API's defaults that keep its contract (checked by schemathesis, tests/contrat/): typed dates,
pages numbered from 1, relation filters that never tell whether an id exists, filters that accept
exactly what the schema documents. Kept apart from ``spsti.api``: DRF imports these classes from
its settings while it loads its views."""

import copy
import re
from datetime import UTC, datetime
from functools import cached_property, partial
from typing import ClassVar

import django_filters
from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db.models import QuerySet
from django_filters import utils as utils_filtres
from django_filters.rest_framework import DjangoFilterBackend
from django_scopes import get_scope
from drf_orjson_renderer.renderers import ORJSONRenderer
from rest_framework import serializers
from rest_framework.fields import Field
from rest_framework.pagination import PageNumberPagination
from rest_framework.relations import ManyRelatedField, PKOnlyObject, PrimaryKeyRelatedField
from rest_framework.renderers import BaseRenderer
from rest_framework.serializers import BaseSerializer
from rest_framework.settings import api_settings

from spsti.filtres import PaginateurEstime

ENTIER = re.compile(r"-?[0-9]+")
OUI_NON = ("true", "false")


class DateHeureAPI(serializers.DateTimeField):
    """A model's date and time in the API: years 2000 to 2100 (before 1911, Paris time had a
    +00:09:21 offset that RFC 3339 cannot write; no date of the product is that old)."""

    def to_internal_value(self, value):
        valeur = super().to_internal_value(value)
        if not 2000 <= valeur.year <= 2100:
            raise serializers.ValidationError("La date doit être comprise entre 2000 et 2100.")
        return valeur


class SerializerModele(serializers.ModelSerializer):
    """A model serializer that writes the same rows as DRF's, faster: the readable fields are
    listed once per serializer (DRF walks its field dict for every row of a page), and a field
    that only reads a column of the model (a value, or a relation given by its id) reads it
    straight from the row, without DRF's generic path (source walk, callables, id wrapper).
    Every other field (a source through a relation, a method, a nested serializer) goes DRF's way.
    ``tests/test_api_lignes.py`` compares every API list with DRF's own writing."""

    # Per serializer class and scope: each field's name and, for a field DRF derives from the model,
    # how to build it (None for a declared field).
    _recettes: ClassVar[dict] = {}

    def get_fields(self):
        """DRF's fields, whose classes and arguments are derived from the model once per serializer
        and scope (DRF derives them again at every instantiation: a tenth of an API list's time).
        Each instance still gets fields of its own, built as DRF builds them: the declared ones
        deep-copied, the others from their class and arguments. Per scope, because a relation with
        ``limit_choices_to`` holds a queryset of the service active when it was derived."""
        courant = get_scope()
        cle = (type(self), courant.get("_enabled", True), getattr(courant.get("service"), "pk", None))
        recette = self._recettes.get(cle)
        if recette is None:
            champs = super().get_fields()
            self._recettes[cle] = [(nom, None if nom in self._declared_fields else _construction(champ))
                                   for nom, champ in champs.items()]
            return champs
        declares = copy.deepcopy(self._declared_fields)
        return {nom: declares[nom] if construire is None else construire() for nom, construire in recette}

    @cached_property
    def _lecture(self) -> list[tuple]:
        """Per readable field: its name, the field, the attribute of its column or None (DRF's way),
        and whether the value still goes through the field's ``to_representation``."""
        return [(champ.field_name, champ, *self._colonne_lue(champ))
                for champ in self.fields.values() if not champ.write_only]

    def _colonne_lue(self, champ) -> tuple:
        if len(champ.source_attrs) != 1:
            return None, True
        try:
            colonne = self.Meta.model._meta.get_field(champ.source_attrs[0])
        except FieldDoesNotExist:
            return None, True
        if not colonne.concrete:
            return None, True
        if colonne.is_relation:  # the id, as DRF writes a primary-key relation without ``pk_field``
            lue = type(champ) is PrimaryKeyRelatedField and champ.pk_field is None
            return (colonne.attname if lue else None), False
        return (colonne.attname if type(champ).get_attribute is Field.get_attribute else None), True

    def to_representation(self, instance):
        ligne = {}
        for nom, champ, colonne, convertir in self._lecture:
            if colonne is not None:
                valeur = getattr(instance, colonne)
                ligne[nom] = champ.to_representation(valeur) if convertir and valeur is not None else valeur
                continue
            try:
                valeur = champ.get_attribute(instance)
            except serializers.SkipField:
                continue
            vide = (valeur.pk if isinstance(valeur, PKOnlyObject) else valeur) is None
            ligne[nom] = None if vide else champ.to_representation(valeur)
        return ligne

    # Per serializer class and the annotations of the queryset it writes: the names its rows are
    # read under as plain values, or None when a field needs the model instance.
    _valeurs: ClassVar[dict] = {}

    @classmethod
    def lignes_en_valeurs(cls, lignes: QuerySet) -> QuerySet:
        """``lignes`` read as plain values (``values_list(named=True)``: a named tuple per row, no
        model instance built, only the columns written) when every field the serializer writes
        reads a column of the model or an annotation of the queryset; else ``lignes`` as they are
        (a property, a relation walked, a method or rows written another way need the instance)."""
        annotations = tuple(lignes.query.annotation_select)
        cle = (cls, annotations)
        if cle not in cls._valeurs:
            cls._valeurs[cle] = cls()._noms_lus(annotations)
        noms = cls._valeurs[cle]
        return lignes.values_list(*noms, named=True) if noms else lignes

    def _noms_lus(self, annotations) -> list[str] | None:
        if type(self).to_representation is not SerializerModele.to_representation:
            return None
        noms = []
        for _nom, champ, colonne, _convertir in self._lecture:
            annotation = len(champ.source_attrs) == 1 and champ.source_attrs[0] in annotations
            if colonne is None and not (annotation and type(champ).get_attribute is Field.get_attribute):
                return None
            noms.append(colonne or champ.source_attrs[0])
        return list(dict.fromkeys(noms))


def _construction(champ):
    """How to build a field derived from the model again, as DRF built it: from its class and
    arguments; a field holding a child field (a to-many relation, a nested serializer) deep-copied,
    so that each instance has its own child."""
    if isinstance(champ, ManyRelatedField | BaseSerializer):
        return partial(copy.deepcopy, champ)
    return partial(type(champ), *champ._args, **champ._kwargs)


class RenduJSON(ORJSONRenderer):
    """The API's JSON, written by orjson (DRF's encoder cost 8 % of an API list's instructions),
    except that a value neither of them knows is an error, as with DRF's encoder:
    drf-orjson-renderer would write it as ``null``, silently."""

    @staticmethod
    def default(valeur):
        connue = ORJSONRenderer.default(valeur)
        if connue is None:
            raise TypeError(f"Valeur non sérialisable en JSON : {type(valeur).__name__}")
        return connue


class RenduBinaire(BaseRenderer):
    """A file the client asks for by its type (``Accept``); an error is still written as JSON."""

    charset, render_style = None, "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes) else RenduJSON().render(data)


class RenduPDF(RenduBinaire):
    media_type, format = "application/pdf", "pdf"


class RenduFichier(RenduBinaire):
    media_type, format = "application/octet-stream", "fichier"


class PaginationAPI(PageNumberPagination):
    """Pages of 50; the page number is documented as an integer from 1 (an empty or past-the-end
    page is a 404); past ``SEUIL_COMPTE_ESTIME`` rows the ``count`` is the planner's estimate."""

    django_paginator_class = PaginateurEstime

    def get_schema_operation_parameters(self, view):
        parametres = super().get_schema_operation_parameters(view)
        for parametre in parametres:
            if parametre["name"] == self.page_query_param:
                parametre["schema"]["minimum"] = 1
        return parametres


class FiltreIdentifiant(django_filters.NumberFilter):
    """An id, read as an integer (a ``NumberFilter`` reads a decimal up to 1e50): a number that is no
    one's id, however large, gives an empty list. Name the id field (``field_name="salarie__id"``,
    read as ``salarie_id`` without a join) so that the schema documents an integer."""

    field_class = forms.IntegerField

    def get_max_validator(self):
        return None  # beyond the database's integers, Django's lookup finds nothing (no error)


class FiltresAPI(DjangoFilterBackend):
    """django-filter, except that an unknown id in a relation filter (another service's, or none)
    gives an empty list rather than a 400 that would tell whether the id exists elsewhere, a
    yes/no filter accepts only true or false, a single-valued filter only one value, and only a
    text or a comma-separated list filter an empty value (django-filter would read an empty id,
    date, choice or yes/no as "all", a value the schema cannot document: the caller omits it)."""

    # The query parameters that are not django-filter's: the page, DRF's ordering, search and format.
    hors_filtres = {PaginationAPI.page_query_param, api_settings.ORDERING_PARAM, api_settings.SEARCH_PARAM,
                    api_settings.URL_FORMAT_OVERRIDE}

    def filter_queryset(self, request, queryset, view):
        if request.query_params.keys() <= self.hors_filtres:
            return queryset  # no filter asked: the filter set's form (about 1 ms to build) would change nothing
        filtre = self.get_filterset(request, queryset, view)
        if filtre is None:
            return queryset
        refus = dict(self.refus(filtre))
        if refus:
            raise serializers.ValidationError(refus)
        if filtre.is_valid():
            return self.en_utc(filtre).qs
        erreurs = filtre.form.errors.as_data()
        if all(isinstance(filtre.form.fields.get(nom), forms.ModelChoiceField)
               and all(e.code in ("invalid_choice", "invalid_pk_value") for e in liste)
               and all(ENTIER.fullmatch(valeur) for valeur in filtre.data.getlist(nom))
               for nom, liste in erreurs.items()):
            return queryset.none()
        raise utils_filtres.translate_validation(filtre.errors)

    @staticmethod
    def en_utc(filtre):
        """A date and time with an offset read at UTC: PostgreSQL refuses an offset beyond ±15:59
        that ISO 8601 and Python accept (-16:20); a value outside the years 1 to 9999 once at UTC is a 400."""
        donnees = filtre.form.cleaned_data
        for nom, valeur in donnees.items():
            if isinstance(valeur, datetime) and valeur.tzinfo is not None:
                try:
                    donnees[nom] = valeur.astimezone(UTC)
                except OverflowError:
                    raise serializers.ValidationError({nom: ["Date et heure hors limites."]}) from None
        return filtre

    @staticmethod
    def refus(filtre):
        """(name, [French message]) of each parameter refused before django-filter reads it."""
        for nom, f in filtre.filters.items():
            valeurs = filtre.data.getlist(nom)
            if "" in valeurs and not isinstance(f, django_filters.CharFilter | django_filters.BaseCSVFilter):
                yield nom, ["Valeur vide : omettez ce paramètre pour ne pas filtrer."]
            elif isinstance(f, django_filters.BooleanFilter) and any(v not in OUI_NON for v in valeurs):
                yield nom, ["Valeur attendue : true ou false."]  # the pages' yes/no widget reads others as "all"
            elif len(valeurs) > 1 and not isinstance(f, django_filters.MultipleChoiceFilter
                                                     | django_filters.ModelMultipleChoiceFilter):
                yield nom, ["Une seule valeur attendue."]  # the last value would silently win
