"""Backup and restore: the database (pg_dump, custom format) and the files (MEDIA_ROOT: DUERP
versions, outcome PDFs, FE PDFs, declarations…) at one consistent point in time.

``sauvegarder(dossier)``:
1. opens a REPEATABLE READ transaction and exports its snapshot; ``pg_dump --snapshot`` dumps
   exactly that state (``base.dump``);
2. in the same snapshot, lists every file the database refers to (every ``FileField``);
3. archives MEDIA_ROOT (``fichiers.tar``) with a manifest of SHA-256 checksums
   (``manifeste.json``); every referred file must be in it (documents are immutable and never
   deleted, so a file referred to at the snapshot is still there), else the backup fails.

``restaurer(dossier)``: checks the archive against the manifest, restores the dump into the
configured (empty or to be replaced) database with ``pg_restore --clean``, extracts the files
into MEDIA_ROOT, then checks every referred file exists.

The role running them must read every row (superuser or BYPASSRLS: the tables force row-level
security).
"""

import hashlib
import json
import os
import subprocess
import tarfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from .tenancy import tous_services_actifs

BASE, FICHIERS, MANIFESTE = "base.dump", "fichiers.tar", "manifeste.json"


class SauvegardeInvalide(Exception):
    pass


def _env_pg(base: dict) -> tuple[list[str], dict]:
    options = []
    if base.get("HOST"):
        options += ["-h", base["HOST"]]
    if base.get("PORT"):
        options += ["-p", str(base["PORT"])]
    if base.get("USER"):
        options += ["-U", base["USER"]]
    env = dict(os.environ)
    if base.get("PASSWORD"):
        env["PGPASSWORD"] = base["PASSWORD"]
    return options, env


def fichiers_references() -> set[str]:
    """Every file name the database refers to (all FileFields of all models), unscoped."""
    noms = set()
    with connection.cursor() as curseur:
        for modele in apps.get_models():
            for champ in modele._meta.concrete_fields:
                if isinstance(champ, models.FileField):
                    table, colonne = modele._meta.db_table, champ.column
                    curseur.execute(f'SELECT DISTINCT "{colonne}" FROM "{table}" WHERE "{colonne}" <> \'\'')
                    noms.update(ligne[0] for ligne in curseur.fetchall())
    return noms


def somme(chemin: Path) -> str:
    empreinte = hashlib.sha256()
    with open(chemin, "rb") as flux:
        for bloc in iter(lambda: flux.read(1024 * 1024), b""):
            empreinte.update(bloc)
    return empreinte.hexdigest()


def sauvegarder(dossier) -> dict:
    dossier = Path(dossier)
    dossier.mkdir(parents=True, exist_ok=True)
    base = settings.DATABASES["default"]
    if connection.vendor != "postgresql":
        raise SauvegardeInvalide("La sauvegarde demande PostgreSQL (pg_dump).")
    options, env = _env_pg(base)
    with transaction.atomic():
        with connection.cursor() as curseur:
            curseur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            curseur.execute("SELECT pg_export_snapshot(), now()")
            instantane, instant = curseur.fetchone()
        subprocess.run(["pg_dump", *options, "-Fc", f"--snapshot={instantane}", "-f", str(dossier / BASE),
                        base["NAME"]], check=True, env=env, capture_output=True)
        with tous_services_actifs():
            references = fichiers_references()
    media = Path(settings.MEDIA_ROOT)
    manifeste = {"instant": instant.isoformat(), "sauvegarde_le": timezone.now().isoformat(),
                 "base": {"fichier": BASE, "sha256": somme(dossier / BASE)}, "fichiers": {}}
    with tarfile.open(dossier / FICHIERS, "w") as archive:
        if media.exists():
            for chemin in sorted(p for p in media.rglob("*") if p.is_file()):
                nom = chemin.relative_to(media).as_posix()
                manifeste["fichiers"][nom] = somme(chemin)
                archive.add(chemin, arcname=nom)
    manquants = sorted(references - set(manifeste["fichiers"]))
    manifeste["references"] = len(references)
    manifeste["manquants"] = manquants
    (dossier / MANIFESTE).write_text(json.dumps(manifeste, indent=1, ensure_ascii=False))
    if manquants:
        raise SauvegardeInvalide(f"{len(manquants)} fichier(s) référencé(s) par la base absent(s) de MEDIA_ROOT : "
                                 f"{', '.join(manquants[:10])}")
    return manifeste


def verifier(dossier) -> dict:
    """The backup's parts against its manifest (checksums of the dump and of every file)."""
    dossier = Path(dossier)
    manifeste = json.loads((dossier / MANIFESTE).read_text())
    if somme(dossier / BASE) != manifeste["base"]["sha256"]:
        raise SauvegardeInvalide("Le fichier de la base ne correspond pas au manifeste.")
    with tarfile.open(dossier / FICHIERS) as archive:
        for membre in archive.getmembers():
            if not membre.isfile() or membre.name not in manifeste["fichiers"]:
                raise SauvegardeInvalide(f"Élément inattendu dans l'archive : {membre.name}")
            empreinte = hashlib.sha256(archive.extractfile(membre).read()).hexdigest()
            if empreinte != manifeste["fichiers"][membre.name]:
                raise SauvegardeInvalide(f"Fichier altéré : {membre.name}")
    return manifeste


def restaurer(dossier, *, base: dict | None = None, media=None) -> dict:
    """Restores into ``base`` (default: the configured database) and ``media`` (default:
    MEDIA_ROOT)."""
    dossier = Path(dossier)
    manifeste = verifier(dossier)
    base = base or settings.DATABASES["default"]
    options, env = _env_pg(base)
    resultat = subprocess.run(["pg_restore", *options, "--clean", "--if-exists", "--no-owner", "--exit-on-error",
                               "-d", base["NAME"], str(dossier / BASE)], env=env, capture_output=True, text=True)
    if resultat.returncode != 0:
        raise SauvegardeInvalide(f"pg_restore a échoué : {resultat.stderr[-2000:]}")
    media = Path(media or settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(dossier / FICHIERS) as archive:
        archive.extractall(media, filter="data")
    absents = [nom for nom in manifeste["fichiers"] if not (media / nom).is_file()]
    if absents:
        raise SauvegardeInvalide(f"{len(absents)} fichier(s) non restauré(s).")
    return manifeste

