"""External sources: the regional subsets of public migration data shipped with the platform.

The files in `almaty/stats/reference/` are written by `tools/make_stats_reference.py` (run by
hand from the public data; see the README there) and never change at run time. Each SDMX source
is one Parquet file in the layout of the statistics exchange spec (`COLUMNS`, every column a
string) plus a `SOURCE` column. Django-free: used by the reference loader, the portal, the CLI
and the benchmarks.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from almaty.stats.engine.columns import COLUMNS

REFERENCE = Path(__file__).resolve().parents[1] / "reference"

SOURCES: dict[str, dict[str, Any]] = {
    "UNHCR": {
        "code": "UNHCR",
        "name_en": "UNHCR Refugee Population Statistics",
        "name_ru": "Статистика беженцев УВКБ ООН",
        "publisher_en": "UNHCR",
        "publisher_ru": "УВКБ ООН",
        "indicators": (
            "REFUGEES",
            "STATELESS",
            "ASYLUM_APPLICATIONS",
            "ASYLUM_DECISIONS_POSITIVE",
            "ASYLUM_DECISIONS_NEGATIVE",
        ),
        "provenance": (
            "UNHCR Refugee Population Statistics Database, through the R package "
            "PopulationStatistics/refugees v2025.12.1 (commit "
            "0c16a6d0c2f37d8578f9b9e3d1e4459efe850398; data/population.rda, "
            "data/asylum_applications.rda, data/asylum_decisions.rda). REF_AREA is the country "
            "of asylum, COUNTERPART_AREA the country of origin (UNK and XXA as _X). "
            "ASYLUM_APPLICATIONS sums every application type and procedure as UNHCR's totals do; "
            "ASYLUM_DECISIONS_POSITIVE is recognised plus complementary protection (dec_recognized "
            "+ dec_other), ASYLUM_DECISIONS_NEGATIVE is rejected (dec_rejected); closed cases are "
            "left out. 2025 figures are provisional."
        ),
        "licence": "CC BY 4.0",
        "url": "https://www.unhcr.org/refugee-statistics/",
        "retrieved": "2026-11-26",
        "file": "unhcr.parquet",
    },
    "UNDESA": {
        "code": "UNDESA",
        "name_en": "UN DESA International Migrant Stock 2024",
        "name_ru": "Численность международных мигрантов ДЭСВ ООН, 2024",
        "publisher_en": "UN DESA",
        "publisher_ru": "ДЭСВ ООН",
        "indicators": ("MIGRANT_STOCK",),
        "provenance": (
            "United Nations, Department of Economic and Social Affairs, Population Division: "
            "International Migrant Stock 2024 (estimates as of 27 January 2024), through the R "
            "package iom/gdidata (commit c9e4cc69cebd91d6cfca5f4107e2406e4de2c6ff; "
            "data/undesa_stocks.rda). Mid-year stocks for 1990, 1995, ..., 2020 and 2024; "
            "REF_AREA is the country of destination, COUNTERPART_AREA the country of origin "
            "(OOO as _X), SEX F and M as published, _T their sum."
        ),
        "licence": "United Nations terms of use (free reuse with attribution)",
        "url": "https://www.un.org/development/desa/pd/content/international-migrant-stock",
        "retrieved": "2026-11-26",
        "file": "undesa.parquet",
    },
    "WDI": {
        "code": "WDI",
        "name_en": "World Bank World Development Indicators",
        "name_ru": "Показатели мирового развития Всемирного банка",
        "publisher_en": "World Bank",
        "publisher_ru": "Всемирный банк",
        "indicators": ("REMITTANCES_IN", "REMITTANCES_OUT"),
        "provenance": (
            "World Bank World Development Indicators BX.TRF.PWKR.CD.DT (personal remittances, "
            "received) and BM.TRF.PWKR.CD.DT (paid), current US$, through the R package "
            "iom/gdidata (commit c9e4cc69cebd91d6cfca5f4107e2406e4de2c6ff; data/wdi.rda). "
            "Upstream codes missing figures as 0 (Iran and Turkmenistan): every 0 is stored as "
            "missing (OBS_STATUS M, no value)."
        ),
        "licence": "CC BY 4.0",
        "url": "https://data.worldbank.org/indicator/BX.TRF.PWKR.CD.DT",
        "retrieved": "2026-11-26",
        "file": "wdi.parquet",
    },
}

# Series outside the SDMX store (see the README): forecast input `series_id,period,value`.
SERIES: dict[str, dict[str, Any]] = {
    "FRONTEX_IBC": {
        "code": "FRONTEX_IBC",
        "name_en": "Frontex: detections of illegal border-crossings at the EU's external borders",
        "name_ru": "Frontex: выявленные случаи незаконного пересечения внешних границ ЕС",
        "provenance": (
            "Frontex 'Monthly detections of illegal border-crossings' (migratory map download, "
            "data as of 3 June 2025), through the R package iom/gdidata (commit "
            "c9e4cc69cebd91d6cfca5f4107e2406e4de2c6ff; data/frontex.rda), summed over routes "
            "and border types. Series FRONTEX_IBC.<nationality> for the nine States and "
            "FRONTEX_IBC._T for all nationalities, monthly 2009-01..2022-12. Counts are "
            "detections, not persons."
        ),
        "licence": "Frontex: reproduction authorised provided the source is acknowledged",
        "url": "https://www.frontex.europa.eu/what-we-do/monitoring-and-risk-analysis/migratory-map/",
        "retrieved": "2026-11-26",
        "file": "frontex_ibc_monthly.parquet",
    },
}


def available() -> list[str]:
    """The codes of the SDMX sources whose file is present, in a stable order."""
    return [code for code, source in SOURCES.items() if (REFERENCE / source["file"]).is_file()]


def path(source_code: str) -> Path:
    """The Parquet file of an SDMX source (KeyError for an unknown code)."""
    return REFERENCE / SOURCES[source_code]["file"]


def load(source_code: str) -> pl.DataFrame:
    """The observations of a source in the SDMX layout: `COLUMNS` plus `SOURCE`, all strings,
    empty cells null (as `readers.read_table` gives a file's cells)."""
    frame = pl.read_parquet(path(source_code))
    return frame.select(*COLUMNS, "SOURCE")


def load_series(series_code: str) -> pl.DataFrame:
    """A forecast-input table (`series_id`, `period`, `value`) kept outside the SDMX store."""
    return pl.read_parquet(REFERENCE / SERIES[series_code]["file"])
