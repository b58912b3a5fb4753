"""Write the regional subsets of the public migration data the platform ships with.

Run by hand when the sources are refreshed, never at run time:

    .venv/bin/python tools/make_stats_reference.py [--data ../shared/data]

Reads the tidy files of `../shared/data` (see its README for where they come from) and writes
`src/almaty/stats/reference/*.parquet` (zstd) in the SDMX layout of the statistics exchange
spec (`almaty.stats.engine.columns.COLUMNS`) plus a `SOURCE` column, one file per source:

- `unhcr.parquet`: REFUGEES, STATELESS, ASYLUM_APPLICATIONS, ASYLUM_DECISIONS_POSITIVE,
  ASYLUM_DECISIONS_NEGATIVE; REF_AREA = country of asylum, COUNTERPART_AREA = origin.
- `undesa.parquet`: MIGRANT_STOCK; REF_AREA = destination, COUNTERPART_AREA = origin, SEX F/M/_T.
- `wdi.parquet`: REMITTANCES_IN, REMITTANCES_OUT (USD); a 0 upstream means missing (OBS_STATUS M).
- `frontex_ibc_monthly.parquet`: NOT in the SDMX layout. Frontex counts detections of a
  nationality at the EU's external borders: no Almaty State reports them, so they must not mix
  with the States' own IBC_DETECTIONS (same key, other meaning). Kept as forecast input
  (`series_id,period,value`) for the forecasting work.

REF_AREA is always one of the nine States (members AFG, AZE, KAZ, KGZ, TJK, TKM, TUR;
observers IRN, PAK). Every origin is kept (the files stay small) so that the origins add up to
the `_T` totals written beside them; codes outside ISO 3166 (UNHCR's UNK and XXA, UN DESA's OOO)
become `_X` (unknown).
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import polars as pl
import pycountry

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from almaty.stats.engine import external  # noqa: E402  (needs src on the path first)
from almaty.stats.engine.catalogue import load_catalogue  # noqa: E402

STATES = ("AFG", "AZE", "KAZ", "KGZ", "TJK", "TKM", "TUR", "IRN", "PAK")
CATALOGUE = load_catalogue()  # each indicator's dataflow and the breakdowns it uses
DATAFLOW = {code: ind.dataflow for code, ind in CATALOGUE.items()}
UNIT = {code: ind.unit for code, ind in CATALOGUE.items()}
# The latest UNHCR year is a fresh release that UNHCR still corrects (see the data README).
UNHCR_PROVISIONAL_FROM = 2025
UNHCR_PROVISIONAL_NOTE = "Latest UNHCR release; figures may still be revised."
OPTIONAL = ("COUNTERPART_AREA", "SEX", "AGE", "PURPOSE")


def iso3_or_unknown(code: str | None) -> str:
    if code and len(code) == 3 and pycountry.countries.get(alpha_3=code) is not None:
        return code
    return "_X"


def _map_iso(column: str) -> pl.Expr:
    return pl.col(column).map_elements(iso3_or_unknown, return_dtype=pl.String)


def number(value: float | None) -> str | None:
    """The value as SDMX-CSV writes it: '.' decimal point, no exponent, no trailing '.0'."""
    if value is None or math.isnan(value):
        return None
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def with_totals(frame: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    """Add `_T` rows over COUNTERPART_AREA (the sum of every origin) and drop zero origins."""
    totals = (
        frame.group_by(by, maintain_order=True)
        .agg(pl.col("value").sum())
        .with_columns(COUNTERPART_AREA=pl.lit("_T"))
    )
    parts = frame.filter(pl.col("value") != 0)
    return pl.concat([parts, totals.select(parts.columns)])


def unhcr(data: Path) -> pl.DataFrame:
    population = pl.read_parquet(data / "unhcr_population_global.parquet").filter(
        pl.col("coa_iso").is_in(STATES)
    )
    applications = pl.read_parquet(data / "unhcr_asylum_applications_global.parquet").filter(
        pl.col("coa_iso").is_in(STATES)
    )
    decisions = pl.read_parquet(data / "unhcr_asylum_decisions_global.parquet").filter(
        pl.col("coa_iso").is_in(STATES)
    )
    pieces = []
    for indicator, table, value in (
        ("REFUGEES", population, pl.col("refugees")),
        ("ASYLUM_APPLICATIONS", applications, pl.col("applied")),
        ("ASYLUM_DECISIONS_POSITIVE", decisions, pl.col("dec_recognized") + pl.col("dec_other")),
        ("ASYLUM_DECISIONS_NEGATIVE", decisions, pl.col("dec_rejected")),
    ):
        long = (
            table.select(
                REF_AREA=pl.col("coa_iso"),
                year=pl.col("year"),
                COUNTERPART_AREA=_map_iso("coo_iso"),
                value=value.fill_null(0),
            )
            .group_by(["REF_AREA", "year", "COUNTERPART_AREA"], maintain_order=True)
            .agg(pl.col("value").sum())
        )
        pieces.append(
            with_totals(long, ["REF_AREA", "year"]).with_columns(INDICATOR=pl.lit(indicator))
        )
    # Stateless persons are counted where they live; UNHCR's "origin" for them is mostly the
    # code for "stateless" itself, so only the total per State is meaningful.
    stateless = (
        population.group_by(["coa_iso", "year"], maintain_order=True)
        .agg(pl.col("stateless").fill_null(0).sum().alias("value"))
        .filter(pl.col("value") > 0)
        .select(
            REF_AREA=pl.col("coa_iso"),
            year=pl.col("year"),
            COUNTERPART_AREA=pl.lit("_T"),
            value=pl.col("value"),
        )
        .with_columns(INDICATOR=pl.lit("STATELESS"))
    )
    frame = pl.concat([*pieces, stateless.select(pieces[0].columns)])
    provisional = pl.col("year") >= UNHCR_PROVISIONAL_FROM
    return frame.with_columns(
        SEX=pl.lit("_T"),
        OBS_STATUS=pl.when(provisional).then(pl.lit("P")).otherwise(pl.lit("A")),
        COMMENT=pl.when(provisional).then(pl.lit(UNHCR_PROVISIONAL_NOTE)).otherwise(pl.lit("")),
    )


def undesa(data: Path) -> pl.DataFrame:
    stock = pl.read_parquet(data / "undesa_migrant_stock_bilateral_1990_2024.parquet").filter(
        pl.col("destination_iso3").is_in(STATES)
    )
    by_sex = (
        stock.select(
            REF_AREA=pl.col("destination_iso3"),
            year=pl.col("year").cast(pl.Int64),
            COUNTERPART_AREA=_map_iso("origin_iso3"),
            SEX=pl.col("sex").replace_strict({"female": "F", "male": "M"}),
            value=pl.col("migrants").cast(pl.Float64),
        )
        .group_by(["REF_AREA", "year", "COUNTERPART_AREA", "SEX"], maintain_order=True)
        .agg(pl.col("value").sum())
    )
    both = (
        by_sex.group_by(["REF_AREA", "year", "COUNTERPART_AREA"], maintain_order=True)
        .agg(pl.col("value").sum())
        .with_columns(SEX=pl.lit("_T"))
        .select(by_sex.columns)
    )
    frame = with_totals(pl.concat([by_sex, both]), ["REF_AREA", "year", "SEX"])
    return frame.with_columns(
        INDICATOR=pl.lit("MIGRANT_STOCK"), OBS_STATUS=pl.lit("A"), COMMENT=pl.lit("")
    )


def wdi(data: Path) -> pl.DataFrame:
    codes = {"remin": "REMITTANCES_IN", "remout": "REMITTANCES_OUT"}
    table = pl.read_parquet(data / "wdi_country_indicators_1950_2023.parquet").filter(
        pl.col("iso3").is_in(STATES), pl.col("indicator").is_in(list(codes))
    )
    # Upstream codes a missing figure as 0 (Iran and Turkmenistan in every recent year, Afghanistan
    # before 2008): no State receives or sends exactly 0 US$, so a 0 is missing.
    missing = pl.col("value").is_null() | (pl.col("value") == 0)
    return table.select(
        REF_AREA=pl.col("iso3"),
        year=pl.col("year").cast(pl.Int64),
        INDICATOR=pl.col("indicator").replace_strict(codes),
        value=pl.when(missing).then(None).otherwise(pl.col("value")),
        OBS_STATUS=pl.when(missing).then(pl.lit("M")).otherwise(pl.lit("A")),
        COMMENT=pl.when(missing)
        .then(pl.lit("Reported as 0 upstream; treated as missing."))
        .otherwise(pl.lit("")),
    )


def sdmx(frame: pl.DataFrame, source: str) -> pl.DataFrame:
    """The SDMX layout: every column a string, unused dimensions `_Z`, used ones without a
    breakdown `_T`, as the catalogue says for each indicator."""
    dimensions = {code: ind.dimensions for code, ind in CATALOGUE.items()}
    rows = frame.with_columns(
        TIME_PERIOD=pl.col("year").cast(pl.String),
        # Empty cells are null, as the engine's readers give them.
        OBS_VALUE=pl.col("value").map_elements(number, return_dtype=pl.String),
        COMMENT=pl.col("COMMENT").replace("", None),
        UNIT_MEASURE=pl.col("INDICATOR").replace_strict(UNIT),
        DATAFLOW=pl.col("INDICATOR").replace_strict(DATAFLOW),
        SOURCE=pl.lit(source),
    )
    for name in OPTIONAL:
        used = [code for code, dims in dimensions.items() if name in dims]
        given = pl.col(name) if name in frame.columns else pl.lit("_T")
        rows = rows.with_columns(
            pl.when(pl.col("INDICATOR").is_in(used)).then(given).otherwise(pl.lit("_Z")).alias(name)
        )
    return rows.select(*external.COLUMNS, "SOURCE").sort(
        ["INDICATOR", "REF_AREA", "TIME_PERIOD", "COUNTERPART_AREA", "SEX"]
    )


def frontex(data: Path) -> pl.DataFrame:
    panel = pl.read_csv(data / "frontex_ibc_monthly_panel_almaty_2009_2022.csv")
    return panel.select(
        series_id=pl.concat_str(
            pl.lit("FRONTEX_IBC."),
            pl.col("nationality_iso3").replace({"ALL": "_T"}),
        ),
        period=pl.col("month"),
        value=pl.col("detections").cast(pl.Float64),
    ).sort(["series_id", "period"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=external.REFERENCE)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for source, build in (("UNHCR", unhcr), ("UNDESA", undesa), ("WDI", wdi)):
        frame = sdmx(build(args.data), source)
        path = args.out / external.SOURCES[source]["file"]
        frame.write_parquet(path, compression="zstd", compression_level=19, statistics=False)
        print(f"{path.name}: {frame.height} rows, {path.stat().st_size} bytes")
    series = frontex(args.data)
    path = args.out / external.SERIES["FRONTEX_IBC"]["file"]
    series.write_parquet(path, compression="zstd", compression_level=19, statistics=False)
    print(f"{path.name}: {series.height} rows, {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
