"""API of the thesauri: the lists a service's staff pick from, read-only (the director edits
them in the organisation pages)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from .permissions import Capacite
from .thesaurus import REGISTRE as THESAURUS


class EntreeThesaurusSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField(help_text="Code stable des entrées amorcées ; vide pour celles du service.")
    libelle = serializers.CharField()
    ordre = serializers.IntegerField()
    actif = serializers.BooleanField(help_text="Faux : n'est plus proposée, reste sur les fiches qui l'utilisent.")
    attributs = serializers.DictField(help_text="Les champs propres à cette liste.")


class ThesaurusSerializer(serializers.Serializer):
    cle = serializers.CharField()
    libelle = serializers.CharField()
    description = serializers.CharField()


class ThesaurusDetailSerializer(ThesaurusSerializer):
    entrees = EntreeThesaurusSerializer(many=True)


def _thesaurus(cle, modele) -> dict:
    return {"cle": cle, "libelle": str(modele._meta.verbose_name_plural), "description": " ".join(
        (modele.__doc__ or "").split())}


class ThesaurusViewSet(viewsets.ViewSet):
    """The service's thesauri (the lists its staff pick from), read-only: the director edits them
    in the organisation pages."""

    capacite = Capacite.BACK_OFFICE
    lookup_value_regex = r"[a-z0-9-]+"

    @extend_schema(responses=ThesaurusSerializer(many=True))
    def list(self, request):
        return Response([_thesaurus(cle, modele) for cle, modele in sorted(THESAURUS.items())])

    @extend_schema(responses=ThesaurusDetailSerializer)
    def retrieve(self, request, pk=None):
        modele = THESAURUS.get(pk)
        if modele is None:
            raise NotFound("Liste inconnue.")
        entrees = modele.entrees(request._request.service).order_by("ordre", "libelle", "pk")
        return Response({**_thesaurus(pk, modele), "entrees": [
            {"id": e.pk, "code": e.code, "libelle": e.libelle, "ordre": e.ordre, "actif": e.actif,
             "attributs": {champ: e.serializable_value(champ) for champ in modele.CHAMPS_EDITABLES}}
            for e in entrees]})
