"""The external sources shipped with the platform: layout, codes, periods, totals, provenance."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from almaty.stats.engine import external
from almaty.stats.engine.catalogue import load_catalogue
from almaty.stats.engine.columns import COLUMNS, KEY

STATES = {"AFG", "AZE", "KAZ", "KGZ", "TJK", "TKM", "TUR", "IRN", "PAK"}
ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="module", params=["UNHCR", "UNDESA", "WDI"])
def source(request: pytest.FixtureRequest) -> tuple[str, pl.DataFrame]:
    return request.param, external.load(request.param)


def test_every_source_is_shipped():
    assert external.available() == ["UNHCR", "UNDESA", "WDI"]


@pytest.mark.parametrize("code", list(external.SOURCES))
def test_each_source_says_where_it_comes_from_in_both_languages(code):
    meta = external.SOURCES[code]

    assert meta["code"] == code
    assert all(
        meta[k].strip() for k in ("name_en", "name_ru", "provenance", "licence", "url", "retrieved")
    )
    assert any("а" <= ch <= "я" for ch in meta["name_ru"].lower())


def test_a_source_has_the_spec_columns_as_text(source):
    _code, frame = source

    assert frame.columns == [*COLUMNS, "SOURCE"]
    assert set(frame.schema.values()) == {pl.String}


def test_a_source_holds_its_indicators_for_the_nine_states_only(source):
    code, frame = source

    assert set(frame["REF_AREA"]) == STATES
    assert set(frame["INDICATOR"]) == set(external.SOURCES[code]["indicators"])
    assert set(frame["SOURCE"]) == {code}


def test_a_source_has_one_row_per_key(source):
    _code, frame = source

    assert frame.select(KEY).is_duplicated().sum() == 0


def test_periods_are_years(source):
    _code, frame = source

    assert frame["TIME_PERIOD"].str.contains(r"^(19|20)\d\d$").all()


def test_a_value_is_empty_exactly_when_it_is_missing(source):
    _code, frame = source

    empty = frame["OBS_VALUE"].is_null()
    assert (empty == (frame["OBS_STATUS"] == "M")).all()
    assert frame.filter(~empty)["OBS_VALUE"].cast(pl.Float64).min() >= 0


def test_counterparts_are_iso_codes_or_sdmx_specials(source):
    code, frame = source
    specials = {"_T", "_Z", "_X"}

    codes = set(frame["COUNTERPART_AREA"]) - specials
    assert all(len(c) == 3 and c.isupper() for c in codes)
    assert bool(codes) == (code != "WDI")  # the World Bank gives totals only


def test_the_dataflow_and_unit_are_the_catalogues(source):
    _code, frame = source
    catalogue = load_catalogue()

    for indicator, dataflow, unit in (
        frame.select("INDICATOR", "DATAFLOW", "UNIT_MEASURE").unique().iter_rows()
    ):
        assert indicator in catalogue
        assert (dataflow, unit) == (catalogue[indicator].dataflow, catalogue[indicator].unit)


def test_every_source_passes_validation(source):
    from almaty.stats.engine.validate import validate

    _code, frame = source
    result = validate(frame.drop("SOURCE"), catalogue=load_catalogue(), allowed_areas=STATES)

    assert [i for i in result.issues if i.severity == "error"] == []
    assert result.rows == frame.height


@pytest.mark.parametrize(
    ("code", "by"),
    [
        ("UNHCR", ["REF_AREA", "INDICATOR", "TIME_PERIOD"]),
        ("UNDESA", ["REF_AREA", "TIME_PERIOD", "SEX"]),
    ],
)
def test_origins_add_up_to_their_totals(code, by):
    frame = external.load(code).with_columns(value=pl.col("OBS_VALUE").cast(pl.Float64))
    parts = (
        frame.filter(~pl.col("COUNTERPART_AREA").is_in(["_T", "_Z"]))
        .group_by(by)
        .agg(parts=pl.col("value").sum())
    )
    totals = frame.filter(pl.col("COUNTERPART_AREA") == "_T").select(*by, total="value")

    joined = totals.join(parts, on=by, how="left").with_columns(pl.col("parts").fill_null(0))
    assert joined.height > 100
    assert (joined["parts"] == joined["total"]).all()


def test_migrant_stock_sexes_add_up_to_both_sexes():
    frame = external.load("UNDESA").with_columns(value=pl.col("OBS_VALUE").cast(pl.Float64))
    by = ["REF_AREA", "TIME_PERIOD", "COUNTERPART_AREA"]
    sexes = frame.filter(pl.col("SEX") != "_T").group_by(by).agg(pl.col("value").sum())
    both = frame.filter(pl.col("SEX") == "_T").select(*by, both="value")

    joined = both.join(sexes, on=by)
    assert joined.height == both.height
    assert (joined["value"] == joined["both"]).all()


def test_known_figures_are_kept():
    unhcr = external.load("UNHCR")
    pakistan = unhcr.filter(
        pl.col("INDICATOR") == "REFUGEES",
        pl.col("REF_AREA") == "PAK",
        pl.col("TIME_PERIOD") == "2023",
        pl.col("COUNTERPART_AREA") == "AFG",
    )
    stock = external.load("UNDESA").filter(
        pl.col("REF_AREA") == "KAZ",
        pl.col("TIME_PERIOD") == "2024",
        pl.col("COUNTERPART_AREA") == "_T",
        pl.col("SEX") == "_T",
    )

    assert int(pakistan["OBS_VALUE"][0]) > 1_000_000
    assert int(stock["OBS_VALUE"][0]) > 1_000_000


def test_remittances_reported_as_zero_are_missing():
    frame = external.load("WDI")
    iran = frame.filter(
        pl.col("REF_AREA") == "IRN",
        pl.col("INDICATOR") == "REMITTANCES_IN",
        pl.col("TIME_PERIOD") == "2020",
    )

    assert "0" not in set(frame["OBS_VALUE"])
    assert iran.select("OBS_VALUE", "OBS_STATUS").row(0) == (None, "M")


def test_the_latest_unhcr_year_is_provisional():
    frame = external.load("UNHCR")

    assert set(frame.filter(pl.col("TIME_PERIOD") == "2025")["OBS_STATUS"]) == {"P"}
    assert set(frame.filter(pl.col("TIME_PERIOD") == "2024")["OBS_STATUS"]) == {"A"}


def test_frontex_is_kept_as_monthly_forecast_input():
    series = external.load_series("FRONTEX_IBC")

    assert series.columns == ["series_id", "period", "value"]
    assert series["series_id"].n_unique() == 10
    assert "FRONTEX_IBC._T" in set(series["series_id"])
    assert series.group_by("series_id").len()["len"].to_list() == [168] * 10
    assert series["period"].str.contains(r"^20\d\d-(0[1-9]|1[0-2])$").all()


def test_an_unknown_source_is_refused():
    with pytest.raises(KeyError):
        external.load("EUROSTAT")


def test_the_module_does_not_need_django():
    code = "import sys, almaty.stats.engine.external as e; e.load('WDI'); print('django' in sys.modules)"

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)

    assert out.stdout.strip() == "False"


@pytest.mark.skipif(not SHARED.is_dir(), reason="the public data is not next to the project")
def test_the_shipped_files_are_what_the_tool_writes(tmp_path):
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "make_stats_reference.py"),
            "--data",
            str(SHARED),
            "--out",
            str(tmp_path),
        ],
        check=True,
        capture_output=True,
    )

    for meta in [*external.SOURCES.values(), *external.SERIES.values()]:
        written = pl.read_parquet(tmp_path / meta["file"])
        assert written.equals(pl.read_parquet(external.REFERENCE / meta["file"])), meta["file"]
