"""Synthetic crossing records of one recording State, with ground truth, for tests and benchmarks.

`generate(recording_state="KAZ", persons=..., start=..., end=..., seed=...)` draws persons of
the region's nationalities (weighted to the State's neighbours, EAEU and Central Asian
partners), gives each a movement pattern (`synthetic.patterns`: transit, local, circular,
seasonal, regular, or a citizen's trips abroad), and writes their crossings in the spec's
columns and formats: local time with the State's UTC offset, names in Cyrillic or one of their
romanisations (a different one from one record to the next, as agencies differ), birth dates
sometimes partial or missing, document numbers as printed.

Ground truth:
- `truth_persons`: each person's pattern, scenario (designed overstays), documents;
- `truth_stays`: each foreigner's stay as it really was (entry record, exit record or none),
  its movement type, and its overstay as of the end date from `synthetic.truth` (a plain
  simulation of `default_rules`, independent of the engine); `ambiguous` marks stays whose
  type the engine cannot be expected to see as designed (a renewed document splits the
  person: by design, the engine pairs crossings per document) and stays touched by noise;
- `truth_noise`: with `noise > 0`, the rows to be rejected (and why), exact duplicates,
  exits dropped (the entry is then followed by another entry, or left open) and entries
  dropped (the exit is then an orphan); `expected_quality()` counts what ingest and derive
  should report.

Everything is vectorised per pattern (numpy, polars; no loop per person or record): 10 million
records (about 1.6 million persons) take under a minute on two cores and about 7 GB of memory
at peak. The overstay truth is a plain Python simulation, computed on first access of
`truth_stays`: seconds for tens of thousands of persons, not meant for millions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from almaty.borders.engine.schema import SPEC_COLUMNS, day_of
from almaty.borders.engine.synthetic import patterns, people, records, truth
from almaty.borders.engine.synthetic.records import PATTERNS
from almaty.borders.engine.synthetic.rules import EAEU, default_rules, state_rules

__all__ = ["OFFSETS", "Generated", "default_rules", "generate", "write"]

# UTC offsets the border services record local times in (one per State).
OFFSETS = {
    "AFG": "+04:30", "AZE": "+04:00", "IRN": "+03:30", "KAZ": "+05:00", "KGZ": "+06:00",
    "PAK": "+05:00", "TJK": "+05:00", "TKM": "+05:00", "TUR": "+03:00",
}  # fmt: skip
PATTERN_SHARES = (0.12, 0.08, 0.04, 0.14, 0.08, 0.54)
# Foreign travellers in the region, roughly by weight; a State's land neighbours count thrice.
BASE_WEIGHTS = {
    "UZB": 20, "RUS": 20, "KGZ": 12, "KAZ": 12, "CHN": 8, "TJK": 6, "TUR": 6, "AZE": 3,
    "AFG": 3, "TKM": 2, "IRN": 2, "PAK": 1.5, "IND": 1.5, "KOR": 1.5, "ARM": 1, "BLR": 1,
    "GEO": 1, "UKR": 1, "DEU": 1, "USA": 1, "GBR": 0.5, "MNG": 0.5, "MDA": 0.5, "BGR": 0.3,
}  # fmt: skip
AFFINITY = {
    "TRANSIT": {"CHN": 3, "AFG": 2, "IRN": 2, "PAK": 2, "IND": 2, "TUR": 1.5},
    "CIRCULAR": {"UZB": 2, "KGZ": 2, "CHN": 2, "TJK": 1.5, "TUR": 1.5, "RUS": 1.2, "_": 0.3},
    "SEASONAL": {"UZB": 4, "TJK": 3, "KGZ": 3, "AFG": 1, "TKM": 1, "_": 0.05},
}
MALE_SHARE = {
    "CITIZEN": 0.5,
    "TRANSIT": 0.65,
    "LOCAL": 0.6,
    "CIRCULAR": 0.7,
    "SEASONAL": 0.85,
    "REGULAR": 0.55,
}
CIRCULAR_VARIANTS = (0.55, 0.35, 0.10)  # trader, worker, trader breaking a rolling limit
SEASONAL_LATE = 0.10
REGULAR_SCENARIOS = (0.88, 0.05, 0.04, 0.03)  # within, leaves late, stuck past, stuck within


def _weights(state: str, pattern: str, neighbours: set[str]) -> tuple[list[str], np.ndarray]:
    affinity = AFFINITY.get(pattern, {})
    codes = [c for c in BASE_WEIGHTS if c != state]
    if pattern == "LOCAL":
        codes = [c for c in sorted(neighbours) if c != state]
    w = np.array(
        [
            (
                1.0
                if pattern == "LOCAL"
                else BASE_WEIGHTS[c] * affinity.get(c, affinity.get("_", 1.0))
            )
            * (3.0 if c in neighbours else 1.0)
            for c in codes
        ]
    )
    return codes, w / w.sum()


def _rolling_nationalities(state: str) -> list[str]:
    """Nationalities whose visitors' rule has a rolling limit at any time."""
    config = state_rules(state)
    out = []
    for code in BASE_WEIGHTS:
        if code == state:
            continue
        group = next((g for g in config.groups if code in g.nationalities), None)
        if group is not None and group.valid_from is None:
            if group.rolling is not None:
                out.append(code)
        elif (
            group is None
            and not (config.visa_for_all or code in config.visa_required)
            and config.fallback_rolling is not None
        ):
            out.append(code)
    return out


