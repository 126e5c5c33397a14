"""Tests: PostgreSQL and Redis at their local defaults, unless DATABASE_URL / REDIS_URL say otherwise.

(The base settings are imported first, with their SQLite default: the database is set again here.)"""

import os

from . import *  # noqa: F403

DATABASES = {"default": base_de_donnees(  # noqa: F405
    os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/spsti")}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# issue 11: a wrong code followed at once by the right one (django-otp delays retries in production)
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
