"""Browser journeys: Playwright (Python) driving Debian's chromium against a live test server.
Screenshots are written to artifacts/screenshots/ (CI keeps the folder)."""

import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CAPTURES = Path(os.environ.get("SCREENSHOTS_DIR", Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"))


@pytest.fixture(scope="session")
def navigateur():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(navigateur):
    contexte = navigateur.new_context(viewport={"width": 1280, "height": 860}, locale="fr-FR")
    onglet = contexte.new_page()
    yield onglet
    contexte.close()


@pytest.fixture
def demo(live_server):
    # the snapshots computed when opened; the one service every browser test logs into (the
    # demo loads again for each test: three services took three times as long)
    call_command("donnees_demo", scale=0.05, sans_indicateurs=True, services=["provence"], stdout=StringIO())
    return live_server.url


@pytest.fixture
def capture():
    CAPTURES.mkdir(parents=True, exist_ok=True)

    def prendre(page, nom):
        page.screenshot(path=str(CAPTURES / f"{nom}.png"), full_page=True)

    return prendre
