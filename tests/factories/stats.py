"""Small statistics files built in tests (SDMX-CSV or XLSX), and external source data."""

from __future__ import annotations

import io
from typing import Any

import polars as pl

from almaty.stats.engine.columns import COLUMNS

DEFAULTS = {
    "DATAFLOW": "ALMATY:MIGR_BORDER(1.0)",
    "REF_AREA": "KGZ",
    "INDICATOR": "ENTRIES",
    "TIME_PERIOD": "2024-01",
    "COUNTERPART_AREA": "_T",
    "SEX": "_T",
    "AGE": "_T",
    "PURPOSE": "_T",
    "OBS_VALUE": "100",
    "UNIT_MEASURE": "EV",
    "OBS_STATUS": "A",
    "COMMENT": "",
}


def row(**values: Any) -> dict[str, str]:
    """One observation: ENTRIES of KGZ in January 2024 unless told otherwise."""
    return {**DEFAULTS, **{k: str(v) for k, v in values.items()}}


def sdmx_csv(rows: list[dict[str, str]]) -> bytes:
    frame = pl.DataFrame([{c: r.get(c, "") for c in COLUMNS} for r in rows], schema=list(COLUMNS))
    buffer = io.BytesIO()
    frame.write_csv(buffer)
    return buffer.getvalue()


def xlsx(rows: list[dict[str, str]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(list(COLUMNS))
    for r in rows:
        sheet.append([r.get(c, "") for c in COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def entries(
    area: str = "KGZ", months: tuple[str, ...] = ("2024-01", "2024-02"), value: int = 100
) -> bytes:
    """Monthly ENTRIES totals of one State, one row per month."""
    return sdmx_csv([row(REF_AREA=area, TIME_PERIOD=m, OBS_VALUE=value) for m in months])


def external_frame(
    values: dict[tuple[str, str], float | None] | None = None, indicator: str = "MIGRANT_STOCK"
) -> pl.DataFrame:
    """An external source's data in the SDMX layout: {(area, year): value}."""
    values = values or {("KGZ", "2020"): 200_000.0, ("KAZ", "2020"): 3_700_000.0}
    rows = [
        {
            **DEFAULTS,
            "DATAFLOW": "ALMATY:MIGR_STOCK(1.0)",
            "REF_AREA": area,
            "INDICATOR": indicator,
            "TIME_PERIOD": year,
            "COUNTERPART_AREA": "_T",
            "SEX": "_T",
            "AGE": "_Z",
            "PURPOSE": "_Z",
            "OBS_VALUE": value,
            "UNIT_MEASURE": "PS",
        }
        for (area, year), value in values.items()
    ]
    return pl.DataFrame(rows).with_columns(pl.col("OBS_VALUE").cast(pl.Float64))


SOURCE = {
    "code": "UNDESA_STOCK",
    "name_en": "UN DESA International Migrant Stock",
    "name_ru": "Численность международных мигрантов (ДЭСВ ООН)",
    "provenance": "UN DESA, International Migrant Stock 2020.",
    "licence": "CC BY 3.0 IGO",
    "url": "https://www.un.org/development/desa/pd/",
}
