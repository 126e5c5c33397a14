"""Stored files: one storage layer in, one view helper out.

In: ``StockageProtege`` (the default storage) files every upload and generated PDF under a
random token directory (``<upload_to>/<token>/<name>``: a name cannot be guessed from a visit or
a SIREN) and records its SHA-256 fingerprint and size in ``FichierStocke``; ``manage.py
verifier_fichiers`` checks every file a record points to against it.

Out: ``servir_fichier`` is the only way a stored file leaves the server. The calling view has
asked the same policy as the file's page; a medical file's read (or refusal) is written to the
medical access log; production answers ``X-Accel-Redirect`` (``FICHIERS_X_ACCEL``) so the
reverse proxy streams the file from an ``internal`` location, development streams it itself.
Nothing serves ``MEDIA_ROOT`` directly except the services' logos (``logos/``, public).
"""

import hashlib
import os
import secrets
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

PUBLICS = ("logos/",)  # the only stored files served without a check (the services' logos)


def empreinte(fichier) -> tuple[str, int]:
    """SHA-256 (hex) and size of an open file, read by chunks, the position restored."""
    somme, taille = hashlib.sha256(), 0
    if hasattr(fichier, "seek"):
        fichier.seek(0)
    for bloc in (fichier.chunks() if hasattr(fichier, "chunks") else iter(lambda: fichier.read(1 << 16), b"")):
        somme.update(bloc)
        taille += len(bloc)
    if hasattr(fichier, "seek"):
        fichier.seek(0)
    return somme.hexdigest(), taille


class StockageProtege(FileSystemStorage):
    """FileSystemStorage with unguessable names and a fingerprint recorded for every file."""

    def generate_filename(self, filename):
        dossier, nom = os.path.split(filename)
        return super().generate_filename(os.path.join(dossier, secrets.token_urlsafe(16), nom))

    def _save(self, name, content):
        sha256, taille = empreinte(content)
        nom = super()._save(name, content)
        from .models import FichierStocke

        FichierStocke.objects.update_or_create(nom=nom, defaults={"sha256": sha256, "taille": taille})
        return nom


def servir_fichier(request, fichier, *, autorise: bool, medical=None, nom: str | None = None,
                   content_type: str | None = None, telechargement: bool = True):
    """The response carrying the stored ``fichier`` (a FieldFile), or a refusal.

    ``autorise`` is the answer of the policy the file's page asks; ``medical`` is the worker
    (``Salarie``) whose medical content the file holds: the attempt is then logged, granted or
    refused, through the medical access log's one function."""
    if medical is not None:
        from .models import AccesDossierMedical

        AccesDossierMedical.journaliser(rattachement=request.rattachement, salarie=medical,
                                        origine=request.path, accorde=autorise)
    if not autorise:
        raise PermissionDenied("Ce fichier ne vous est pas accessible.")
    nom = nom or fichier.name.rsplit("/", 1)[-1]
    if getattr(settings, "FICHIERS_X_ACCEL", False):
        reponse = HttpResponse(content_type=content_type or "application/octet-stream")
        reponse["X-Accel-Redirect"] = settings.FICHIERS_X_ACCEL_PREFIXE + quote(fichier.name)
        reponse["Content-Disposition"] = content_disposition_header(telechargement, nom)
    else:
        reponse = FileResponse(fichier.open("rb"), as_attachment=telechargement, filename=nom,
                               **({"content_type": content_type} if content_type else {}))
    reponse["Cache-Control"] = "private, no-store"
    reponse["X-Content-Type-Options"] = "nosniff"
    return reponse
