"""The test suite: SQLite in memory unless DATABASE_URL names another database (CI: PostgreSQL)."""

import tempfile
from pathlib import Path

from almaty.config.settings.base import *  # noqa: F403
from almaty.config.settings.base import ENV

DATA_DIR = Path(tempfile.mkdtemp(prefix="almaty-test-"))
MEDIA_ROOT = DATA_DIR / "media"
STATIC_ROOT = DATA_DIR / "static"
SECRET_KEY = "test-only-secret-key-not-for-production-use-0123456789"  # noqa: S105
if not ENV.database_url:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; Argon2 is tested apart
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
HUEY = {"huey_class": "huey.MemoryHuey", "name": "almaty-test", "immediate": True}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# One cache per test process, emptied before each test (tests/conftest.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_AUTOREFRESH = True
# Forecasting runs statistical models: tests ask for it where they test it, not on every
# publication.
FORECASTS_AUTO_REFRESH = False
