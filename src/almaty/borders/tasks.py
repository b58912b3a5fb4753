"""Background work of border movements: loads of crossing records uploaded on the web, and
deriving a State's outputs again after its stay rules or movement settings changed."""

from __future__ import annotations

from huey.contrib.djhuey import db_task


@db_task()
def load_task(load_id: int) -> str:
    """Check, store and derive a queued load (`jobs.load_run`); returns how it ended."""
    from almaty.borders import jobs

    load = jobs.load_run(load_id)
    return load.status if load is not None else ""


@db_task(retries=1, retry_delay=60)
def rederive(iso3: str) -> int:
    """Derive the State's stays, overstays and indicators again; returns the stays found."""
    from almaty.borders import jobs

    result = jobs.derive_state(iso3)
    return result.stays if result is not None else 0