@dataclass
class Generated:
    recording_state: str
    start: dt.date
    end: dt.date
    seed: int
    noise: float
    records: pl.DataFrame  # spec columns, one row per crossing record (noise included)
    rules: list[dict[str, Any]]  # default_rules(recording_state), which the truth applies
    design: pl.DataFrame  # one row per real stay or trip (citizens' too), as generated
    truth_persons: pl.DataFrame
    truth_noise: pl.DataFrame

    @property
    def as_of_day(self) -> int:
        return day_of(self.end)

    @cached_property
    def truth_stays(self) -> pl.DataFrame:
        """Foreigners' stays with movement type and overstay as of the end date (simulated)."""
        stays = self.design.filter(~pl.col("citizen")).sort("doc_key", "entry_day")
        inputs = [
            truth.StayIn(
                key=row["doc_key"],
                entry_day=row["entry_day"],
                exit_day=row["exit_day"],
                nationality=row["nationality"],
                permit=row["permit"],
                purpose=row["purpose"],
                record_days=row["record_days"],
            )
            for row in stays.select(
                "doc_key",
                "entry_day",
                "exit_day",
                "nationality",
                "permit",
                "purpose",
                "record_days",
            ).iter_rows(named=True)
        ]
        results = truth.simulate(inputs, self.rules, self.as_of_day)
        as_of = self.as_of_day
        return stays.select(
            "person_id",
            "doc_key",
            "nationality",
            "entry_record_id",
            "exit_record_id",
            "entry_day",
            "exit_day",
            "entry_bcp",
            "exit_bcp",
            pl.col("exit_day").is_null().alias("is_open"),
            (pl.col("exit_day").fill_null(as_of) - pl.col("entry_day") + 1).alias("stay_days"),
            pl.col("pattern").alias("movement_type"),
            "permit",
            "purpose",
            pl.Series("rule_id", [r.rule_id for r in results], dtype=pl.Int64),
            pl.Series(
                "authorised_end_day", [r.authorised_end_day for r in results], dtype=pl.Int64
            ),
            pl.Series("overstay_days", [r.overstay_days for r in results], dtype=pl.Int64),
            pl.Series("kind", [r.kind for r in results], dtype=pl.Utf8),
            "ambiguous",
            "noise",
        )

    def expected_quality(self) -> dict[str, Any]:
        """What ingest and derive should report for these records."""
        noise = self.truth_noise
        rejected = noise.filter(pl.col("kind") == "rejected")
        return {
            "rows_read": self.records.height,
            "rows_rejected": rejected.height,
            "rejected_by_reason": dict(rejected.group_by("reason").len().iter_rows()),
            "duplicates_in_file": noise.filter(pl.col("kind") == "duplicate").height,
            "orphan_exits": noise.filter(pl.col("kind") == "orphan_exit").height,
            "impossible_sequences": noise.filter(
                (pl.col("kind") == "missing_exit") & (pl.col("reason") == "impossible_sequence")
            ).height,
        }


