"""Exports of observations: SDMX-CSV (the exchange layout of the spec), tidy CSV, XLSX (a data
sheet with typed numbers and a sheet of notes) and SDMX-ML (structure-specific data, written
with `sdmx1`).

The input is a frame as `selectors.observations_frame` reads it. The CSV formats are written in
chunks (`iter_export`) so a large export streams instead of sitting whole in memory; XLSX and
SDMX-ML are built whole, and SDMX-ML (one Python object per observation) has a size limit.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
from collections.abc import Iterator, Sequence
from typing import Any

import polars as pl
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from almaty.core.errors import InvalidInput
from almaty.core.languages import current_language as _language
from almaty.stats.engine.columns import COLUMNS
from almaty.stats.models import ExternalSource, Indicator

FORMATS = ("sdmx-csv", "csv", "xlsx", "sdmx-ml")
MEDIA_TYPES = {
    "sdmx-csv": "application/vnd.sdmx.data+csv; version=1.0.0; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "sdmx-ml": "application/vnd.sdmx.structurespecificdata+xml; version=2.1",
}
EXTENSIONS = {"sdmx-csv": "csv", "csv": "csv", "xlsx": "xlsx", "sdmx-ml": "xml"}
CHUNK_ROWS = 50_000
SDMX_ML_LIMIT = 100_000  # observations; sdmx1 builds one Python object for each

# The SDMX-ML data structure: the key (series dimensions, then the period at observation level)
# and the attributes of each observation.
SERIES_DIMENSIONS = ("REF_AREA", "INDICATOR", "COUNTERPART_AREA", "SEX", "AGE", "PURPOSE")
ATTRIBUTES = ("UNIT_MEASURE", "OBS_STATUS", "COMMENT")
AGENCY = "ALMATY"
STRUCTURE_ID = "ALMATY_MIGR"


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise InvalidInput(
            gettext_lazy("Unknown format '%(value)s': use one of %(allowed)s."),
            value=fmt,
            allowed=", ".join(FORMATS),
        )
    return fmt


def file_name(indicator: str, state: str | None, fmt: str) -> str:
    """e.g. ENTRIES-KGZ.sdmx.csv (the SDMX-CSV and tidy CSV files are told apart)."""
    stem = "-".join(p for p in (indicator, (state or "").upper()) if p)
    middle = {"sdmx-csv": ".sdmx", "sdmx-ml": ".sdmx"}.get(fmt, "")
    return f"{stem}{middle}.{EXTENSIONS[fmt]}"


def exchange_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Observations (as `selectors.observations_frame` reads them) in the SDMX-CSV layout, plus
    `value` (the number): vectorised expressions only, so rows keep their order."""
    codes = frame.get_column("INDICATOR").unique().to_list()
    dataflows = dict(Indicator.objects.filter(code__in=codes).values_list("code", "dataflow"))
    start, freq = pl.col("period_start"), pl.col("freq")
    year = start.dt.year().cast(pl.String).str.zfill(4)
    month = start.dt.month()
    period = (
        pl.when(freq == "A")
        .then(year)
        .when(freq == "Q")
        .then(pl.concat_str(year, pl.lit("-Q"), ((month - 1) // 3 + 1).cast(pl.String)))
        .when(freq == "M")
        .then(pl.concat_str(year, pl.lit("-"), month.cast(pl.String).str.zfill(2)))
        .otherwise(pl.lit(""))
    )
    value = pl.col("value")
    as_text = (
        pl.when(value.is_null())
        .then(pl.lit(""))
        .when(value == value.round(0))
        .then(value.cast(pl.Int64, strict=False).cast(pl.String))
        .otherwise(value.cast(pl.String))
    )
    return frame.with_columns(
        pl.col("INDICATOR")
        .replace_strict(dataflows, default="", return_dtype=pl.String)
        .alias("DATAFLOW"),
        period.alias("TIME_PERIOD"),
        as_text.alias("OBS_VALUE"),
        *(pl.col(c).fill_null("") for c in ("COMMENT", "OBS_STATUS", "UNIT_MEASURE")),
    ).select(*COLUMNS, "value")


def _tidy(table: pl.DataFrame) -> pl.DataFrame:
    """The exchange columns without DATAFLOW, lower case, the value as a number."""
    tidy = table.with_columns(pl.col("value").alias("OBS_VALUE")).select(
        c for c in COLUMNS if c != "DATAFLOW"
    )
    return tidy.rename({c: c.lower() for c in tidy.columns})


def _csv_chunks(table: pl.DataFrame) -> Iterator[bytes]:
    if table.height == 0:
        buffer = io.BytesIO()
        table.write_csv(buffer)
        yield buffer.getvalue()
        return
    for start in range(0, table.height, CHUNK_ROWS):
        buffer = io.BytesIO()
        table.slice(start, CHUNK_ROWS).write_csv(buffer, include_header=start == 0)
        yield buffer.getvalue()


def iter_export(
    frame: pl.DataFrame, fmt: str, *, notes: Sequence[tuple[str, str]] = ()
) -> Iterator[bytes]:
    """The export in pieces: several for the CSV formats, one for XLSX and SDMX-ML."""
    check_format(fmt)
    if fmt == "sdmx-ml" and frame.height > SDMX_ML_LIMIT:
        raise InvalidInput(
            gettext_lazy(
                "An SDMX-ML export holds at most %(limit)s observations (this one: %(n)s): "
                "use SDMX-CSV, or choose one State or fewer periods."
            ),
            limit=SDMX_ML_LIMIT,
            n=frame.height,
        )
    table = exchange_frame(frame)
    if fmt == "sdmx-csv":
        yield from _csv_chunks(table.drop("value"))
    elif fmt == "csv":
        yield from _csv_chunks(_tidy(table))
    elif fmt == "xlsx":
        yield xlsx_bytes(table, notes=notes)
    else:
        yield sdmx_ml_bytes(table)


def export_bytes(frame: pl.DataFrame, fmt: str, *, notes: Sequence[tuple[str, str]] = ()) -> bytes:
    """The whole export in `fmt` (see FORMATS)."""
    return b"".join(iter_export(frame, fmt, notes=notes))


# --- XLSX ------------------------------------------------------------------------------------


def _number(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def xlsx_bytes(table: pl.DataFrame, *, notes: Sequence[tuple[str, str]] = ()) -> bytes:
    """The exchange layout as the first sheet (OBS_VALUE as numbers, so the sheet sums and
    charts; it reads back as a submission), then a sheet of notes (provenance, codes)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("data"))
    sheet.append(list(COLUMNS))
    at = COLUMNS.index("OBS_VALUE")
    for row in table.iter_rows():
        cells: list[Any] = list(row[:-1])
        cells[at] = _number(row[-1])
        sheet.append(cells)
    about = book.create_sheet(_("notes"))
    about.append([_("Item"), _("Value")])
    for label, text in (*notes, *standard_notes(table.height)):
        about.append([label, text])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def standard_notes(rows: int) -> list[tuple[str, str]]:
    return [
        (_("Observations"), str(rows)),
        (_("Exported at"), timezone.now().isoformat(timespec="seconds")),
        (
            _("Layout"),
            _(
                "SDMX-CSV columns of the Almaty Process statistics exchange; an empty OBS_VALUE "
                "goes with OBS_STATUS M (missing)."
            ),
        ),
        (
            _("Codes"),
            _(
                "_T total, _Z not applicable, _X unknown; OBS_STATUS: A normal, E estimated, "
                "P provisional, B break, M missing; UNIT_MEASURE: PS persons, EV events, USD."
            ),
        ),
    ]


def export_notes(*, indicator: str, state: str | None = None) -> list[tuple[str, str]]:
    """What the notes sheet says about an indicator's export: its definition, and the
    provenance and licence of the external sources its values come from."""
    notes: list[tuple[str, str]] = []
    item = Indicator.objects.filter(code=indicator).first()
    if item is not None:
        russian = _language() == "ru"
        notes += [
            (_("Indicator"), item.code),
            (_("Name"), item.name_ru if russian else item.name_en),
            (_("Definition"), item.definition_ru if russian else item.definition_en),
            (_("Dataflow"), item.dataflow),
            (_("Unit"), item.unit),
            (_("Periodicity"), item.periodicity),
        ]
    if state:
        notes.append((_("State"), state.upper()))
    sources = ExternalSource.objects.filter(submissions__indicators__contains=indicator)
    for source in sources.distinct().order_by("code"):
        name = source.name_ru if _language() == "ru" else source.name_en
        notes.append((_("Source"), f"{name} ({source.code})"))
        for label, text in (
            (_("Provenance"), source.provenance),
            (_("Licence"), source.licence),
            (_("Address"), source.url),
            (_("Retrieved"), source.retrieved),
        ):
            if text:
                notes.append((label, text))
    return notes


# --- SDMX-ML ---------------------------------------------------------------------------------


def data_structure() -> Any:
    """The data structure definition the SDMX-ML export follows (and a reader needs to read
    structure-specific data back)."""
    from sdmx.model import common
    from sdmx.model import v21 as model

    dsd = model.DataStructureDefinition(
        id=STRUCTURE_ID, version="1.0", maintainer=common.Agency(id=AGENCY)
    )
    for order, name in enumerate(SERIES_DIMENSIONS, start=1):
        dsd.dimensions.getdefault(name, order=order)
    dsd.dimensions.getdefault(
        "TIME_PERIOD", cls=common.TimeDimension, order=len(SERIES_DIMENSIONS) + 1
    )
    dsd.measures.getdefault("OBS_VALUE")
    for name in ATTRIBUTES:
        dsd.attributes.getdefault(name)
    return dsd


def sdmx_ml_bytes(table: pl.DataFrame) -> bytes:
    """A structure-specific SDMX-ML 2.1 data message: one series per key without the period,
    the period at observation level; a missing value is written NaN (OBS_STATUS M)."""
    import sdmx as sdmx1
    from sdmx import message
    from sdmx.model import common
    from sdmx.model import v21 as model

    dsd = data_structure()
    measure = dsd.measures.get("OBS_VALUE")
    attributes = {name: dsd.attributes.get(name) for name in ATTRIBUTES}
    time = dsd.dimensions.get("TIME_PERIOD")
    dataset = model.StructureSpecificDataSet(structured_by=dsd)
    table = table.sort(*SERIES_DIMENSIONS, "TIME_PERIOD")
    names = table.columns
    rows = (dict(zip(names, row, strict=True)) for row in table.iter_rows())
    for key, group in itertools.groupby(rows, key=lambda r: tuple(r[d] for d in SERIES_DIMENSIONS)):
        series = dsd.make_key(common.SeriesKey, dict(zip(SERIES_DIMENSIONS, key, strict=True)))
        observations = []
        for row in group:
            attached = {
                name: common.AttributeValue(value=str(row[name]), value_for=attributes[name])
                for name in ATTRIBUTES
                if row[name]
            }
            number = _number(row["value"])
            observations.append(
                model.Observation(
                    dimension=dsd.make_key(common.Key, {"TIME_PERIOD": row["TIME_PERIOD"]}),
                    value="NaN" if number is None else number,
                    value_for=measure,
                    attached_attribute=attached,
                    series_key=series,
                )
            )
        dataset.add_obs(observations, series)
    header = message.Header(
        id=f"ALMATY{dt.datetime.now(tz=dt.UTC):%Y%m%d%H%M%S}",
        test=False,
        prepared=timezone.now(),
        sender=common.Agency(id=AGENCY),
    )
    data = message.DataMessage(data=[dataset], observation_dimension=time, header=header)
    return bytes(sdmx1.to_xml(data, pretty_print=False))


def read_sdmx_ml(data: bytes) -> pl.DataFrame:
    """An SDMX-ML export read back with `sdmx1` into the exchange columns (for checks and
    round trips)."""
    import sdmx as sdmx1
    from sdmx.message import DataMessage

    message = sdmx1.read_sdmx(io.BytesIO(data), structure=data_structure())
    if not isinstance(message, DataMessage):
        raise InvalidInput(gettext_lazy("This is not an SDMX-ML data message."))
    records = []
    for dataset in message.data:
        for obs in dataset.obs:
            key = {kv.id: str(kv.value) for kv in obs.key}
            attached = {k: str(v.value) for k, v in obs.attached_attribute.items()}
            value = None if str(obs.value) in {"NaN", "nan"} else float(obs.value)
            records.append(
                {
                    **{d: key.get(d, "") for d in (*SERIES_DIMENSIONS, "TIME_PERIOD")},
                    "OBS_VALUE": value,
                    **{a: attached.get(a, "") for a in ATTRIBUTES},
                }
            )
    schema = {
        **dict.fromkeys((*SERIES_DIMENSIONS, "TIME_PERIOD"), pl.String),
        "OBS_VALUE": pl.Float64,
        **dict.fromkeys(ATTRIBUTES, pl.String),
    }
    return pl.DataFrame(records, schema=schema)
