"""The Celery application. Tasks on tenant data take the service id and run in its scope."""

import os

from celery import Celery, Task

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
