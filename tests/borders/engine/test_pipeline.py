"""Stays, overstays, movement types and indicators from crossing records (DuckDB)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from almaty.borders.engine import ingest, overstays, pipeline, schema
from tests.borders.engine.conftest import Row, crossing, rule, stay, write_csv

D = dt.date(2024, 1, 1)
GENERIC = [rule(1, max_stay_days=30)]


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


class Derived:
    def __init__(self, out: Path, result: pipeline.DeriveResult) -> None:
        self.out = out
        self.result = result
        self.stays = pl.read_parquet(out / "stays.parquet")
        self.indicators = pl.read_csv(out / "indicators.csv", infer_schema=False)

    def stay(self, entry_record_id: str) -> dict[str, Any]:
        found = self.stays.filter(pl.col("entry_record_id") == entry_record_id)
        assert found.height == 1, entry_record_id
        return found.row(0, named=True)


@pytest.fixture
def derived(tmp_path: Path) -> Callable[..., Derived]:
    def make(
        rows: Sequence[Row],
        rules: Sequence[dict[str, Any]] = GENERIC,
        as_of: dt.date | None = None,
        **options: Any,
    ) -> Derived:
        source = write_csv(tmp_path / "in.csv", rows)
        batch = tmp_path / "batch.parquet"
        report = ingest.ingest([source], recording_state="KAZ", out=batch)
        assert report.rows_rejected == 0, report.samples
        out = tmp_path / "derived"
        result = pipeline.derive(
            [batch],
            rules=rules,
            out_dir=out,
            as_of_day=None if as_of is None else schema.day_of(as_of),
            **options,
        )
        return Derived(out, result)

    return make


# --- pairing ------------------------------------------------------------------------------


def test_an_entry_and_the_exit_after_it_make_a_stay(derived: Callable[..., Derived]) -> None:
    got = derived(stay("a", D, D + days(9), bcp="KAZ-KORDAI"), as_of=D + days(20))
    row = got.stay("a-in")
    assert row["exit_record_id"] == "a-out"
    assert row["stay_days"] == 10  # entry and exit days both count
    assert row["is_open"] is False
    assert (row["entry_bcp"], row["exit_bcp"]) == ("KAZ-KORDAI", "KAZ-KORDAI")
    assert row["person_key"] == "UZB:N100"


def test_an_entry_with_no_exit_is_open_to_the_as_of_date(derived: Callable[..., Derived]) -> None:
    got = derived(stay("a", D, None), as_of=D + days(9))
    row = got.stay("a-in")
    assert (row["is_open"], row["stay_days"], row["exit_at"]) == (True, 10, None)
    assert got.result.open_stays == 1


def test_crossings_after_the_as_of_date_are_not_seen(derived: Callable[..., Derived]) -> None:
    got = derived(stay("a", D, D + days(40)), as_of=D + days(35))
    row = got.stay("a-in")
    assert (row["is_open"], row["overstay_days"]) == (True, 6)


def test_two_entries_in_a_row_and_a_lone_exit_are_reported_not_paired(
    derived: Callable[..., Derived],
) -> None:
    rows = [
        crossing("x-out", "EXIT", D - days(5)),
        crossing("a-in", "ENTRY", D),
        crossing("b-in", "ENTRY", D + days(3)),
        crossing("b-out", "EXIT", D + days(6)),
    ]
    got = derived(rows)
    assert got.stays["entry_record_id"].to_list() == ["b-in"]
    assert (got.result.impossible_sequences, got.result.orphan_exits) == (1, 1)


def test_citizens_of_the_recording_state_have_no_stays(derived: Callable[..., Derived]) -> None:
    rows = stay("a", D, D + days(100), nationality="KAZ")
    got = derived(rows)
    assert got.stays.height == 0
    entries = got.indicators.filter(
        (pl.col("INDICATOR") == "ENTRIES")
        & (pl.col("COUNTERPART_AREA") == "_T")
        & (pl.col("SEX") == "_T")
        & (pl.col("AGE") == "_T")
        & (pl.col("PURPOSE") == "_T")
    )
    assert entries["OBS_VALUE"].to_list() == ["1"]


def test_a_renewed_document_splits_a_person_unless_keys_join_them(
    derived: Callable[..., Derived], tmp_path: Path
) -> None:
    rows = [*stay("a", D, D + days(9), doc="OLD1"), *stay("b", D + days(30), None, doc="NEW2")]
    assert derived(rows).stays["person_key"].n_unique() == 2
    keys = tmp_path / "keys.parquet"
    pl.DataFrame({"doc_key": ["UZB:OLD1", "UZB:NEW2"], "person_key": ["P1", "P1"]}).write_parquet(
        keys
    )
    assert derived(rows, person_keys=keys).stays["person_key"].unique().to_list() == ["P1"]


# --- rules and overstays ----------------------------------------------------------------------


def test_the_most_specific_rule_in_force_on_the_entry_day_applies(
    derived: Callable[..., Derived],
) -> None:
    change = schema.day_of(D + days(50))
    rules = [
        rule(1, max_stay_days=30),
        rule(2, nationality="UZB", max_stay_days=60, valid_to_day=change),
        rule(3, nationality="UZB", max_stay_days=15, valid_from_day=change),
        rule(4, nationality="UZB", permit="WORK_PERMIT", max_stay_days=365),
    ]
    rows = [
        *stay("a", D, D + days(5)),
        *stay("b", D + days(60), D + days(70)),
        *stay("c", D + days(80), D + days(90), permit="WORK_PERMIT"),
        *stay("d", D, D + days(5), nationality="TJK", doc="T1"),
    ]
    got = derived(rows, rules=rules)
    assert {r: got.stay(r)["rule_id"] for r in ("a-in", "b-in", "c-in", "d-in")} == {
        "a-in": 2,
        "b-in": 3,
        "c-in": 4,
        "d-in": 1,
    }
    assert got.stay("b-in")["authorised_stay_days"] == 15
    assert got.stay("b-in")["overstay_days"] == 0


def test_the_days_on_the_record_override_the_rule(derived: Callable[..., Derived]) -> None:
    got = derived(stay("a", D, D + days(59), authorised=45))
    assert (got.stay("a-in")["authorised_stay_days"], got.stay("a-in")["overstay_days"]) == (45, 15)


def test_an_exempt_stay_never_overstays(derived: Callable[..., Derived]) -> None:
    rules = [*GENERIC, rule(2, permit="LOCAL_BORDER", exempt=True, max_stay_days=None)]
    got = derived(stay("a", D, None, permit="LOCAL_BORDER"), rules=rules, as_of=D + days(400))
    row = got.stay("a-in")
    assert (row["authorised_stay_days"], row["overstay_days"], row["rule_id"]) == (None, 0, 2)


def test_no_rule_means_no_overstay(derived: Callable[..., Derived]) -> None:
    got = derived(stay("a", D, None), rules=[], as_of=D + days(400))
    assert (got.stay("a-in")["authorised_stay_days"], got.stay("a-in")["overstay_days"]) == (
        None,
        0,
    )


def test_overstays_as_of_a_date_split_left_late_from_never_left(
    derived: Callable[..., Derived],
) -> None:
    rows = [
        *stay("late", D, D + days(39), doc="L1"),  # 30 allowed: left 10 days late
        *stay("in", D + days(10), None, doc="I1"),  # still here
        *stay("ok", D, D + days(20), doc="K1"),
    ]
    got = derived(rows, as_of=D + days(60))
    path = got.out / "stays.parquet"
    found = overstays.overstays_as_of(path, schema.day_of(D + days(60)))
    assert sorted(
        zip(found["entry_record_id"], found["kind"], found["days_over"], strict=True)
    ) == [
        ("in-in", "IN_COUNTRY", 21),
        ("late-in", "OUT_OF_COUNTRY", 10),
    ]
    # Earlier, the late leaver was still in the country and only 5 days over.
    early = overstays.overstays_as_of(path, schema.day_of(D + days(34)))
    assert list(zip(early["entry_record_id"], early["kind"], early["days_over"], strict=True)) == [
        ("late-in", "IN_COUNTRY", 5)
    ]
    by = overstays.overstays_summary(path, schema.day_of(D + days(60)), "nationality")
    assert by.row(0, named=True)["in_country"] == 1
    assert by.row(0, named=True)["out_of_country"] == 1


def _rolling_end(
    stays: Sequence[tuple[int, int | None]], index: int, limit: int, window: int, per_entry: int
) -> int:
    """The last authorised day of stay `index`, day by day: the first day on which the days
    spent in the window ending that day pass the limit, less one; or the per-entry limit."""
    entry = stays[index][0]
    earlier = {d for a, b in stays[:index] if b is not None for d in range(a, b + 1) if d < entry}
    day = entry
    while True:
        count = sum(1 for d in earlier if day - window < d) + (day - entry + 1)
        if count > limit:
            return min(day - 1, entry + per_entry - 1)
        day += 1


@st.composite
def histories(draw: st.DrawFn) -> list[tuple[int, int | None]]:
    stays: list[tuple[int, int | None]] = []
    day = 0
    for _ in range(draw(st.integers(1, 6))):
        # A stay may start on the day the one before ended, if that one lasted two days or more.
        day += draw(st.integers(0 if stays and stays[-1][1] != stays[-1][0] else 1, 120))
        length = draw(st.integers(1, 100))
        stays.append((day, day + length - 1))
        day += length - 1
    if draw(st.booleans()):
        stays[-1] = (stays[-1][0], None)
    return stays


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(people=st.lists(histories(), min_size=1, max_size=12))
def test_the_rolling_limit_is_exact(
    derived: Callable[..., Derived], people: list[list[tuple[int, int | None]]]
) -> None:
    """90 days in any 180 (entry and exit days counted), 60 per entry: the pipeline's last
    authorised day of every stay equals a day-by-day count."""
    rules = [rule(1, max_stay_days=60, rolling_limit_days=90, rolling_window_days=180)]
    rows: list[Row] = []
    for p, history in enumerate(people):
        for s, (entry, exit_) in enumerate(history):
            next_entry = history[s + 1][0] if s + 1 < len(history) else None
            rows += stay(
                f"p{p}s{s}",
                D + days(entry),
                None if exit_ is None else D + days(exit_),
                doc=f"P{p}",
                exit_time="07:00:00" if next_entry == exit_ else "21:00:00",
            )
    got = derived(rows, rules=rules, as_of=D + days(1200))
    for p, history in enumerate(people):
        as_days = [
            (schema.day_of(D) + a, None if b is None else schema.day_of(D) + b) for a, b in history
        ]
        for s in range(len(history)):
            row = got.stay(f"p{p}s{s}-in")
            # A stay that starts the day the one before ended counts that day once.
            expected = _rolling_end(as_days, s, 90, 180, 60)
            assert row["authorised_stay_days"] == max(0, expected - as_days[s][0] + 1), (p, s)


# --- movement types -----------------------------------------------------------------------


def test_movement_types_and_their_reasons(derived: Callable[..., Derived]) -> None:
    rows: list[Row] = []
    rows += stay("transit", D, D + days(1), doc="T", purpose="TRANSIT", bcp="KAZ-ALM-AIR")
    rows += stay("permit", D, D, doc="L", permit="LOCAL_BORDER", bcp="KAZ-KORDAI")
    for i in range(5):  # five same-day trips at one crossing point in a month
        rows += stay(f"trip{i}", D + days(5 * i), D + days(5 * i), doc="F", bcp="KAZ-KORDAI")
    for i, (start, length) in enumerate([(0, 40), (120, 60), (240, 50)]):
        rows += stay(f"circ{i}", D + days(start), D + days(start + length - 1), doc="C")
    for i, year in enumerate([0, 365, 730]):
        rows += stay(f"seas{i}", D + days(year + 90), D + days(year + 240), doc="S")
    rows += stay("regular", D, D + days(12), doc="R")
    got = derived(rows, rules=[], as_of=D + days(1100))

    def kind(record: str) -> tuple[str, str, Any, Any, Any]:
        row = got.stay(record)
        return (
            row["movement_type"],
            row["movement_basis"],
            row["basis_count"],
            row["basis_min_days"],
            row["basis_max_days"],
        )

    assert kind("transit-in") == ("TRANSIT", "transit", None, 2, 2)
    assert kind("permit-in")[:2] == ("LOCAL", "local_permit")
    assert kind("trip2-in")[:3] == ("LOCAL", "local_trips", 5)
    assert kind("circ1-in") == ("CIRCULAR", "circular", 3, 40, 60)
    assert kind("seas1-in") == ("SEASONAL", "seasonal", 365, 151, 151)
    assert kind("regular-in")[:2] == ("REGULAR", "regular")


def test_movement_settings_are_the_states_own(derived: Callable[..., Derived]) -> None:
    rows: list[Row] = []
    for i, start in enumerate([0, 100]):
        rows += stay(f"c{i}", D + days(start), D + days(start + 29), doc="C")
    assert derived(rows, rules=[]).stay("c1-in")["movement_type"] == "REGULAR"
    relaxed = pipeline.MovementSettings(circular_min_stays=2)
    assert derived(rows, rules=[], movement=relaxed).stay("c1-in")["movement_type"] == "CIRCULAR"


def test_movement_settings_round_trip_and_are_checked() -> None:
    settings_ = pipeline.MovementSettings.from_dict({"circular_min_stays": "4", "unknown": 1})
    assert settings_.circular_min_stays == 4
    assert pipeline.MovementSettings.from_dict(settings_.to_dict()) == settings_
    assert pipeline.MovementSettings(circular_min_days=100, circular_max_days=90).problems() == [
        "circular_max_days"
    ]


# --- indicators and outputs ------------------------------------------------------------------


def test_indicators_count_crossings_and_stays_by_month(derived: Callable[..., Derived]) -> None:
    rows = [
        *stay("a", D, D + days(44), doc="A", sex="F"),  # 30 allowed: left 15 days late, in Feb
        *stay("b", D + days(3), None, doc="B"),  # over from Feb 2 on, still here
        *stay("c", D + days(3), D + days(5), doc="C", nationality="KAZ", bcp="KAZ-KORDAI"),
    ]
    got = derived(rows, as_of=D + days(70), bcp_counterparts={"KAZ-KORDAI": "KGZ"})

    def value(indicator: str, period: str, **dims: str) -> int | None:
        key = {"COUNTERPART_AREA": "_T", "SEX": "_T", **dims}
        frame = got.indicators.filter(
            (pl.col("INDICATOR") == indicator) & (pl.col("TIME_PERIOD") == period)
        )
        for column, code in key.items():
            frame = frame.filter(pl.col(column) == code)
        if indicator in ("ENTRIES", "EXITS"):
            frame = frame.filter(
                (pl.col("AGE") == dims.get("AGE", "_T"))
                & (pl.col("PURPOSE") == dims.get("PURPOSE", "_T"))
            )
        return int(frame["OBS_VALUE"][0]) if frame.height else None

    assert value("ENTRIES", "2024-01") == 3
    assert value("ENTRIES", "2024-01", COUNTERPART_AREA="KGZ") == 1
    assert value("ENTRIES", "2024-01", COUNTERPART_AREA="_X") == 2
    assert value("ENTRIES", "2024-01", SEX="F") == 1
    assert value("ENTRIES", "2024-01", AGE="Y18T34") == 3
    assert value("EXITS", "2024-02") == 1
    assert value("STAYS_REGULAR", "2024-02", COUNTERPART_AREA="UZB") == 1
    assert value("OVERSTAY_EXITS", "2024-02", SEX="F") == 1
    # On Jan 31 "a" was a day over; on Feb 29 "b" was ("a" left on Feb 14).
    assert value("OVERSTAYERS_IN_COUNTRY", "2024-01", SEX="F") == 1
    assert value("OVERSTAYERS_IN_COUNTRY", "2024-02", SEX="M") == 1
    assert value("OVERSTAYERS_IN_COUNTRY", "2024-02", SEX="F") is None
    assert value("OVERSTAYERS_IN_COUNTRY", "2024-03") is None  # March not over on the as-of day
    assert set(got.indicators["REF_AREA"]) == {"KAZ"}


def test_the_summary_holds_what_the_charts_draw(derived: Callable[..., Derived]) -> None:
    import json

    got = derived([*stay("a", D, D + days(44)), *stay("b", D, None, doc="B")], as_of=D + days(50))
    summary = json.loads((got.out / "summary.json").read_text())
    assert summary["as_of"] == (D + days(50)).isoformat()
    assert summary["stays_by_type_month"] == [{"month": "2024-01", "type": "REGULAR", "stays": 2}]
    assert summary["overstays_by_nationality"] == [
        {"nationality": "UZB", "in_country": 1, "out_of_country": 1}
    ]
    assert summary["crossings_by_bcp"] == [{"bcp": "KAZ-ALM-AIR", "entries": 2, "exits": 1}]
    assert summary["counts"]["stays"] == 2


def test_a_failed_derivation_leaves_the_earlier_results(
    derived: Callable[..., Derived], tmp_path: Path
) -> None:
    got = derived(stay("a", D, D + days(3)))
    before = (got.out / "stays.parquet").read_bytes()
    with pytest.raises(Exception):  # noqa: B017, PT011 - any engine error will do
        pipeline.derive([tmp_path / "missing.parquet"], rules=GENERIC, out_dir=got.out)
    assert (got.out / "stays.parquet").read_bytes() == before
    assert not list(tmp_path.glob(".derived*"))


def test_the_indicators_pass_the_statistics_exchange_checks(
    derived: Callable[..., Derived],
) -> None:
    """What a State submits must be accepted as it is: codes, periods, one row per key, and
    every breakdown adding up to its total."""
    from almaty.stats.engine.validate import validate_file

    rows: list[Row] = []
    for i, nationality in enumerate(("UZB", "TJK", "RUS", "AFG", "KAZ")):
        rows += stay(
            f"a{i}",
            D + days(i),
            D + days(40 + i),
            doc=f"A{i}",
            nationality=nationality,
            sex="MF"[i % 2],
            purpose=("WORK", "TOURISM")[i % 2],
            bcp="KAZ-KORDAI",
        )
        rows += stay(
            f"b{i}", D + days(i), None, doc=f"B{i}", nationality=nationality, birth_date=""
        )
        rows += stay(
            f"c{i}",
            D + days(50),
            D + days(51),
            doc=f"C{i}",
            purpose="TRANSIT",
            nationality=nationality,
            birth_date="1950",
        )
    got = derived(rows, as_of=D + days(120), bcp_counterparts={"KAZ-KORDAI": "KGZ"})
    data = (got.out / "indicators.csv").read_bytes()
    result = validate_file(data, "indicators.csv", allowed_areas={"KAZ"})
    assert result.errors == [], result.errors[:5]
    assert set(got.indicators["INDICATOR"]) >= {
        "ENTRIES",
        "EXITS",
        "STAYS_REGULAR",
        "STAYS_TRANSIT",
        "OVERSTAY_EXITS",
        "OVERSTAYERS_IN_COUNTRY",
    }
    # Every breakdown adds up to its total, complete or not (the exchange checks complete ones).
    frame = got.indicators.with_columns(pl.col("OBS_VALUE").cast(pl.Int64))
    dims = ("COUNTERPART_AREA", "SEX", "AGE", "PURPOSE")
    totals = frame.filter(pl.all_horizontal(pl.col(d).is_in(["_T", "_Z"]) for d in dims))
    checked = 0
    for dim in dims:
        others = [d for d in dims if d != dim]
        parts = (
            frame.filter(~pl.col(dim).is_in(["_T", "_Z"]))
            .filter(pl.all_horizontal(pl.col(d).is_in(["_T", "_Z"]) for d in others))
            .group_by("INDICATOR", "TIME_PERIOD")
            .agg(pl.col("OBS_VALUE").sum().alias("parts"))
        )
        joined = parts.join(totals, on=["INDICATOR", "TIME_PERIOD"])
        assert joined.height == parts.height
        assert (joined["parts"] == joined["OBS_VALUE"]).all(), dim
        checked += joined.height
    assert checked > 20
