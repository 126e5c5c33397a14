import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

from spsti.celery import REGLAGES_PAR_DEFAUT

if REGLAGES_PAR_DEFAUT:  # none given: production, not the worker's default the package set on import
    os.environ["DJANGO_SETTINGS_MODULE"] = "spsti.settings.production"
application = get_wsgi_application()

# What every request uses is loaded once (the URLs import every view and serializer), then left
# out of the garbage collector's passes, which scan a request's own objects only, and less often
# (the API's lists of 50 spent 0.44 ms each in it, 0.22 ms so): the objects of gunicorn's workers
# forked with --preload also stay in shared memory pages.
get_resolver().url_patterns  # noqa: B018 (imported for its side effect)
gc.freeze()
gc.set_threshold(10_000, 10, 10)
