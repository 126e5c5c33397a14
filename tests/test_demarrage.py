"""The settings each entry point starts with: the web server (``spsti.wsgi``, what gunicorn
loads) defaults to production, the Celery worker and beat to the development settings, and a
``DJANGO_SETTINGS_MODULE`` given in the environment always wins. Each case starts a fresh Python
process: which settings a process takes is decided at its first imports."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

LIRE_REGLAGES = ("from django.conf import settings; "
                 "print(settings.SETTINGS_MODULE, settings.DEBUG, settings.SECRET_KEY == 'cle-de-test')")


def demarrer(module: str, lecture: str, **environnement) -> subprocess.CompletedProcess:
    env = {cle: valeur for cle, valeur in os.environ.items()
           if cle not in ("DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DEBUG")}  # only what each case gives
    env.update(environnement)
    return subprocess.run([sys.executable, "-c", f"import {module}; {lecture}"], env=env, cwd=settings.BASE_DIR,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(("module", "environnement", "attendu"), [
    # README "Production settings": production is spsti.wsgi's default (it was the development
    # settings, DEBUG on, because the package's Celery app set its default first)
    ("spsti.wsgi", {"SECRET_KEY": "cle-de-test"}, "spsti.settings.production False True"),
    # given, the environment wins (the benchmark's gunicorn runs the development settings, DEBUG off)
    ("spsti.wsgi", {"SECRET_KEY": "cle-de-test", "DJANGO_SETTINGS_MODULE": "spsti.settings", "DEBUG": "false"},
     "spsti.settings False True"),
    # `celery -A spsti worker` and beat: the development settings unless told otherwise
    ("spsti", {}, "spsti.settings True False"),
    ("spsti", {"SECRET_KEY": "cle-de-test", "DJANGO_SETTINGS_MODULE": "spsti.settings.production"},
     "spsti.settings.production False True"),
])
def test_les_reglages_de_chaque_point_d_entree(module, environnement, attendu):
    processus = demarrer(module, LIRE_REGLAGES, **environnement)
    assert processus.returncode == 0, processus.stderr
    assert processus.stdout.strip().splitlines()[-1] == attendu


def test_le_serveur_web_refuse_de_demarrer_sans_cle_secrete():
    """Production without ``SECRET_KEY`` stops at once rather than sign sessions with a known key."""
    processus = demarrer("spsti.wsgi", LIRE_REGLAGES)
    assert processus.returncode != 0
    assert "SECRET_KEY" in processus.stderr


def test_le_worker_celery_garde_l_integration_django():
    """Celery installs its Django fixup (connections closed after each task, ``django.setup()`` at
    the worker's start) only if the settings are known when the app is created."""
    processus = demarrer("spsti", "print(sorted(type(f).__name__ for f in spsti.celery_app._fixups))")
    assert processus.returncode == 0, processus.stderr
    assert "DjangoFixup" in processus.stdout
