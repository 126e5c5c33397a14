"""The Celery application. Tasks on tenant data take the service id and run in its scope."""

import os

from celery import Celery, Task

# The worker's and beat's settings when none is given: the development ones, set before the app
# is created (Celery installs its Django integration only if they are known then). The package
# imports this module first, so the web server's entry point (``spsti.wsgi``, production by
# default) reads here whether the settings were given or are this default.
REGLAGES_PAR_DEFAUT = "DJANGO_SETTINGS_MODULE" not in os.environ
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spsti.settings")

app = Celery("spsti")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


class TacheService(Task):
    """Base of tasks on one service's data: first argument is the service id; the body runs
    inside that service's scope (fail closed everywhere else)."""

    def __call__(self, service_id, *args, **kwargs):
        from .models import Service
        from .tenancy import service_actif

        service = Service.objects.get(pk=service_id, actif=True)
        with service_actif(service):
            return super().__call__(service, *args, **kwargs)
