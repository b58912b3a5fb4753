"""Bulk storing of observations and the shaping of frames for it.

Rows are written inside the caller's transaction: PostgreSQL's COPY (psycopg `cursor.copy`,
CSV batches written by Polars), `executemany` on other databases. Nothing here checks rights
or writes audit entries: that is the services' part.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable

import polars as pl
from django.db import connection
from django.utils.translation import gettext_lazy as _

from almaty.core.errors import InvalidInput
from almaty.stats.engine.columns import COLUMNS
from almaty.stats.engine.periods import parse_period
from almaty.stats.models import Observation, ObservationSlice

Progress = Callable[[int, int], None]
CHUNK = 100_000  # rows per COPY/executemany batch (and per progress step)

# The database columns of an observation, in the order rows are written.
DB_COLUMNS = (
    "submission_id", "ref_area", "indicator", "period_start", "freq", "counterpart", "sex",
    "age", "purpose", "value", "unit", "obs_status", "comment", "superseded",
)  # fmt: skip
TEXT_COLUMNS = (
    "ref_area", "indicator", "freq", "counterpart", "sex", "age", "purpose", "unit",
    "obs_status", "comment",
)  # fmt: skip
SLICE_COLUMNS = ("submission_id", "ref_area", "indicator", "period_start")


def observation_rows(frame: pl.DataFrame, submission_id: int) -> pl.DataFrame:
    """The validated frame as the observation table's columns, in DB_COLUMNS order."""
    text = {
        "ref_area": "REF_AREA",
        "indicator": "INDICATOR",
        "counterpart": "COUNTERPART_AREA",
        "sex": "SEX",
        "age": "AGE",
        "purpose": "PURPOSE",
        "unit": "UNIT_MEASURE",
    }
    status = pl.col("OBS_STATUS").cast(pl.String).fill_null("")
    columns = {
        "submission_id": pl.lit(submission_id, dtype=pl.Int64),
        **{name: pl.col(source).cast(pl.String) for name, source in text.items()},
        "period_start": pl.col("period_start").cast(pl.Date),
        "freq": pl.col("freq").cast(pl.String),
        "value": pl.col("value").cast(pl.Float64),
        "obs_status": pl.when(status == "").then(pl.lit("A")).otherwise(status),
        "comment": pl.col("COMMENT").cast(pl.String).fill_null(""),
        "superseded": pl.lit(False),
    }
    return frame.select(*[columns[name].alias(name) for name in DB_COLUMNS])


def store(rows: pl.DataFrame, progress: Progress | None) -> None:
    """Write the rows (`observation_rows`) in bulk, inside the caller's transaction, and the
    slices they cover (ObservationSlice): COPY on PostgreSQL, executemany elsewhere."""
    _write(Observation._meta.db_table, DB_COLUMNS, TEXT_COLUMNS, rows, progress)
    slices = rows.select(*SLICE_COLUMNS).unique(maintain_order=True)
    _write(ObservationSlice._meta.db_table, SLICE_COLUMNS, ("ref_area", "indicator"), slices, None)


def _write(
    table: str,
    columns: tuple[str, ...],
    text_columns: tuple[str, ...],
    rows: pl.DataFrame,
    progress: Progress | None,
) -> None:
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    total = rows.height
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # CSV: an unquoted empty field is NULL (a missing value), FORCE_NOT_NULL keeps the
            # text columns' empty strings as such.
            not_null = ", ".join(quote(c) for c in text_columns)
            sql = f"COPY {quote(table)} ({names}) FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL ({not_null}))"
            with cursor.cursor.copy(sql) as copy:
                for offset in range(0, total, CHUNK):
                    chunk = rows.slice(offset, CHUNK)
                    buffer = io.BytesIO()
                    chunk.write_csv(buffer, include_header=False, null_value="")
                    copy.write(buffer.getvalue())
                    if progress is not None:
                        progress(min(offset + CHUNK, total), total)
        else:
            marks = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})"  # noqa: S608
            for offset in range(0, total, CHUNK):
                chunk = rows.slice(offset, CHUNK).with_columns(
                    pl.col("period_start").cast(pl.String)
                )
                cursor.executemany(sql, chunk.rows())
                if progress is not None:
                    progress(min(offset + CHUNK, total), total)
    if progress is not None and total == 0:
        progress(0, 0)


def external_frame(frame: pl.DataFrame, source_code: str, known: set[str]) -> pl.DataFrame:
    """An external source's SDMX-layout frame as validated frames look (period_start, freq,
    value), with checks on what the catalogue must know."""
    defaults = {"COUNTERPART_AREA": "_Z", "SEX": "_Z", "AGE": "_Z", "PURPOSE": "_Z"}
    missing = [c for c in COLUMNS if c not in frame.columns and c not in (*defaults, "COMMENT")]
    if missing:
        raise InvalidInput(
            _("The data of source %(source)s has no column %(column)s."),
            source=source_code,
            column=missing[0],
        )
    text = [c for c in COLUMNS if c not in ("OBS_VALUE",)]
    frame = frame.with_columns(
        *[
            (pl.col(c).cast(pl.String) if c in frame.columns else pl.lit(None, pl.String)).alias(c)
            for c in text
        ]
    ).with_columns(
        *[pl.col(c).fill_null(value) for c, value in defaults.items()],
        pl.col("COMMENT").fill_null(""),
    )
    unknown = set(frame.get_column("INDICATOR").unique().to_list()) - known
    if unknown:
        raise InvalidInput(
            _("The data of source %(source)s uses indicators not in the catalogue: %(codes)s."),
            source=source_code,
            codes=", ".join(sorted(str(c) for c in unknown)),
        )
    periods = {p: parse_period(str(p)) for p in frame.get_column("TIME_PERIOD").unique()}
    bad = sorted(str(p) for p, parsed in periods.items() if parsed is None)
    if bad:
        raise InvalidInput(
            _("The data of source %(source)s has periods that are not SDMX periods: %(periods)s."),
            source=source_code,
            periods=", ".join(bad[:5]),
        )
    keys = list(periods)
    mapping = pl.DataFrame(
        {
            "TIME_PERIOD": keys,
            "period_start": [periods[k][0] for k in keys],  # type: ignore[index]
            "freq": [periods[k][1] for k in keys],  # type: ignore[index]
        },
        schema={"TIME_PERIOD": pl.String, "period_start": pl.Date, "freq": pl.String},
    )
    return frame.join(mapping, on="TIME_PERIOD", how="left").with_columns(
        pl.col("OBS_VALUE").cast(pl.Float64, strict=False).alias("value")
    )


def frame_digest(frame: pl.DataFrame) -> str:
    buffer = io.BytesIO()
    frame.write_csv(buffer)
    return hashlib.sha256(buffer.getvalue()).hexdigest()
