"""qinfo settings: every value comes from the environment, parsed strictly (qinfo.core.env).

QINFO_DEMO=1 turns on demo mode (demo logins allowed). Without it the settings are production
settings: DEBUG off, a real secret key required, and the demo accounts refused at login.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from qinfo.core.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("QINFO_VAR_DIR") or BASE_DIR / "var")

DEMO_MODE = env_bool("QINFO_DEMO", False)
DEBUG = env_bool("QINFO_DEBUG", False)
TESTING = env_bool("QINFO_TESTING", False)

_secret = env_str("QINFO_SECRET_KEY")
if not _secret:
    if not (DEMO_MODE or DEBUG or TESTING):
        raise ImproperlyConfigured(
            "QINFO_SECRET_KEY is required in production (or set QINFO_DEMO=1 for the demo)."
        )
    _secret = "insecure-demo-key-" + "x" * 40
SECRET_KEY: str = _secret

ALLOWED_HOSTS = env_list("QINFO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("QINFO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "qinfo.core",
    "qinfo.audit",
    "qinfo.accounts",
    "qinfo.organisations",
    "qinfo.people",
    "qinfo.enrolment",
    "qinfo.attendance",
    "qinfo.assessment",
    "qinfo.wellbeing",
    "qinfo.care",
    "qinfo.exams",
    "qinfo.risk",
    "qinfo.alerts",
    "qinfo.dashboards",
    "qinfo.blueprint",
    "django_tasks",
    "django_tasks_db",
    "qinfo.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "qinfo.web.middleware.ThaiFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "qinfo.audit.middleware.RequestContextMiddleware",
]

ROOT_URLCONF = "qinfo.urls"
WSGI_APPLICATION = "qinfo.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["qinfo.accounts.backends.QinfoBackend"]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

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
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# Databases: SQLite file under var/ by default (WAL mode, see qinfo.core.apps); PostgreSQL when
# DATABASE_URL is set.
SQLITE_PATH = Path(env_str("QINFO_DB") or VAR_DIR / "qinfo.sqlite3")
_database_url = env_str("DATABASE_URL")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(SQLITE_PATH),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "qinfo" / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Bangkok"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Uploaded photos (qinfo.core.photos): kept outside static and never served from a public URL;
# every image goes through a view that asks the policy. MEDIA_URL is deliberately not routed.
MEDIA_ROOT = Path(env_str("QINFO_MEDIA_DIR") or VAR_DIR / "media")
MEDIA_URL = "/media/"
QINFO_PHOTO_MAX_BYTES = env_int("QINFO_PHOTO_MAX_BYTES", 8 * 1024 * 1024, minimum=1024)
# Days after a date during which its attendance marks may still be written by a teacher; after
# that only a registrar (or an administrator) may (docs/definitions.md §7).
QINFO_ATTENDANCE_EDIT_DAYS = env_int("QINFO_ATTENDANCE_EDIT_DAYS", 7, minimum=0)
# Seconds a dashboard's indicator frame stays in Django's cache (docs/definitions.md §20).
QINFO_DASHBOARD_CACHE_SECONDS = env_int("QINFO_DASHBOARD_CACHE_SECONDS", 300, minimum=0)
# Where the dashboards' indicators are computed: "snapshot" (DuckDB over the Parquet snapshot that
# `qinfo indicators refresh` writes under QINFO_SNAPSHOT_DIR; the live database until the first
# one exists) or "live" (SQLite/PostgreSQL itself). docs/definitions.md §20, decision 0012.
QINFO_INDICATORS_ENGINE = env_str("QINFO_INDICATORS_ENGINE") or ("live" if TESTING else "snapshot")
if QINFO_INDICATORS_ENGINE not in ("snapshot", "live"):
    raise ImproperlyConfigured("QINFO_INDICATORS_ENGINE must be 'snapshot' or 'live'")
# A SQLite database keeps its snapshots beside its file, so two databases never share one.
QINFO_SNAPSHOT_DIR = Path(
    env_str("QINFO_SNAPSHOT_DIR")
    or (VAR_DIR / "snapshots" if _database_url else f"{SQLITE_PATH}.snapshots")
)
# One cache for every process (the web server's workers and the commands that warm it), its keys
# prefixed by the database they describe.
CACHES: dict[str, dict[str, object]] = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if TESTING
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(Path(env_str("QINFO_CACHE_DIR") or VAR_DIR / "cache")),
        "KEY_PREFIX": hashlib.sha256(str(DATABASES["default"].get("NAME")).encode()).hexdigest()[
            :12
        ],
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }
}

# Background work (scoring, alerts): Django's task framework with a database-backed queue, run by
# `qinfo manage db_worker`; no extra server (docs/decisions/0010).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Early warning and alerts (docs/definitions.md §15–§18).
#: School days an alert may stay unacknowledged before it escalates to the director.
QINFO_ALERT_ESCALATE_DAYS = env_int("QINFO_ALERT_ESCALATE_DAYS", 3, minimum=1)
#: E-mail: Django's SMTP settings; alerts go by e-mail only when QINFO_EMAIL_HOST is set.
EMAIL_HOST = env_str("QINFO_EMAIL_HOST", "")
EMAIL_PORT = env_int("QINFO_EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("QINFO_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("QINFO_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("QINFO_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = env_str("QINFO_EMAIL_FROM", "qinfo@localhost")
#: LINE Messaging API: alerts go by LINE only when a channel access token is set.
QINFO_LINE_TOKEN = env_str("QINFO_LINE_TOKEN", "")
QINFO_LINE_API_URL = env_str("QINFO_LINE_API_URL", "https://api.line.me")
#: Where people open qinfo: the links in e-mail and LINE messages start with it.
QINFO_SITE_URL = env_str("QINFO_SITE_URL", "http://127.0.0.1:8000")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("QINFO_SESSION_SECONDS", 8 * 3600, minimum=300)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if not (DEBUG or DEMO_MODE or TESTING):
    SECURE_SSL_REDIRECT = env_bool("QINFO_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("QINFO_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env_bool("QINFO_BEHIND_TLS_PROXY", False):
        # The proxy terminates TLS and says so in X-Forwarded-Proto; trust it only when told to.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("QINFO_LOG_LEVEL", "WARNING")},
}

if TESTING:
    # Tests create many accounts; the production hasher is deliberately slow.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
