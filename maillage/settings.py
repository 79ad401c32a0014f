"""Maillage settings: one module, driven by environment variables (see docs/configuration.md).

Production is the default: DEBUG off, HTTPS only, a SECRET_KEY required. The demo and the tests
set what they need explicitly (Makefile), so a demo default can never leak into production.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from maillage.core.env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("MAILLAGE_VAR_DIR", str(BASE_DIR / "var")))
# The reference files of ../shared/data, used by tests and benchmarks only, never by the product.
SHARED_DATA_DIR = Path(env_str("MAILLAGE_SHARED_DATA", str(BASE_DIR.parent / "shared" / "data")))

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY", None)
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY est obligatoire : générez-en une (par exemple "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`) et passez-la dans "
        "l'environnement. `make demo` en génère une pour la démonstration."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "maillage.core",
    "maillage.accounts",
    "maillage.territories",
    "maillage.referentials",
    "maillage.directory",
    "maillage.outreach",
    "maillage.intake",
    "maillage.referrals",
    "maillage.reporting",
    "maillage.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "maillage.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Every page needs a signed-in user unless its view opts out with @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Whoever may see personal data must have passed the second factor (accounts.permissions).
    "maillage.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "maillage.urls"
WSGI_APPLICATION = "maillage.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "maillage.core.context_processors.site",
                "maillage.accounts.context_processors.roles",
            ],
        },
    },
]

# Database: an SQLite file by default for development and the demo; production names its
# database explicitly (PostgreSQL), so a forgotten variable cannot start it on a stray file.
_default_db = f"sqlite:///{VAR_DIR / 'maillage.sqlite3'}" if DEBUG else None
if not DEBUG and not env_str("DATABASE_URL", ""):
    raise ImproperlyConfigured(
        "DATABASE_URL est obligatoire hors DEBUG, par exemple "
        "postgres://utilisateur:motdepasse@hôte:5432/maillage."
    )
try:
    _db = dj_database_url.parse(
        env_str("DATABASE_URL", _default_db),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0, minimum=0),
        conn_health_checks=True,
    )
except ValueError as error:
    raise ImproperlyConfigured(
        f"DATABASE_URL n'est pas une adresse de base valide : {error}"
    ) from None
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["OPTIONS"] = {
        # WAL lets readers go on while one writer writes; IMMEDIATE avoids "database is locked"
        # on a read that turns into a write.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
elif _db["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL : seules SQLite et PostgreSQL sont prises en charge.")
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Rate limits are counted in the database (core.ratelimit), so the cache is per process.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
PASSWORD_RESET_TIMEOUT = 3600  # a reset link works for one hour

# Sign-in hardening (accounts.actions): after LOGIN_LOCKOUT_ATTEMPTS failures for one address
# within LOGIN_LOCKOUT_MINUTES, that address is locked for the rest of the window.
LOGIN_LOCKOUT_ATTEMPTS = env_int("LOGIN_LOCKOUT_ATTEMPTS", 5, minimum=1)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1)
MAGIC_LINK_VALIDITY_MINUTES = env_int("MAGIC_LINK_VALIDITY_MINUTES", 30, minimum=1)
INVITATION_VALIDITY_DAYS = env_int("INVITATION_VALIDITY_DAYS", 14, minimum=1)
OTP_TOTP_ISSUER = env_str("SITE_NAME", "Maillage")

# ProConnect (OpenID Connect), optional: e.g. PROCONNECT_BASE_URL=https://auth.agentconnect.gouv.fr/api/v2
PROCONNECT_BASE_URL = env_str("PROCONNECT_BASE_URL", "").rstrip("/")
PROCONNECT_ENABLED = bool(PROCONNECT_BASE_URL)
if PROCONNECT_ENABLED:
    OIDC_RP_CLIENT_ID = env_str("PROCONNECT_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET = env_str("PROCONNECT_CLIENT_SECRET")
    OIDC_OP_AUTHORIZATION_ENDPOINT = f"{PROCONNECT_BASE_URL}/authorize"
    OIDC_OP_TOKEN_ENDPOINT = f"{PROCONNECT_BASE_URL}/token"
    OIDC_OP_USER_ENDPOINT = f"{PROCONNECT_BASE_URL}/userinfo"
    OIDC_OP_JWKS_ENDPOINT = f"{PROCONNECT_BASE_URL}/jwks"
    OIDC_RP_SIGN_ALGO = "RS256"
    OIDC_RP_SCOPES = "openid email given_name usual_name siret"
    OIDC_AUTH_REQUEST_EXTRA_PARAMS = {"acr_values": "eidas1"}
    OIDC_CREATE_USER = False  # ProConnect proves who one is; invitations open accounts
    OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:proconnect_callback"
    OIDC_TIMEOUT = 10
    AUTHENTICATION_BACKENDS = [
        *AUTHENTICATION_BACKENDS,
        "maillage.accounts.proconnect.ProConnectBackend",
    ]
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Security. HTTPS is the default outside DEBUG; USE_HTTPS=0 is for a plain-HTTP test server only.
USE_HTTPS = env_bool("USE_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = USE_HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
SESSION_COOKIE_SECURE = USE_HTTPS
CSRF_COOKIE_SECURE = USE_HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if USE_HTTPS else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = USE_HTTPS
# Preloading commits every subdomain to HTTPS for good: the operator's decision, not a default.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600, minimum=300)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
X_FRAME_OPTIONS = "DENY"

# Email: SMTP in production; the demo writes messages to var/mail instead.
# Work done after the response (emails, SMS): queued in the database, done by
# `manage.py db_worker` (core.mail). The tests run each task at once (TASKS_BACKEND=immediate).
TASKS_BACKEND = env_str("TASKS_BACKEND", "database")
if TASKS_BACKEND not in ("database", "immediate"):
    raise ImproperlyConfigured("TASKS_BACKEND vaut « database » ou « immediate ».")
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if TASKS_BACKEND == "database"
        else "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default"],
    }
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured(
        "EMAIL_USE_TLS et EMAIL_USE_SSL ne peuvent pas être activés ensemble."
    )
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Maillage <ne-pas-repondre@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

FORM_RENDERER = "maillage.core.forms.FormRenderer"

# Map tiles for the directory's map view: none by default (no page calls a third-party host);
# an operator may name a tile server, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png, which
# the Content-Security-Policy then allows for images.
MAP_TILES_URL = env_str("MAP_TILES_URL", "")
MAP_ATTRIBUTION = env_str("MAP_ATTRIBUTION", "")

SITE_NAME = env_str("SITE_NAME", "Maillage")
# Address of the site in messages sent outside a request (reminders from periodic commands).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# SMS to the people served: no provider by default (messages stay in the outbox, undelivered).
# The demo prints them (maillage.core.notify.ConsoleSmsBackend) or writes them to a file.
SMS_BACKEND = env_str("SMS_BACKEND", "maillage.core.notify.NullSmsBackend")
SMS_FILE_PATH = VAR_DIR / "sms.log"
# The outbox page (/orientations/messages-envoyes/) shows every message sent: for the demo only.
# Only with DEBUG: a production server never shows people's messages on a page.
DEMO_OUTBOX = DEBUG and env_bool("DEMO_OUTBOX", False)
# Public forms (capteurs, self-referral, prescribers): submissions per client address per hour.
PUBLIC_FORM_RATE_PER_HOUR = env_int("PUBLIC_FORM_RATE_PER_HOUR", 30, minimum=1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {
        "handlers": ["console"],
        "level": env_choice("LOG_LEVEL", "INFO", {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}),
    },
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
