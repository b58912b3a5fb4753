"""From a State's crossing records to stays, overstays, movement types and monthly indicators.

One set of SQL statements, run by DuckDB or by Spark (`dialects`), in steps:

1. Each person's crossings in time order (one window); an entry followed by an exit is a stay,
   the last entry with no exit an open stay; an entry followed by another entry is an
   impossible sequence and an exit with no entry before it an orphan exit (both reported).
2. The stay rule in force on the entry day (most specific first) gives the days allowed per
   entry and any rolling limit (L days in any W-day window, entry and exit days both counted).
   The last authorised day under a rolling limit is found exactly, from the person's earlier
   stays in the window (see `ROLLING`).
3. Movement types from the person's stays around each stay (`MovementSettings`).
4. Monthly indicators in the statistics exchange format (`indicators`).

Only foreign nationals have stays: a citizen's crossings are trips abroad.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from almaty.borders.engine import indicators as indicators_sql
from almaty.borders.engine import steps
from almaty.borders.engine import summary as summary_sql
from almaty.borders.engine.dialects import Engine, open_engine
from almaty.borders.engine.movement import MovementSettings
from almaty.borders.engine.schema import date_of

Progress = Callable[[str, int, int], None]
FAR_FUTURE_DAY = 10_000_000
STEPS = ("read", "rules", "stays", "rolling", "types", "indicators", "write")


@dataclass
class DeriveResult:
    stays: int = 0
    open_stays: int = 0
    overstays_in_country: int = 0
    overstays_out_of_country: int = 0
    orphan_exits: int = 0
    impossible_sequences: int = 0
    persons: int = 0
    crossings: int = 0
    as_of: str = ""
    engine: str = ""
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def rule_segments(
    keys: Sequence[tuple[str, str, str]], rules: Sequence[Mapping[str, Any]], recording_state: str
) -> pa.Table:
    """For each (nationality, permit, purpose) found in the stays, the rule in force over each
    stretch of days: the most specific rule (nationality 4, permit 2, purpose 1), then the one
    in force from the latest date, then the highest id."""
    state_rules = [r for r in rules if str(r["recording_state"]).upper() == recording_state]
    rows: dict[str, list[Any]] = {
        name: []
        for name in (
            "nationality",
            "permit_key",
            "purpose_key",
            "from_day",
            "to_day",
            "rule_id",
            "exempt",
            "max_stay_days",
            "rolling_limit_days",
            "rolling_window_days",
        )
    }
    for nationality, permit, purpose in keys:
        matching = [
            r
            for r in state_rules
            if (r.get("nationality") in (None, "", nationality))
            and (r.get("permit") in (None, "", permit))
            and (r.get("purpose") in (None, "", purpose))
        ]
        if not matching:
            continue
        edges = sorted(
            {int(r["valid_from_day"]) for r in matching}
            | {int(r["valid_to_day"]) for r in matching if r.get("valid_to_day") is not None}
        )
        edges.append(FAR_FUTURE_DAY)
        for start, end in itertools.pairwise(edges):
            live = [
                r
                for r in matching
                if int(r["valid_from_day"]) <= start
                and (r.get("valid_to_day") is None or start < int(r["valid_to_day"]))
            ]
            if not live:
                continue
            best = max(
                live,
                key=lambda r: (
                    4 * bool(r.get("nationality"))
                    + 2 * bool(r.get("permit"))
                    + bool(r.get("purpose")),
                    int(r["valid_from_day"]),
                    int(r["rule_id"]),
                ),
            )
            rows["nationality"].append(nationality)
            rows["permit_key"].append(permit)
            rows["purpose_key"].append(purpose)
            rows["from_day"].append(start)
            rows["to_day"].append(end)
            rows["rule_id"].append(int(best["rule_id"]))
            rows["exempt"].append(bool(best.get("exempt")))
            for name in ("max_stay_days", "rolling_limit_days", "rolling_window_days"):
                value = best.get(name)
                rows[name].append(None if value is None else int(value))
    types = {
        "nationality": pa.string(),
        "permit_key": pa.string(),
        "purpose_key": pa.string(),
        "from_day": pa.int64(),
        "to_day": pa.int64(),
        "rule_id": pa.int64(),
        "exempt": pa.bool_(),
        "max_stay_days": pa.int64(),
        "rolling_limit_days": pa.int64(),
        "rolling_window_days": pa.int64(),
    }
    return pa.table({name: pa.array(values, type=types[name]) for name, values in rows.items()})


def run_steps(
    engine: Engine,
    *,
    batches: Sequence[Path],
    rules: Sequence[Mapping[str, Any]],
    movement: MovementSettings,
    as_of_day: int | None,
    person_keys: Path | None = None,
    bcp_counterparts: Mapping[str, str] | None = None,
    stays_path: Path,
    progress: Progress | None = None,
) -> tuple[int, DeriveResult]:
    """Run the steps on `engine`: the stays go to `stays_path` (and the view `stays`), the
    indicators to the table `indicator_rows`; returns the as-of day used and the counts."""
    step = progress or (lambda name, done, total: None)
    total = len(STEPS)
    step("read", 0, total)
    engine.register_parquet("batches", batches)
    facts = engine.fetch("SELECT min(recording_state), max(crossed_day), count(*) FROM batches")[0]
    recording_state = str(facts[0] or "").upper()
    if as_of_day is None:
        as_of_day = int(facts[1] or 0)
    if person_keys is not None:
        engine.register_parquet("person_keys", [person_keys])
    step("rules", 1, total)
    keys = [
        (str(n), str(p), str(u))
        for n, p, u in engine.fetch(
            """SELECT DISTINCT nationality, coalesce(permit, ''), coalesce(purpose, '')
               FROM batches WHERE is_entry AND nationality <> recording_state"""
        )
    ]
    engine.register_table("rule_segments", rule_segments(keys, rules, recording_state))
    step("stays", 2, total)
    engine.materialise("ruled", steps.ruled_sql(as_of_day, person_keys is not None))
    impossible, exits_kept, persons = engine.fetch(steps.QUALITY)[0]
    step("rolling", 3, total)
    engine.materialise("rolling_priors", steps.ROLLING_PRIORS)
    engine.materialise("rolling", steps.ROLLING)
    step("types", 4, total)
    for name, sql in steps.around_sql(movement):
        engine.materialise(name, sql)
    engine.write_parquet(steps.stays_sql(movement, as_of_day, engine), stays_path)
    engine.register_parquet("stays", [stays_path])
    step("indicators", 5, total)
    engine.register_table("counterparts", indicators_sql.counterpart_table(bcp_counterparts or {}))
    engine.register_table("months", indicators_sql.month_table(engine, as_of_day))
    engine.materialise("indicator_rows", indicators_sql.indicators_sql(as_of_day))
    counts = engine.fetch(
        """SELECT count(*),
                   sum(CASE WHEN is_open THEN 1 ELSE 0 END),
                   sum(CASE WHEN is_open AND overstay_days > 0 THEN 1 ELSE 0 END),
                   sum(CASE WHEN NOT is_open AND overstay_days > 0 THEN 1 ELSE 0 END)
            FROM stays"""
    )[0]
    result = DeriveResult(
        stays=int(counts[0] or 0),
        open_stays=int(counts[1] or 0),
        overstays_in_country=int(counts[2] or 0),
        overstays_out_of_country=int(counts[3] or 0),
        persons=int(persons or 0),
        orphan_exits=int(exits_kept or 0),
        impossible_sequences=int(impossible or 0),
        crossings=int(facts[2] or 0),
        as_of=date_of(as_of_day).isoformat(),
        engine=engine.name,
    )
    return as_of_day, result


def derive(
    batches: Sequence[Path],
    *,
    rules: Sequence[Mapping[str, Any]],
    movement: MovementSettings | None = None,
    as_of_day: int | None = None,
    out_dir: Path,
    engine: str = "duckdb",
    person_keys: Path | None = None,
    bcp_counterparts: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    engine_options: Mapping[str, Any] | None = None,
) -> DeriveResult:
    """Derive stays, overstays, movement types and indicators from the State's batches into
    `out_dir` (stays.parquet, indicators.csv, summary.json), replacing what was there whole."""
    started = time.perf_counter()
    movement = movement or MovementSettings()
    step = progress or (lambda name, done, total: None)
    runner = open_engine(engine, **dict(engine_options or {}))
    out_dir = Path(out_dir)
    work = out_dir.with_name(f".{out_dir.name}.{os.getpid()}.partial")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        as_of_day, result = run_steps(
            runner,
            batches=batches,
            rules=rules,
            movement=movement,
            as_of_day=as_of_day,
            person_keys=person_keys,
            bcp_counterparts=bcp_counterparts,
            stays_path=work / "stays.parquet",
            progress=progress,
        )
        step("write", len(STEPS) - 1, len(STEPS))
        indicators_sql.write_csv(runner, work / "indicators.csv")
        result.seconds = round(time.perf_counter() - started, 3)
        summary = summary_sql.summarise(runner, as_of_day, result.to_dict())
        (work / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1))
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    finally:
        runner.close()
    old = out_dir.with_name(f".{out_dir.name}.{os.getpid()}.old")
    if out_dir.exists():
        os.replace(out_dir, old)
    os.replace(work, out_dir)
    shutil.rmtree(old, ignore_errors=True)
    step("write", len(STEPS), len(STEPS))
    return result
