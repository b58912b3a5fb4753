"""Settings shared by every environment. A local instance (`make run`) uses these directly."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

from almaty.config import env as env_module

ENV = env_module.load()
DATA_DIR: Path = ENV.data_dir
DATA_DIR.mkdir(parents=True, exist_ok=True)
BASE_DIR = Path(__file__).resolve().parents[2]  # src/almaty


def _local_secret_key(data_dir: Path) -> str:
    """A per-instance key kept in DATA_DIR, so sessions survive restarts without configuration."""
    path = data_dir / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = ENV.secret_key or _local_secret_key(DATA_DIR)
DEBUG = ENV.debug
ALLOWED_HOSTS = ENV.allowed_hosts
SITE_URL = ENV.site_url.rstrip("/")

INSTALLED_APPS = [
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "huey.contrib.djhuey",
    "ninja",
    "almaty.core",
    "almaty.accounts",
    "almaty.process",
    "almaty.meetings",
    "almaty.archive",
    "almaty.decisions",
    "almaty.news",
    "almaty.pages",
    "almaty.stats",
    "almaty.forecasts",
    "almaty.borders",
    "almaty.portal",
    "almaty.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "almaty.accounts.middleware.PasswordChangeRequiredMiddleware",
    "almaty.accounts.timezones.UserTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "almaty.config.urls"
WSGI_APPLICATION = "almaty.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "almaty.core.context_processors.site",
                "almaty.core.seo.context",
            ],
        },
    },
]

# The embedded default: WAL so readers never wait for the writer; a 64 MB page cache and a
# 256 MB memory map keep the archive's full-text index in memory.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456;"
    ),
}

if ENV.database_url:
    DATABASES = {"default": dj_database_url.parse(ENV.database_url, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "almaty.sqlite3"),
            "OPTIONS": SQLITE_OPTIONS,
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in throttling: failures allowed per e-mail address or per client address in the window.
SIGN_IN_MAX_FAILURES = 5
SIGN_IN_WINDOW_MINUTES = 15

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian"))]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = ENV.time_zone
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# Largest file accepted into the archive (bytes); larger uploads are refused with a clear error.
ARCHIVE_MAX_UPLOAD_BYTES = 25 * 1024 * 1024
STATS_MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # a statistics submission (SDMX-CSV or XLSX)
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Static files are served gzip- and brotli-compressed (collectstatic writes both). Source maps
# are only ever fetched by developer tools: compressing them (5 MB of the API docs' bundles)
# would double the time `almaty init` takes for nothing.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (
    *("jpg", "jpeg", "png", "gif", "webp", "avif", "ico", "woff", "woff2"),
    *("zip", "gz", "tgz", "bz2", "tbz", "xz", "br", "pdf"),
    *("mp4", "webm", "mov", "mpeg", "mpg", "avi", "m4v", "3gp", "3gpp", "asf", "wmv", "swf"),
    *("flv", "map"),
)

# The cache holds public pages (almaty.core.cache). The embedded default needs no service and is
# shared by every worker process of `almaty serve` (a page dropped by one is dropped for all):
# files under DATA_DIR. With REDIS_URL set (production), Redis.
CACHES: dict[str, dict[str, Any]]
if ENV.redis_url:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": ENV.redis_url,
            "KEY_PREFIX": "almaty",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
# Forecasts (almaty.forecasts): periods ahead; the rise above the same period last year (and
# of a total with its parts) that raises an early warning; how many parts must rise together;
# whether new published values are forecast again in the task queue.
FORECAST_HORIZON = 12
FORECAST_WARNING_RISE = 0.25
FORECAST_WARNING_MIN_PARTS = 3
FORECAST_RECONCILE = False  # totals and parts made to add up (an option: ADR 0019)
FORECASTS_AUTO_REFRESH = True
# Border movements (almaty.borders): a load with a larger share of its rows rejected is refused
# whole (ADR 0021); the largest file of crossing records the web accepts (the command line has
# no limit).
BORDERS_MAX_REJECTED_SHARE = 0.05
BORDERS_MAX_UPLOAD_BYTES = 2 * 1024 * 1024 * 1024
# Whole public pages for anonymous readers; off only to measure the pages without it.
PUBLIC_PAGE_CACHE = True

if ENV.email_host:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = ENV.email_host
    EMAIL_PORT = ENV.email_port
    EMAIL_HOST_USER = ENV.email_host_user
    EMAIL_HOST_PASSWORD = ENV.email_host_password
    EMAIL_USE_TLS = ENV.email_use_tls
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "mail"
DEFAULT_FROM_EMAIL = ENV.default_from_email

if ENV.redis_url:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "almaty",
        "url": ENV.redis_url,
        "immediate": False,
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "almaty",
        "filename": str(DATA_DIR / "tasks.sqlite3"),
        "immediate": False,
    }

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

NINJA_PAGINATION_PER_PAGE = 100

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
