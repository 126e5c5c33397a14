"""Production: DEBUG off, secrets required, HTTPS everywhere, tasks sent to Celery workers."""

import os

from . import *  # noqa: F403
from . import env_bool

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "spsti.fichiers.StockageProtege"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FICHIERS_X_ACCEL = env_bool("FICHIERS_X_ACCEL", True)
WEBHOOKS_HTTPS_SEUL = env_bool("WEBHOOKS_HTTPS_SEUL", True)  # issue 18: webhook addresses in https:// only
WEBHOOKS_RESEAU_PUBLIC_SEUL = env_bool("WEBHOOKS_RESEAU_PUBLIC_SEUL", True)  # never to the internal network
CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_REPORT_ONLY = POLITIQUE_CSP, None  # noqa: F405 (enforced)
# Persistent database connections, checked before reuse: a connection opened per request cost each
# page 10 to 20 ms (a new PostgreSQL backend, its caches cold) and the API a third of its
# throughput in the load test at scale 40. The row-level scope is set and reset per request.
DATABASES = {"default": {**DATABASES["default"], "CONN_MAX_AGE": int(os.environ.get("CONN_MAX_AGE", "60")),  # noqa: F405
                         "CONN_HEALTH_CHECKS": True}}
