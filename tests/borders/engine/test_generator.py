"""The synthetic crossing records: reproducible, in the spec's formats, with consistent truth."""

from __future__ import annotations

import datetime as dt
import re
from itertools import product
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from almaty.borders.engine import ingest, schema
from almaty.borders.engine.bcps import bcps_of, counterparts, load_bcps
from almaty.borders.engine.generator import OFFSETS, Generated, default_rules, generate, write
from almaty.borders.engine.pipeline import MovementSettings
from almaty.borders.engine.synthetic import rules as stay_rules
from almaty.borders.engine.synthetic import truth

START, END = dt.date(2022, 1, 1), dt.date(2024, 12, 31)
MEMBER_STATES = ("AFG", "AZE", "KAZ", "KGZ", "TJK", "TKM", "TUR")


@pytest.fixture(scope="module")
def kaz() -> Generated:
    return generate(persons=2500, start=START, end=END, seed=20_240_901)


@pytest.fixture(scope="module")
def noisy() -> Generated:
    return generate(persons=1500, start=START, end=END, seed=77, noise=0.03)


# --- reproducible -----------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_records_and_truth(kaz: Generated) -> None:
    again = generate(persons=2500, start=START, end=END, seed=20_240_901)
    assert again.records.equals(kaz.records)
    assert again.truth_persons.equals(kaz.truth_persons)
    assert again.truth_stays.equals(kaz.truth_stays)


def test_another_seed_gives_other_records(kaz: Generated) -> None:
    other = generate(persons=2500, start=START, end=END, seed=1)
    assert not other.records.head(1000).equals(kaz.records.head(1000))


# --- the spec's formats ---------------------------------------------------------------------


def test_records_have_the_spec_columns_and_code_lists(kaz: Generated) -> None:
    r = kaz.records
    assert tuple(r.columns) == schema.SPEC_COLUMNS
    assert r["record_id"].n_unique() == r.height
    assert set(r["recording_state"]) == {"KAZ"}
    assert set(r["bcp"]) <= {b.code for b in bcps_of("KAZ")}
    assert set(r["direction"]) == {"ENTRY", "EXIT"}
    assert set(r["purpose"]) <= set(schema.PURPOSES)
    assert set(r["permit"].drop_nulls()) <= set(schema.PERMITS)
    assert set(r["sex"]) <= set(schema.SEXES)
    countries = schema.country_codes()
    assert set(r["nationality"]) | set(r["doc_issuer"]) <= countries
    assert all(re.fullmatch(schema.DOC_TYPE_PATTERN, t) for t in set(r["doc_type"]))


