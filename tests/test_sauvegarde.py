"""Backup and restore drill (spsti/sauvegarde.py): demo-like data of two services with their
documents (an outcome PDF, a DUERP version), saved then restored into another database and
media directory: every table has the same row count, every file the same checksum, the PDF
opens; a tampered archive or a missing referenced file is refused."""

import json
import subprocess

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from spsti.permissions import Role
from spsti.sauvegarde import SauvegardeInvalide, restaurer, sauvegarder
from spsti.tenancy import service_actif
from suivi_individuel.models import NatureDocument, Visite
from suivi_individuel.visites import document_emettre
from tests.prevention.outils import un_duerp


def comptes(nom_base: str) -> dict[str, int]:
    base = settings.DATABASES["default"]
    with psycopg.connect(host=base["HOST"], port=base["PORT"] or 5432, user=base["USER"], dbname=nom_base,
                         password=base.get("PASSWORD") or None) as cnx:
        tables = [t for (t,) in cnx.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {t: cnx.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


@pytest.fixture
def base_de_restauration():
    nom = connection.settings_dict["NAME"] + "_restauration"
    base = settings.DATABASES["default"]
    options = ["-h", base["HOST"], "-p", str(base["PORT"] or 5432), "-U", base["USER"]]
    subprocess.run(["dropdb", *options, "--if-exists", nom], check=True)
    subprocess.run(["createdb", *options, nom], check=True)
    yield {**connection.settings_dict, "NAME": nom}
    subprocess.run(["dropdb", *options, "--if-exists", nom], check=True)


@pytest.mark.django_db(transaction=True)
def test_exercice_de_restauration(a, b, settings, tmp_path, base_de_restauration):
    settings.MEDIA_ROOT = tmp_path / "media"
    for monde in (a, b):
        with service_actif(monde.service):
            document = document_emettre(visite=Visite.objects.first(), par=monde.membres[Role.MEDECIN],
                                        nature=NatureDocument.ATTESTATION_SUIVI, propositions="")
            un_duerp(monde)
    call_command("sauvegarder", str(tmp_path / "sauvegarde"))
    manifeste = json.loads((tmp_path / "sauvegarde" / "manifeste.json").read_text())
    assert manifeste["references"] == 4 and manifeste["manquants"] == [] and len(manifeste["fichiers"]) == 4

    restaurer(tmp_path / "sauvegarde", base=base_de_restauration, media=tmp_path / "restauree")
    origine, restauree = comptes(connection.settings_dict["NAME"]), comptes(base_de_restauration["NAME"])
    assert len(origine) > 100 and restauree == origine
    assert origine["suivi_individuel_documentsuivi"] == 2 and origine["duerp_documentduerp"] == 2
    pdf = (tmp_path / "restauree" / document.pdf.name).read_bytes()
    assert pdf.startswith(b"%PDF") and b"%%EOF" in pdf[-1024:]
    assert pdf == (tmp_path / "media" / document.pdf.name).read_bytes()

    with open(tmp_path / "sauvegarde" / "base.dump", "r+b") as archive:  # one byte altered
        archive.seek(1024)
        octet = archive.read(1)
        archive.seek(1024)
        archive.write(bytes([octet[0] ^ 0xFF]))
    with pytest.raises(CommandError, match="ne correspond pas au manifeste"):
        call_command("restaurer", str(tmp_path / "sauvegarde"), verifier_seulement=True)

    (tmp_path / "media" / document.pdf.name).unlink()  # a referenced file lost: the backup says so
    with pytest.raises(SauvegardeInvalide, match="absent"):
        sauvegarder(tmp_path / "autre")
