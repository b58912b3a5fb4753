"""Background work of the statistics exchange: refreshing the analytics snapshot once a
publication commits, so that the publishing request does not wait for it, and checking and
storing uploaded files (`import_jobs.import_staged`, registered here so that the consumer,
which imports the apps' `tasks` modules, knows it)."""

from __future__ import annotations

import logging

from huey.contrib.djhuey import db_task

from almaty.stats import analytics

logger = logging.getLogger(__name__)


@db_task(retries=2, retry_delay=30)
def refresh_analytics() -> None:
    """Refresh what is pending in the analytics snapshot (`analytics.catch_up`); nothing when a
    reader or an earlier task already did. A failure is retried; until then readers refresh
    the pending indicators themselves."""
    done = analytics.catch_up()
    if done:
        logger.info(
            "Analytics snapshot refreshed: %(files)d files, %(rows)d rows in %(seconds).1f s",
            done,
        )


# --- import jobs (lead) ---
from almaty.stats.import_jobs import import_staged  # noqa: E402

__all__ = ["import_staged", "refresh_analytics"]
