"""``Idempotency-Key`` on API writes: a client that sends the same POST twice (a retry after a
time-out) gets the first answer again and nothing is created twice.

The key is stored per service and per holder (the token, or the person for a session) with a
fingerprint of the request (method, path, body). Same key and same request: the stored answer
is replayed (header ``Idempotent-Replayed: true``). Same key, another request: 422. Only
successful answers are kept: after a refusal (400…) the client corrects its body and may send
it again under the same key. Two retries at the same instant: the second waits on the key's
unique index until the first commits, then replays its answer."""

import hashlib
import json

from django.db import IntegrityError, transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response

from .api import DETAIL
from .models import ReponseIdempotente

ENTETE = "Idempotency-Key"
LONGUEUR_MAX = 255

PARAMETRE = OpenApiParameter(
    ENTETE, OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description="Clé choisie par le client (UUID conseillé) : renvoyer la même requête avec la même clé rejoue la "
                "première réponse sans rien créer de plus ; la même clé avec un autre corps est refusée (422).")
REPONSE_422 = OpenApiResponse(DETAIL, description="Clé d'idempotence déjà utilisée pour une autre requête.")


def titulaire(request) -> str:
    jeton = getattr(request._request, "jeton_api", None)
    return f"jeton:{jeton.pk}" if jeton is not None else f"utilisateur:{request.user.pk}"


def empreinte(request) -> str:
    corps = json.dumps(request.data, sort_keys=True, default=str)
    return hashlib.sha256(f"{request.method} {request.path}\n{corps}".encode()).hexdigest()


def idempotent(request, ecrire) -> Response:
    """``ecrire()`` (the view's write, returning its Response) run once per key."""
    cle = request.headers.get(ENTETE, "").strip()
    if not cle:
        return ecrire()
    if len(cle) > LONGUEUR_MAX:
        return Response({"detail": f"La clé d'idempotence dépasse {LONGUEUR_MAX} caractères."},
                        status=status.HTTP_400_BAD_REQUEST)
    qui, signature = titulaire(request), empreinte(request)
    with transaction.atomic():
        try:
            with transaction.atomic():
                ligne = ReponseIdempotente.objects.create(tenant=request._request.service, titulaire=qui, cle=cle,
                                                          empreinte=signature, statut=0)
        except IntegrityError:
            premiere = ReponseIdempotente.objects.get(titulaire=qui, cle=cle)
            if premiere.empreinte != signature:
                return Response({"detail": "Cette clé d'idempotence a déjà servi pour une autre requête : "
                                           "utilisez une nouvelle clé pour une nouvelle opération."},
                                status=status.HTTP_422_UNPROCESSABLE_ENTITY)
            return Response(premiere.corps, status=premiere.statut, headers={"Idempotent-Replayed": "true"})
        reponse = ecrire()
        if status.is_success(reponse.status_code):
            ligne.statut, ligne.corps = reponse.status_code, reponse.data
            ligne.save(update_fields=["statut", "corps"])
        else:
            transaction.set_rollback(True)
        return reponse


def schema_idempotent(**kwargs):
    """``extend_schema`` of a POST that honours the header (its 422 included)."""
    reponses = kwargs.pop("responses", {})
    return extend_schema(parameters=[PARAMETRE, *kwargs.pop("parameters", [])],
                         responses={**reponses, 422: REPONSE_422}, **kwargs)
