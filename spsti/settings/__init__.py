"""Settings shared by every environment, read from environment variables.

The defaults are the quick start: SQLite in ``var/``, Celery tasks run eagerly, e-mails
printed on the console. Production overrides live in ``spsti.settings.production``.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me-in-production")
DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "import_export",
    "django_htmx",
    "pgtrigger",
    "csp",
    "spsti",
    "adherents",
    "fiche_entreprise",
    "duerp",
    "cellule_pdp",
    "suivi_individuel",
    "offres",
    "indicateurs",
    "webhooks",  # issue 18: subscriptions, signed deliveries
    "comptes",  # issue 11: tokens, second factor, throttling, sessions
    "django_otp",  # issue 11
    "django_otp.plugins.otp_totp",  # issue 11
    "django_otp.plugins.otp_static",  # issue 11
    "axes",  # issue 11: login throttling
    "mozilla_django_oidc",  # issue 11: Pro Santé Connect
    "django_otp_webauthn",  # issue 11: passkeys as a second factor
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "spsti.entetes.PermissionsPolicyMiddleware",
    "spsti.entetes.CaractereNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "spsti.tenancy.ServiceMiddleware",
    "spsti.journal_medical.JournalMedicalMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "spsti.effets.EffetsMiddleware",
    "comptes.middleware.SessionSecuriteMiddleware",  # issue 11: idle timeout, absolute lifetime
    "django_otp.middleware.OTPMiddleware",  # issue 11
    "comptes.middleware.DoubleFacteurMiddleware",  # issue 11: second factor before any page
    "axes.middleware.AxesMiddleware",  # issue 11: login throttling (last, as django-axes requires)
]

ROOT_URLCONF = "spsti.urls"
WSGI_APPLICATION = "spsti.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "spsti.context_processors.navigation",
                "csp.context_processors.nonce",
            ],
        },
    },
]



def base_de_donnees(url: str, **options) -> dict:
    """The database at ``url``; on PostgreSQL, without JIT compilation: PostgreSQL compiles any
    query priced above 100,000, which at 1M workers is most reporting queries, and the compiling
    cost more than it saved (the overdue-visit alerts' query: 4.3 s of compiling in 7.2 s; the
    unpaid invoices: 0.6 s in 1.2 s); pages unchanged."""
    base = dj_database_url.parse(url, **options)
    if base["ENGINE"] == "django.db.backends.postgresql":
        base.setdefault("OPTIONS", {})["options"] = "-c jit=off"
    return base


DATABASES = {"default": base_de_donnees(os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var/db.sqlite3'}",
                                        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "spsti.Utilisateur"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "connexion"
LOGIN_REDIRECT_URL = "racine"
LOGOUT_REDIRECT_URL = "connexion"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]  # French only: a partial English was worse than none (issue 16)
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "spsti.fichiers.StockageProtege"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Stored files leave only through ``spsti.fichiers.servir_fichier``; with FICHIERS_X_ACCEL the reverse
# proxy streams them from its ``internal`` location FICHIERS_X_ACCEL_PREFIXE (README, "Security").
FICHIERS_X_ACCEL = env_bool("FICHIERS_X_ACCEL", False)
FICHIERS_X_ACCEL_PREFIXE = os.environ.get("FICHIERS_X_ACCEL_PREFIXE", "/fichiers-proteges/")

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ne-pas-repondre@spsti.localhost")

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", True)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "balayage-alertes-quotidien": {
        "task": "spsti.tasks.balayer_alertes_tous_services",
        "schedule": 24 * 60 * 60,
    },
    "rappels-visites-prevention": {
        "task": "fiche_entreprise.tasks.rappeler_visites_tous_services",
        "schedule": 24 * 60 * 60,
    },
    "facturation-quotidienne": {
        "task": "offres.tasks.facturation_quotidienne_tous_services",
        "schedule": 24 * 60 * 60,
    },
    "rattrapage-effets": {"task": "spsti.effets.rattraper_effets", "schedule": 60},
    "battement-worker": {"task": "spsti.exploitation.battement", "schedule": 60},
    "instantanes-indicateurs": {
        "task": "indicateurs.tasks.calculer_indicateurs_tous_services",
        "schedule": 24 * 60 * 60,
    },
}
# Durability (spsti/effets.py): a hung or stopped Redis answers within seconds, never blocks a
# request; a task is acknowledged once done, and redelivered if its worker dies.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_timeout": 3, "socket_connect_timeout": 3, "max_retries": 1,
                                   "visibility_timeout": 60 * 60}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}
CELERY_REDIS_SOCKET_TIMEOUT = 3
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 3
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"socket_timeout": 3, "socket_connect_timeout": 3}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 15 * 60
CELERY_TASK_TIME_LIMIT = 20 * 60

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "comptes.authentification.JetonAPIAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["spsti.acces.CapacitePermission"],
    "DEFAULT_RENDERER_CLASSES": ["spsti.contrat_api.RenduJSON", "rest_framework.renderers.BrowsableAPIRenderer"],
    "DEFAULT_PAGINATION_CLASS": "spsti.contrat_api.PaginationAPI",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "spsti.contrat_api.FiltresAPI",
        "rest_framework.filters.OrderingFilter",
        "rest_framework.filters.SearchFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "spsti.api.SchemaAPI",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SPSTI — API",
    "DESCRIPTION": "API de la plateforme des services de prévention et de santé au travail.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_GENERATOR_CLASS": "spsti.api.GenerateurSchema",
    "ENUM_NAME_OVERRIDES": {
        "RoleEnum": "spsti.permissions.Role",
        "RoleContactEnum": "adherents.models.RoleContact",
        "NatureDocumentEnum": "suivi_individuel.models.NatureDocument",
        "NatureArretEnum": "suivi_individuel.models.NatureArret",
        "ModeTarifEnum": "offres.models.ModeTarif",
        "ModePaiementEnum": "offres.models.ModePaiement",
        "ModeRealisationEnum": "suivi_individuel.models.ModeRealisation",
        "ModeVisiteEnum": "suivi_individuel.models.ModeVisite",
        "TypeOffreEnum": "offres.models.TypeOffre",
        "TypeVisiteEnum": "suivi_individuel.models.TypeVisite",
        "StatutDemandeEnum": "adherents.models.StatutDemande",
        "AdherentStatutEnum": "adherents.models.StatutAdherent",
        "MotifCategorieEnum": "adherents.models.MotifCategorie",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint logs each rendering step at INFO ("Step 2 - Fetching and parsing CSS") and fontTools
    # each font it subsets: only their warnings.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# Content-Security-Policy (django-csp): no inline script or style anywhere (scripts are static files,
# htmx's own indicator style is off, see base.html); a nonce for the scripts that ask for one. The quick
# start sends it report-only (CSP_APPLIQUEE=1 enforces it); production enforces it.
POLITIQUE_CSP = {"DIRECTIVES": {
    "default-src": [SELF], "script-src": [SELF, NONCE], "style-src": [SELF], "img-src": [SELF, "data:"],
    "font-src": [SELF], "connect-src": [SELF], "form-action": [SELF], "frame-ancestors": [NONE],
    "base-uri": [NONE], "object-src": [NONE]}}
if env_bool("CSP_APPLIQUEE", False):
    CONTENT_SECURITY_POLICY = POLITIQUE_CSP
else:
    CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_REPORT_ONLY = None, POLITIQUE_CSP
# Browser features the product never uses are off; passkeys (WebAuthn) stay allowed for this origin.
PERMISSIONS_POLICY = {
    "camera": [], "microphone": [], "geolocation": [], "payment": [], "usb": [], "display-capture": [],
    "publickey-credentials-get": ["self"], "publickey-credentials-create": ["self"]}
# Authentication security (issue 11; README "Security: authentication").
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "SPSTI")
DOUBLE_FACTEUR_MEMORISATION_JOURS = int(os.environ.get("DOUBLE_FACTEUR_MEMORISATION_JOURS", "7"))  # default
DOUBLE_FACTEUR_MEMORISATION_MAX_JOURS = 30  # a service's setting cannot exceed it
SESSION_INACTIVITE_MINUTES_MEDICAUX = int(os.environ.get("SESSION_INACTIVITE_MINUTES_MEDICAUX", "30"))
SESSION_INACTIVITE_MINUTES = int(os.environ.get("SESSION_INACTIVITE_MINUTES", "120"))
SESSION_DUREE_ABSOLUE = int(os.environ.get("SESSION_DUREE_ABSOLUE_HEURES", "12")) * 3600  # seconds
SESSION_COOKIE_AGE = SESSION_DUREE_ABSOLUE
JETON_API_DUREE_MAX_JOURS = int(os.environ.get("JETON_API_DUREE_MAX_JOURS", "365"))
AUTHENTICATION_BACKENDS = [
    "comptes.backends.AxesBackend",  # lockout check first (django-axes)
    "django.contrib.auth.backends.ModelBackend",
    "comptes.oidc.ProSanteConnectBackend",  # inactive unless PSC_CLIENT_ID is set
]
# Pro Santé Connect (OpenID Connect; values given by the ANS when the service registers).
PSC_URL = os.environ.get("PSC_URL", "https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet/protocol/openid-connect")
OIDC_RP_CLIENT_ID = os.environ.get("PSC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("PSC_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = os.environ.get("PSC_SIGN_ALGO", "RS256")
OIDC_OP_AUTHORIZATION_ENDPOINT = f"{PSC_URL}/auth" if OIDC_RP_CLIENT_ID else ""
OIDC_OP_TOKEN_ENDPOINT = f"{PSC_URL}/token"
OIDC_OP_USER_ENDPOINT = f"{PSC_URL}/userinfo"
OIDC_OP_JWKS_ENDPOINT = f"{PSC_URL}/certs"
OIDC_RP_SCOPES = os.environ.get("PSC_SCOPES", "openid scope_all")
OIDC_AUTH_REQUEST_EXTRA_PARAMS = {"acr_values": "eidas1"}
OIDC_CREATE_USER = False
LOGIN_REDIRECT_URL_FAILURE = "/comptes/connexion/?psc=echec"
PSC_CLAIM_RPPS = os.environ.get("PSC_CLAIM_RPPS", "SubjectNameID")
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # per account, and per address, separately
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HEURES", "0.5"))  # hours; the director unlocks sooner
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "comptes.verrouillage.identifiant"
AXES_LOCKOUT_CALLABLE = "comptes.verrouillage.reponse_verrouillee"
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("AXES_PROXY_COUNT", "0")) or None  # reverse proxies in front
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else [
    "REMOTE_ADDR"]
# Passkeys (WebAuthn) as a second factor, never as a password replacement: the relying party
# is the site's domain, the origins the addresses users type.
OTP_WEBAUTHN_RP_ID = os.environ.get("WEBAUTHN_RP_ID", "localhost")
OTP_WEBAUTHN_RP_NAME = os.environ.get("WEBAUTHN_RP_NAME", "SPSTI")
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list("WEBAUTHN_ORIGINS", "http://localhost:8000")
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
