"""The embedded default (settings/base.py) with the public page cache off: bench_portal's
uncached run."""

from almaty.config.settings.base import *  # noqa: F403

PUBLIC_PAGE_CACHE = False
