"""Production: everything in base, plus a required secret, HTTPS and strict cookies."""

from django.core.exceptions import ImproperlyConfigured

from almaty.config.settings.base import *  # noqa: F403
from almaty.config.settings.base import ENV

if not ENV.secret_key:
    raise ImproperlyConfigured("SECRET_KEY must be set in production.")
if ENV.debug:
    raise ImproperlyConfigured("DEBUG must be off in production.")

SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