def test_times_carry_the_states_utc_offset(kaz: Generated) -> None:
    times = kaz.records["crossed_at"]
    assert times.str.contains(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+05:00$").all()
    days = times.str.slice(0, 10).str.to_date()
    assert days.min() >= START
    assert days.max() <= END


@pytest.mark.parametrize(("state", "offset"), [("KGZ", "+06:00"), ("AFG", "+04:30")])
def test_other_states_record_their_own_offset_and_bcps(state: str, offset: str) -> None:
    got = generate(recording_state=state, persons=300, start=START, end=END, seed=3)
    assert got.records["crossed_at"].str.ends_with(offset).all()
    assert set(got.records["bcp"]) <= {b.code for b in bcps_of(state)}
    assert set(got.records["recording_state"]) == {state}


def test_birth_dates_are_full_partial_or_missing(kaz: Generated) -> None:
    birth = kaz.records["birth_date"]
    lengths = set(birth.drop_nulls().str.len_chars())
    assert lengths == {4, 7, 10}
    assert birth.null_count() > 0
    assert birth.drop_nulls().str.contains(r"^\d{4}(-\d\d(-\d\d)?)?$").all()


def test_authorised_days_appear_only_on_entries(kaz: Generated) -> None:
    r = kaz.records
    given_days = r.filter(pl.col("authorised_stay_days").is_not_null())
    assert given_days.height > 0
    assert set(given_days["direction"]) == {"ENTRY"}
    assert (given_days["authorised_stay_days"] > 0).all()


def test_names_are_spelled_in_cyrillic_and_in_several_romanisations(kaz: Generated) -> None:
    r = kaz.records
    cyrillic = r["surname"].str.contains("[\u0400-\u04ff]")
    assert 0.2 < cyrillic.mean() < 0.6
    text = "".join(r["surname"].unique().to_list() + r["given_names"].unique().to_list())
    for letters in ("ҚҒҰӘ", "ҮӨ", "ҶҲӢӮ"):  # Kazakh, Kyrgyz, Tajik
        assert any(ch in text for ch in letters), letters
    assert r["given_names"].str.contains("(ович|евич|овна|евна)$").any()
    # One person's surname, as different records show it.
    spellings = (
        r.with_columns(key=pl.col("doc_issuer") + pl.col("doc_number"))
        .group_by("key")
        .agg(pl.col("surname").n_unique())
    )
    assert spellings["surname"].max() >= 3


def test_russian_passport_numbers_are_sometimes_printed_with_a_space(kaz: Generated) -> None:
    numbers = kaz.records.filter(pl.col("nationality") == "RUS")["doc_number"]
    assert numbers.str.contains(r"^\d\d \d{7}$").any()
    assert numbers.str.contains(r"^\d{9}$").any()


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_noise_free_records_pass_ingest_whole(kaz: Generated, tmp_path: Path, fmt: str) -> None:
    path = write(kaz, tmp_path / f"records.{fmt}", fmt)
    report = ingest.ingest([path], recording_state="KAZ", out=tmp_path / "batch.parquet")
    assert (report.rows_read, report.rows_accepted) == (kaz.records.height, kaz.records.height)
    assert report.rows_rejected == report.duplicates_in_file == 0
    batch = pl.read_parquet(tmp_path / "batch.parquet")
    keys = set(batch["doc_key"])
    assert set(kaz.design["doc_key"]) == keys  # the truth's person keys are the engine's


@pytest.mark.parametrize("state", sorted(OFFSETS))
def test_every_state_with_crossing_points_can_be_generated(state: str, tmp_path: Path) -> None:
    got = generate(recording_state=state, persons=200, start=START, end=END, seed=9)
    path = write(got, tmp_path / "r.parquet", "parquet")
    report = ingest.ingest([path], recording_state=state, out=tmp_path / "b.parquet")
    assert report.rows_rejected == 0
    assert report.rows_accepted == got.records.height > 200


def test_write_refuses_an_unknown_format(kaz: Generated, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown format"):
        write(kaz, tmp_path / "r.json", "json")


# --- ground truth ------------------------------------------------------------------------------


def test_every_foreign_stay_is_in_the_records_as_designed(kaz: Generated) -> None:
    stays = kaz.truth_stays
    records = kaz.records.with_columns(day=pl.col("crossed_at").str.slice(0, 10).str.to_date())
    entries = stays.join(
        records, left_on="entry_record_id", right_on="record_id", how="left", validate="1:1"
    )
    assert (entries["direction"] == "ENTRY").all()
    assert (entries["day"].cast(pl.Int32) == entries["entry_day"]).all()
    assert (entries["bcp"] == entries["entry_bcp"]).all()
    normalised = entries["doc_issuer"] + ":" + entries["doc_number"].str.to_uppercase()
    assert (normalised.str.replace_all(" ", "") == entries["doc_key"]).all()
    closed = stays.filter(~pl.col("is_open")).join(
        records, left_on="exit_record_id", right_on="record_id", how="left"
    )
    assert (closed["direction"] == "EXIT").all()
    assert (closed["day"].cast(pl.Int32) == closed["exit_day"]).all()
    foreign_entries = records.filter(
        (pl.col("direction") == "ENTRY") & (pl.col("nationality") != "KAZ")
    )
    assert foreign_entries.height == stays.height


def _classify(stays: pl.DataFrame, m: MovementSettings) -> dict[str, str]:
    """Movement types read straight from the settings' documentation, stay by stay."""
    out: dict[str, str] = {}
    for _, group in stays.group_by("doc_key"):
        rows = group.sort("entry_day").to_dicts()
        short = [
            r
            for r in rows
            if r["stay_days"] <= m.local_max_days and r["exit_bcp"] == r["entry_bcp"]
        ]
        seasonal = [r for r in rows if m.seasonal_min_days <= r["stay_days"] <= m.seasonal_max_days]
        circular = [r for r in rows if m.circular_min_days <= r["stay_days"] <= m.circular_max_days]
        for r in rows:
            day = r["entry_day"]
            if r["stay_days"] <= m.transit_max_days and (
                r["purpose"] == "TRANSIT"
                or (r["exit_bcp"] is not None and r["exit_bcp"] != r["entry_bcp"])
            ):
                kind = "TRANSIT"
            elif r["permit"] == "LOCAL_BORDER" or (
                r in short
                and sum(abs(s["entry_day"] - day) <= m.local_window_days for s in short)
                >= m.local_min_trips
            ):
                kind = "LOCAL"
            elif r in seasonal and any(
                m.seasonal_gap_min_days <= abs(s["entry_day"] - day) <= m.seasonal_gap_max_days
                for s in seasonal
            ):
                kind = "SEASONAL"
            elif r in circular and any(
                first["entry_day"] <= day < first["entry_day"] + m.circular_window_days
                and sum(
                    first["entry_day"]
                    <= s["entry_day"]
                    < first["entry_day"] + m.circular_window_days
                    for s in circular
                )
                >= m.circular_min_stays
                for first in circular
            ):
                kind = "CIRCULAR"
            else:
                kind = "REGULAR"
            out[r["entry_record_id"]] = kind
    return out


def test_each_pattern_is_classified_as_designed_under_the_default_settings(kaz: Generated) -> None:
    stays = kaz.truth_stays
    found = _classify(stays, MovementSettings())
    clear = stays.filter(~pl.col("ambiguous"))
    wrong = clear.filter(pl.col("movement_type") != pl.col("entry_record_id").replace_strict(found))
    assert wrong.height == 0, wrong.head()
    assert set(clear["movement_type"]) == set(schema.MOVEMENT_TYPES)


@pytest.mark.parametrize(
    ("pattern", "scenario", "kinds"),
    [
        ("REGULAR", "left_late", {"OUT_OF_COUNTRY"}),
        ("REGULAR", "in_country_past", {"IN_COUNTRY"}),
        ("REGULAR", "in_country_within", set()),
        ("SEASONAL", "past_contract", {"OUT_OF_COUNTRY"}),
        ("CIRCULAR", "rolling_limit", {"OUT_OF_COUNTRY"}),
    ],
)
def test_designed_overstays_are_overstays_in_the_truth(
    kaz: Generated, pattern: str, scenario: str, kinds: set[str]
) -> None:
    persons = kaz.truth_persons.filter(
        (pl.col("pattern") == pattern) & (pl.col("scenario") == scenario) & ~pl.col("renewed")
    )
    assert persons.height > 0
    stays = kaz.truth_stays.filter(pl.col("person_id").is_in(persons["person_id"].implode()))
    per_person = stays.group_by("person_id").agg(pl.col("kind").drop_nulls().unique())
    assert {k for ks in per_person["kind"] for k in ks} == kinds
    if kinds:  # every such person overstays once at least
        assert per_person["kind"].list.len().min() == 1


def test_travellers_within_the_rules_never_overstay(kaz: Generated) -> None:
    within = kaz.truth_persons.filter(pl.col("scenario").is_in(["within_rules", "worker"]))
    stays = kaz.truth_stays.filter(pl.col("person_id").is_in(within["person_id"].implode()))
    assert stays.height > 1000
    assert stays["overstay_days"].sum() == 0


def test_overstay_days_kind_and_openness_agree(kaz: Generated) -> None:
    s = kaz.truth_stays
    assert ((s["overstay_days"] > 0) == s["kind"].is_not_null()).all()
    assert (s.filter(pl.col("kind") == "IN_COUNTRY")["is_open"]).all()
    assert not (s.filter(pl.col("kind") == "OUT_OF_COUNTRY")["is_open"]).any()
    over = s.filter(pl.col("overstay_days") > 0)
    last_day = over["exit_day"].fill_null(kaz.as_of_day)
    assert (last_day - over["authorised_end_day"] == over["overstay_days"]).all()


def test_a_renewed_document_splits_the_person_and_marks_the_stays(kaz: Generated) -> None:
    renewed = kaz.truth_persons.filter(pl.col("renewed"))
    assert renewed.height > 0
    stays = kaz.truth_stays.filter(pl.col("person_id").is_in(renewed["person_id"].implode()))
    keys = stays.group_by("person_id").agg(pl.col("doc_key").n_unique())
    assert (keys["doc_key"] == 2).all()
    assert stays["ambiguous"].all()
    others = kaz.truth_stays.filter(~pl.col("person_id").is_in(renewed["person_id"].implode()))
    assert not others["ambiguous"].any()


def test_noise_is_marked_in_the_truth(noisy: Generated) -> None:
    noise = noisy.truth_noise
    counts = dict(noise.group_by("kind").len().iter_rows())
    assert set(counts) == {"duplicate", "rejected", "missing_exit", "orphan_exit"}
    ids = noisy.records["record_id"].value_counts()
    duplicated = set(ids.filter(pl.col("count") == 2)["record_id"])
    assert duplicated == set(noise.filter(pl.col("kind") == "duplicate")["record_id"])
    rejected = noise.filter(pl.col("kind") == "rejected")
    assert set(rejected["reason"]) == {
        "bad_direction", "bad_time", "bad_country", "bad_purpose", "bad_permit", "missing_value"
    }  # fmt: skip
    assert rejected["record_id"].is_in(noisy.design["entry_record_id"].implode()).sum() == 0
    touched = noisy.truth_stays.filter(pl.col("noise").is_not_null())
    assert touched.height == counts["missing_exit"] + counts["orphan_exit"]
    persons = touched["person_id"].implode()
    assert noisy.truth_stays.filter(pl.col("person_id").is_in(persons))["ambiguous"].all()


# --- the stay rules and the overstay simulation ---------------------------------------------------


def _rule(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "rule_id": 1,
        "recording_state": "KAZ",
        "nationality": None,
        "permit": None,
        "purpose": None,
        "valid_from_day": 0,
        "valid_to_day": None,
        "max_stay_days": None,
        "rolling_limit_days": None,
        "rolling_window_days": None,
        "exempt": False,
    }
    return base | fields


def test_a_rolling_limit_counts_the_earlier_stay_in_the_window() -> None:
    rules = [_rule(rolling_limit_days=90, rolling_window_days=180)]
    stays = [
        truth.StayIn("A", 0, 59, "UZB", None, None, None),  # 60 days
        truth.StayIn("A", 100, 139, "UZB", None, None, None),  # 30 more allowed: to day 129
    ]
    first, second = truth.simulate(stays, rules, as_of_day=400)
    assert (first.authorised_end_day, first.overstay_days) == (89, 0)
    assert (second.authorised_end_day, second.overstay_days, second.kind) == (
        129,
        10,
        "OUT_OF_COUNTRY",
    )


def test_an_exempt_stay_is_never_over_and_an_open_one_is_over_in_country() -> None:
    rules = [
        _rule(max_stay_days=30),
        _rule(rule_id=2, permit="LOCAL_BORDER", exempt=True),
    ]
    stays = [
        truth.StayIn("A", 0, 99, "UZB", "LOCAL_BORDER", None, None),
        truth.StayIn("B", 0, None, "UZB", "VISA_FREE", None, None),
        truth.StayIn("C", 0, None, "UZB", "VISA", None, 45),  # the record's own days
    ]
    a, b, c = truth.simulate(stays, rules, as_of_day=49)
    assert (a.overstay_days, a.kind, a.rule_id) == (0, None, 2)
    assert (b.authorised_end_day, b.overstay_days, b.kind) == (29, 20, "IN_COUNTRY")
    assert (c.authorised_end_day, c.overstay_days) == (44, 5)


def _brute_force_end(
    entry: int, per_entry: int | None, limit: int, window: int, earlier: set[int]
) -> int:
    """The last authorised day, counting each day's window from scratch."""
    day = entry
    while True:
        present = earlier | set(range(entry, day + 1))
        if sum(day - window < d <= day for d in present) > limit:
            break
        if per_entry is not None and day > entry + per_entry - 1:
            break
        day += 1
    return day - 1


@settings(max_examples=60, deadline=None)
@given(
    trips=st.lists(st.tuples(st.integers(1, 70), st.integers(1, 60)), min_size=1, max_size=6),
    per_entry=st.one_of(st.none(), st.integers(1, 80)),
    limit=st.integers(1, 60),
    extra=st.integers(1, 90),
)
def test_the_simulation_agrees_with_counting_every_window_from_scratch(
    trips: list[tuple[int, int]], per_entry: int | None, limit: int, extra: int
) -> None:
    window = limit + extra
    rules = [_rule(rolling_limit_days=limit, rolling_window_days=window)]
    stays, day = [], 0
    for length, gap in trips:
        stays.append(truth.StayIn("A", day, day + length - 1, "UZB", None, None, per_entry))
        day += length - 1 + gap
    results = truth.simulate(stays, rules, as_of_day=day + 500)
    earlier: set[int] = set()
    for stay, got in zip(stays, results, strict=True):
        assert got.authorised_end_day == _brute_force_end(
            stay.entry_day, per_entry, limit, window, earlier
        )
        assert stay.exit_day is not None
        earlier |= set(range(stay.entry_day, stay.exit_day + 1))


def test_the_generators_rule_look_up_agrees_with_the_truths() -> None:
    rules = default_rules("KAZ")
    combos = list(
        product(
            ["UZB", "RUS", "CHN", "AFG", "DEU", "TUR"],
            ["", "VISA", "VISA_FREE", "EAEU", "WORK_PERMIT", "LOCAL_BORDER"],
            ["WORK", "TOURISM"],
            [schema.day_of(dt.date(2023, 1, 1)), schema.day_of(dt.date(2024, 1, 1))],
        )
    )
    nat, permit, purpose, day = (np.array(c) for c in zip(*combos, strict=True))
    got = stay_rules.limits(
        rules,
        nationality=nat,
        permit=permit,
        purpose=purpose,
        day=day.astype(np.int64),
        record_days=np.full(len(combos), -1),
    )
    for i, (n, p, u, d) in enumerate(combos):
        rule = truth.resolve(rules, n, p or None, u, int(d))
        assert rule is not None
        exempt = bool(rule["exempt"])
        assert got.exempt[i] == exempt, combos[i]
        if not exempt:
            assert got.max_days[i] == (rule["max_stay_days"] or -1), combos[i]
            assert got.rolling_limit[i] == (rule["rolling_limit_days"] or -1), combos[i]


def test_default_rules_follow_the_engines_rule_rows() -> None:
    rules = default_rules("KAZ")
    assert len({r["rule_id"] for r in rules}) == len(rules)
    assert all(set(r) == set(_rule()) for r in rules)
    assert all(r["recording_state"] == "KAZ" for r in rules)
    uzb = truth.resolve(rules, "UZB", "VISA_FREE", "TOURISM", schema.day_of(END))
    assert uzb is not None
    assert (uzb["max_stay_days"], uzb["rolling_limit_days"], uzb["rolling_window_days"]) == (
        30,
        90,
        180,
    )
    kgz_work = truth.resolve(rules, "KGZ", "EAEU", "WORK", schema.day_of(END))
    assert kgz_work is not None
    assert (kgz_work["max_stay_days"], kgz_work["rolling_limit_days"]) == (365, None)
    china = [r for r in rules if r["nationality"] == "CHN"]
    assert {r["valid_from_day"] for r in china} == {schema.day_of(dt.date(2023, 11, 10))}
    local = truth.resolve(rules, "KGZ", "LOCAL_BORDER", "PRIVATE", schema.day_of(END))
    assert local is not None
    assert local["exempt"]


@pytest.mark.parametrize("state", [*MEMBER_STATES, "IRN", "PAK"])
def test_every_state_has_default_rules_and_crossing_points(state: str) -> None:
    rules = default_rules(state)
    assert any(r["nationality"] is r["permit"] is r["purpose"] is None for r in rules)
    assert 4 <= len(bcps_of(state)) <= 10


def test_unknown_states_are_refused() -> None:
    with pytest.raises(ValueError, match="XYZ"):
        generate(recording_state="XYZ", persons=10, start=START, end=END, seed=1)
    with pytest.raises(ValueError, match="XYZ"):
        default_rules("XYZ")


# --- border crossing points ----------------------------------------------------------------------


def test_crossing_points_are_coded_by_their_state_and_placed_in_the_region() -> None:
    bcps = load_bcps()
    assert {"KAZ-ALM-AIR", "KGZ-KORDAI", "KAZ-KORDAI"} <= set(bcps)
    for code, b in bcps.items():
        assert code.startswith(f"{b.state}-")
        assert b.kind in ("air", "land", "rail")
        assert (b.counterpart is None) == (b.kind == "air")
        assert 20 < b.lat < 60, code
        assert 20 < b.lon < 90, code
        assert b.name_en
        assert re.search("[\u0400-\u04ff]", b.name_ru)
    assert counterparts()["KAZ-KORDAI"] == "KGZ"
    assert counterparts()["KGZ-KORDAI"] == "KAZ"
    assert "KAZ-ALM-AIR" not in counterparts()
