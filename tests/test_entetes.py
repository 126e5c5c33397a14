"""Security headers: a strict Content-Security-Policy (report-only in the quick start, enforced in
production) that the templates keep (no inline script, handler or style), and a Permissions-Policy."""

import importlib
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings

from spsti.permissions import Role

GABARITS = Path(settings.BASE_DIR) / "templates"


def test_la_politique_est_stricte_et_en_rapport_seul_au_demarrage_rapide(a):
    reponse = a.client(Role.DIRECTEUR).get("/accueil/")
    politique = reponse["Content-Security-Policy-Report-Only"]
    assert "Content-Security-Policy" not in reponse
    assert "default-src 'self'" in politique and "frame-ancestors 'none'" in politique
    assert "script-src 'self'" in politique and "unsafe-inline" not in politique
    assert "style-src 'self'" in politique and "unsafe-eval" not in politique


def test_la_production_applique_la_politique(monkeypatch, a):
    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    production = importlib.import_module("spsti.settings.production")
    assert production.CONTENT_SECURITY_POLICY == settings.POLITIQUE_CSP
    assert production.CONTENT_SECURITY_POLICY_REPORT_ONLY is None
    # and its stored files go through the protected storage, served by the proxy after the check
    assert production.FICHIERS_X_ACCEL is True
    assert production.STORAGES["default"]["BACKEND"] == "spsti.fichiers.StockageProtege"
    with override_settings(CONTENT_SECURITY_POLICY=production.CONTENT_SECURITY_POLICY,
                           CONTENT_SECURITY_POLICY_REPORT_ONLY=None):
        for reponse in (Client().get("/comptes/connexion/"), a.client(Role.ADHERENT).get("/portail/")):
            assert "script-src 'self'" in reponse["Content-Security-Policy"]
            assert "Content-Security-Policy-Report-Only" not in reponse


def test_permissions_policy(a):
    entete = Client().get("/comptes/connexion/")["Permissions-Policy"]
    assert "camera=()" in entete and "geolocation=()" in entete and "publickey-credentials-get=(self)" in entete


@pytest.mark.parametrize("gabarit", sorted(p for p in GABARITS.rglob("*.html") if "pdf" not in p.parts),
                         ids=lambda p: str(p.relative_to(GABARITS)))
def test_aucun_script_ni_style_en_ligne(gabarit):
    """PDF templates are rendered by WeasyPrint on the server, never by a browser: not scanned."""
    texte = gabarit.read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", texte), "script en ligne"
    assert not re.search(r"\son[a-z]+\s*=", texte), "gestionnaire d'événement en ligne"
    assert not re.search(r"\sstyle\s*=|<style", texte), "style en ligne"
    assert "javascript:" not in texte and "hx-on" not in texte