def generate(
    *,
    recording_state: str = "KAZ",
    persons: int,
    start: dt.date,
    end: dt.date,
    seed: int,
    noise: float = 0.0,
) -> Generated:
    """Crossing records of `persons` travellers over [start, end] (local dates), reproducible
    from `seed`. `noise` (0 to 0.2): share of rows rejected and duplicated, and of foreigners
    with an exit or an entry missing."""
    state = recording_state.upper()
    if state not in OFFSETS:
        raise ValueError(f"no generator settings for {recording_state!r}")
    if not 0.0 <= noise <= 0.2:
        raise ValueError("noise must be between 0 and 0.2")
    if (end - start).days < 60:
        raise ValueError("the period must be at least 60 days")
    rng = np.random.default_rng(seed)
    rules = default_rules(state)
    ctx = patterns.Context(
        rng=rng, state=state, start_day=day_of(start), end_day=day_of(end), rules=rules
    )
    neighbours = {b.counterpart for b in ctx.bcps if b.counterpart}

    shares = np.array(PATTERN_SHARES)
    if not neighbours:
        shares[PATTERNS.index("LOCAL")] = 0.0
    pattern = rng.choice(len(PATTERNS), size=persons, p=shares / shares.sum())
    nationality = np.full(persons, state, dtype=object)
    for k, name in enumerate(PATTERNS[1:], start=1):
        who = np.flatnonzero(pattern == k)
        codes, p = _weights(state, name, neighbours)
        nationality[who] = np.array(codes, dtype=object)[rng.choice(len(codes), size=len(who), p=p)]
    variant = np.zeros(persons, dtype=np.int64)
    circular = np.flatnonzero(pattern == PATTERNS.index("CIRCULAR"))
    variant[circular] = rng.choice(3, size=len(circular), p=CIRCULAR_VARIANTS)
    rolling = _rolling_nationalities(state)
    breakers = circular[variant[circular] == 2]
    if rolling:
        nationality[breakers] = np.array(rolling, dtype=object)[
            rng.integers(0, len(rolling), len(breakers))
        ]
    else:
        variant[breakers] = 0
    seasonal = np.flatnonzero(pattern == PATTERNS.index("SEASONAL"))
    variant[seasonal] = rng.random(len(seasonal)) < SEASONAL_LATE
    regular_who = np.flatnonzero(pattern == PATTERNS.index("REGULAR"))
    variant[regular_who] = rng.choice(4, size=len(regular_who), p=REGULAR_SCENARIOS)

    male = np.array([MALE_SHARE[p] for p in PATTERNS])[pattern]
    u = rng.random(persons)
    sex = np.where(u < 0.0005, "X", np.where(u < male, "M", "F")).astype(object)
    workers = np.isin(pattern, [PATTERNS.index("CIRCULAR"), PATTERNS.index("SEASONAL")])
    age = np.where(workers, rng.integers(20, 51, persons), rng.integers(18, 71, persons))

    parts: list[patterns.Arrays] = []
    leftover: list[np.ndarray] = []
    nat_str = nationality.astype(str)
    for name, build in (
        ("TRANSIT", patterns.transit),
        ("LOCAL", patterns.local),
    ):
        who = np.flatnonzero(pattern == PATTERNS.index(name))
        stays, left = build(ctx, who, nat_str[who])
        parts.append(stays)
        leftover.append(left)
    stays, left = patterns.circular(ctx, circular, nat_str[circular], variant[circular])
    parts.append(stays)
    leftover.append(left)
    stays, left = patterns.seasonal(
        ctx, seasonal, nat_str[seasonal], variant[seasonal].astype(bool)
    )
    parts.append(stays)
    leftover.append(left)
    # Persons whose pattern did not fit the period travel as regular visitors instead.
    moved = np.sort(np.concatenate(leftover))
    pattern[moved] = PATTERNS.index("REGULAR")
    variant[moved] = 0
    regular_who = np.sort(np.concatenate([regular_who, moved]))
    stays, _, realised = patterns.regular(
        ctx, regular_who, nat_str[regular_who], variant[regular_who]
    )
    variant[regular_who] = realised
    parts.append(stays)
    citizens = np.flatnonzero(pattern == 0)
    stays, _ = patterns.citizens(ctx, citizens)
    parts.append(stays)
    design = patterns.concat(parts)

    folk = people.make_people(
        rng, nationality=nat_str, sex=sex.astype(str), age=age, start=start, id_cards=state in EAEU
    )
    done = records.assemble(ctx, design, folk, pattern, variant, noise=noise, offset=OFFSETS[state])
    return Generated(
        recording_state=state,
        start=start,
        end=end,
        seed=seed,
        noise=noise,
        records=done.records,
        rules=rules,
        design=done.design,
        truth_persons=done.truth_persons,
        truth_noise=done.truth_noise,
    )


def write(generated: Generated, path: Path, format: str = "csv") -> Path:
    """Write the records in the spec's columns: CSV (UTF-8, header; unknown values empty) or
    Parquet (text columns, authorised_stay_days an integer)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    records = generated.records.select(SPEC_COLUMNS)
    if format == "csv":
        records.write_csv(path)
    elif format == "parquet":
        records.write_parquet(path, compression="zstd")
    else:
        raise ValueError(f"unknown format {format!r}: csv or parquet")
    return path
