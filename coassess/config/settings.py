"""coassess settings: one module, driven by environment variables.

`.env.example` lists every variable. Nothing here is production-only except what
`COASSESS_ENVIRONMENT=production` switches on, and that is checked by
`coassess check --deploy --fail-level WARNING` in the test suite.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from coassess.config.env import (
    env_bool,
    env_int,
    env_list,
    env_secret,
    stored_secret_key,
)

django_stubs_ext.monkeypatch()  # generic classes such as ModelForm[Person] at run time

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PACKAGE_DIR = BASE_DIR / "coassess"
DATA_DIR = Path(os.environ.get("COASSESS_DATA_DIR", BASE_DIR / "var")).resolve()

ENVIRONMENT = os.environ.get("COASSESS_ENVIRONMENT", "development")
if ENVIRONMENT not in {"development", "test", "production"}:
    raise ImproperlyConfigured(
        "COASSESS_ENVIRONMENT must be development, test or production, "
        f"not {ENVIRONMENT!r}."
    )
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_bool("DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured(
        "DEBUG cannot be on when COASSESS_ENVIRONMENT=production."
    )

_secret = env_secret("SECRET_KEY")
if _secret is None and PRODUCTION:
    raise ImproperlyConfigured(
        "SECRET_KEY (or SECRET_KEY_FILE) must be set in production. "
        "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )
SECRET_KEY = _secret or stored_secret_key(DATA_DIR)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Load balancers whose X-Request-Id is kept (beside the server's own id).
TRUSTED_PROXY_ADDRESSES = env_list("TRUSTED_PROXY_ADDRESSES")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_htmx",
    "csp",
    "coassess.core",
    "coassess.accounts",
    "coassess.accesslog",
    "coassess.people",
    "coassess.referrals",
    "coassess.assessments",
    "coassess.decisions",
    "coassess.plans",
    "coassess.language",
    "coassess.coproduction",
    "coassess.portal",
    "coassess.demo",
]

MIDDLEWARE = [
    "coassess.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "coassess.core.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Which second-factor device verified this session, if any (accounts.second_factor).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "coassess.core.access.SignInRedirectMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # After CSP, so what it answers itself (a stopped refresh) has the headers too.
    "coassess.accounts.middleware.SessionTimeoutMiddleware",
    "coassess.core.middleware.ServedMethodsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "coassess.config.urls"
WSGI_APPLICATION = "coassess.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "coassess.config.jinja2.environment",
            "context_processors": [
                "coassess.core.context_processors.csp_nonce",
                "coassess.core.context_processors.csrf",
                "coassess.core.context_processors.body_attributes",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'coassess.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several workers write at once: WAL lets readers carry on during a write,
    # IMMEDIATE takes the write lock at BEGIN (so a transaction never fails
    # half-way on upgrade), and the busy timeout makes writers queue, not fail.
    # Connections are kept (CONN_MAX_AGE, as for PostgreSQL): SQLite prepares
    # each statement afresh on a new connection, which cost a record page
    # several milliseconds (docs/adr/0009).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT_SECONDS", 20),
        "init_command": (
            "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
        ),
    }
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("SQLITE_TEST_NAME")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's default, in each process's memory. Nothing clinical is kept: pages are
# built from the database on every request (docs/adr/0009).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Accounts, passwords, sessions --------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "accounts:home"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Staff sessions end after 30 minutes idle and 12 hours at most (shared devices).
SESSION_ENGINE = "coassess.core.sessions"  # Django's database store, read prepared
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_MAX_SECONDS = env_int("SESSION_MAX_SECONDS", 12 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_MAX_SECONDS
# How often an open team board asks for new rows. It does not keep a session alive.
BOARD_REFRESH_SECONDS = env_int("BOARD_REFRESH_SECONDS", 30)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.5  # hours
# Lock by username only: many staff share one hospital IP address, and locking
# that address would lock out a whole ward after one person's typos.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "coassess.accounts.views.locked_out"
AXES_VERBOSE = False

# The second factor (accounts.second_factor): a code from an authenticator app,
# or a one-time recovery code. After n wrong codes in a row the next is not
# checked for 2^(n-1) seconds (django-otp's throttling), for each kind apart.
OTP_TOTP_ISSUER = "coassess"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# The demo's authenticator secret (base32), the same for every demo account, so a
# tester adds it to an app once; `coassess demo` prints it. It is public, so
# production refuses to start with one set, and has none.
_demo_totp_secret = os.environ.get("COASSESS_DEMO_TOTP_SECRET", "").strip()
if PRODUCTION and _demo_totp_secret:
    raise ImproperlyConfigured(
        "COASSESS_DEMO_TOTP_SECRET is for the demo only: a secret everyone knows "
        "is no second factor. Unset it when COASSESS_ENVIRONMENT=production."
    )
DEMO_TOTP_SECRET = (
    "" if PRODUCTION else _demo_totp_secret or "COASSESSDEMOSECRETNOTFORREALUSE2"
)

# --- Benchmarks -------------------------------------------------------------
# Routes /bench/floor/, the framework floor `make bench` measures. Never set in a deployment.
BENCH_FLOOR = env_bool("COASSESS_BENCH_FLOOR", False)

# --- Drafts ------------------------------------------------------------------
# Unsaved words an autosave keeps for the member of staff who typed them
# (accounts.drafts). Older drafts are not offered and are deleted.
DRAFT_HOURS = env_int("DRAFT_HOURS", 24)

# --- Break-glass -----------------------------------------------------------
BREAK_GLASS_MINUTES = env_int("BREAK_GLASS_MINUTES", 60)
# Access codes for the person and their supporters (people.codes): how long a
# code lasts unless the clinician says otherwise (at the bedside), the longest
# it may last (follow-up), wrong answers before it locks, and how long a
# viewer's session lasts idle.
ACCESS_CODE_HOURS = env_int("ACCESS_CODE_HOURS", 12)
ACCESS_CODE_MAX_DAYS = env_int("ACCESS_CODE_MAX_DAYS", 30)
ACCESS_CODE_ATTEMPTS = env_int("ACCESS_CODE_ATTEMPTS", 5)
VIEWER_IDLE_SECONDS = env_int("VIEWER_IDLE_SECONDS", 15 * 60)
# Refused tries at signing in with a code from one client address before the
# address is refused (whatever it tries) for the rest of this many minutes.
ACCESS_CODE_ADDRESS_ATTEMPTS = env_int("ACCESS_CODE_ADDRESS_ATTEMPTS", 20)
ACCESS_CODE_ADDRESS_MINUTES = env_int("ACCESS_CODE_ADDRESS_MINUTES", 15)
# A team keeps its relationship with a person this long after a referral closes.
RELATIONSHIP_DAYS_AFTER_REFERRAL = env_int("RELATIONSHIP_DAYS_AFTER_REFERRAL", 90)

# --- Co-production projects -------------------------------------------------
# What the organisation pays people with lived experience for their time, in
# pence per hour (NHS England's involvement payments; check the current policy:
# DOMAIN.md 7.7). Default £18.75 an hour, the often-cited £150 a day over 8 hours.
COPRODUCTION_PAY_PENCE_PER_HOUR = env_int("COPRODUCTION_PAY_PENCE_PER_HOUR", 1875)
# --- Co-production research export -------------------------------------------
# Any count below this is withheld from the de-identified export (with other
# counts where needed, so it cannot be worked out): docs/coproduction-measures.md.
EXPORT_MIN_COUNT = env_int("EXPORT_MIN_COUNT", 5)

# --- Internationalisation -------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

# --- Static files ---------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": os.environ.get(
            "STATICFILES_BACKEND",
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- Security headers -----------------------------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_TLS_PROXY", False):
    # The load balancer terminates TLS and says so in this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # HSTS preload is a commitment for the whole domain; the trust decides, not the app.
    SILENCED_SYSTEM_CHECKS += env_list("SILENCED_SYSTEM_CHECKS", ["security.W021"])

# --- Logging ----------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "coassess.core.middleware.RequestIdFilter"},
        "one_line_refusals": {"()": "coassess.core.middleware.OneLineRefusals"},
    },
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"level": "WARNING"},
        "django.request": {"filters": ["one_line_refusals"]},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
