"""Users' CSV files forecast in the task queue, with their progress for the upload page.

Forecasting takes a second or two per series, so a file of fifty series would outlast a web
request. The view stages the file (in the statistics staging area, `almaty.stats.staging`: kept
an hour, never served) with a record in state `queued` and queues `forecast_staged`; the task
runs `compute.forecast_file`, writing into the record how many series are done, and how it
ended: `done` (the output rows and what the results page draws of the first series), `refused`
(the engine's problems, by row) or `failed` (a message in each language of the site). The file
itself is removed once read; nothing reaches the database.
"""

from __future__ import annotations

import logging
import time
from dataclasses import asdict
from typing import Any

from django.utils.translation import gettext_lazy as _
from huey.contrib.djhuey import db_task

from almaty.core.languages import in_each_language
from almaty.forecasts import compute
from almaty.forecasts.engine.errors import ForecastInputError
from almaty.stats import staging
from almaty.stats.import_jobs import GONE

logger = logging.getLogger(__name__)

QUEUED, FORECASTING, DONE, REFUSED, FAILED = "queued", "forecasting", "done", "refused", "failed"
RUNNING = (QUEUED, FORECASTING)
SHOWN_SERIES = 10  # series drawn on the results page; the CSV holds every one
CHART_OBSERVED = 36  # observed periods kept for each drawn series

UNEXPECTED = _(
    "The file could not be forecast because of an unexpected problem. Try again later or tell "
    "the Support Unit."
)


def new_record(*, user_id: int | None, filename: str, horizon: int, gaps: str) -> dict[str, Any]:
    """The record of a file about to be queued."""
    return {
        "user": user_id,
        "filename": filename,
        "horizon": horizon,
        "gaps": gaps,
        "state": QUEUED,
        "done": 0,
        "total": 0,
        "queued_at": time.time(),
    }


def summary(result: compute.FileForecast) -> dict[str, Any]:
    """What the results page and the CSV download need of a forecast file, as JSON values:
    every output row, and for the first series their latest values, forecast, track record,
    weights and notes (the notes as issues, rendered in the reader's language when shown)."""
    forecast = sorted(sid for sid, outcome in result.outcomes.items() if not outcome.skipped)
    series = []
    for series_id in forecast[:SHOWN_SERIES]:
        outcome = result.outcomes[series_id]
        series.append(
            {
                "id": series_id,
                "history": [[str(p), float(v)] for p, v in result.history.get(series_id, [])][
                    -CHART_OBSERVED:
                ],
                "points": outcome.points,
                "track": outcome.track_record,
                "weights": dict(outcome.details.get("weights") or {}),
                "notes": list(outcome.details.get("notes") or []),
            }
        )
    return {
        "rows": [{key: row[key] for key in compute.OUTPUT_COLUMNS} for row in result.rows],
        "series": series,
        "forecast_count": len(forecast),
        "skipped": [
            {"series_id": sid, "code": outcome.skipped}
            for sid, outcome in sorted(result.outcomes.items())
            if outcome.skipped
        ],
        "notes": [asdict(note) for note in result.notes],
    }


def run(token: str) -> str:
    """Forecast the staged file `token`; returns the state it ended in."""
    meta = staging.record(token)
    if meta is None:
        return FAILED
    data = staging.data(token)
    if data is None:
        staging.update(token, state=FAILED, error=in_each_language(GONE))
        return FAILED
    staging.update(token, state=FORECASTING)

    def progress(done: int, total: int) -> None:
        staging.update(token, state=FORECASTING, done=done, total=total)

    try:
        result = compute.forecast_file(
            data, horizon=int(meta["horizon"]), gaps=str(meta["gaps"]), progress=progress
        )
    except ForecastInputError as exc:
        staging.remove(token, keep_record=True)
        staging.update(token, state=REFUSED, issues=[asdict(i) for i in exc.issues])
        return REFUSED
    except Exception:  # recorded for the page, which must never show a 500
        logger.exception("Forecasting the staged file %s failed", token)
        staging.remove(token, keep_record=True)
        staging.update(token, state=FAILED, error=in_each_language(UNEXPECTED))
        return FAILED
    staging.remove(token, keep_record=True)
    staging.update(token, state=DONE, **summary(result))
    return DONE


@db_task()
def forecast_staged(token: str) -> str:
    return run(token)
