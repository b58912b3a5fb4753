"""Crossing records from generated stays: the spec's columns, record ids in time order, names
and document numbers as each record shows them, and the noise (rows to reject, duplicates,
exits and entries that never reached the file) with its ground truth."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from almaty.borders.engine.schema import PERMITS, PURPOSES
from almaty.borders.engine.synthetic import patterns, people

PATTERNS = ("CITIZEN", "TRANSIT", "LOCAL", "CIRCULAR", "SEASONAL", "REGULAR")
RENEWED = 0.03  # of foreigners with two stays or more: a new document from some stay on
REJECT_REASONS = (
    "bad_direction",
    "bad_time",
    "bad_country",
    "bad_purpose",
    "bad_permit",
    "missing_value",
)
SCENARIO_NAMES = {
    "CIRCULAR": ("within_rules", "worker", "rolling_limit"),
    "SEASONAL": ("within_rules", "past_contract"),
    "REGULAR": ("within_rules", "left_late", "in_country_past", "in_country_within"),
}


NOISE_KINDS = ("missing_exit", "orphan_exit")
NOISE_SCHEMA = {"kind": pl.Utf8, "record_id": pl.Utf8, "reason": pl.Utf8, "person_id": pl.Int64}


def _doc_key(issuer: pl.Expr, number: pl.Expr) -> pl.Expr:
    """The engine's person key; generated numbers hold only 0-9 and A-Z (before printing)."""
    return issuer + ":" + number


def _ids(state: str, seq: pl.Expr) -> pl.Expr:
    return pl.lit(f"{state}-") + (seq + 10**10).cast(pl.Utf8).str.slice(1)


def _local_times(seconds: np.ndarray, offset: str) -> pl.Series:
    """ISO 8601 local times with the offset, from local epoch seconds (by table look-ups: much
    faster than formatting each)."""
    if not len(seconds):
        return pl.Series("crossed_at", [], dtype=pl.Utf8)
    days = seconds // 86_400
    first = int(days.min())
    dates = (
        pl.Series(np.arange(first, int(days.max()) + 1, dtype=np.int32))
        .cast(pl.Date)
        .dt.strftime("%Y-%m-%dT")
    )
    clock = pl.Series(
        [
            f"{h:02d}:{m:02d}:{s:02d}{offset}"
            for h in range(24)
            for m in range(60)
            for s in range(60)
        ]
    )
    return pl.DataFrame(
        {"d": dates.gather(days - first), "t": clock.gather(seconds % 86_400)}
    ).select(pl.concat_str(["d", "t"]).alias("crossed_at"))["crossed_at"]


def _codes(values: tuple[str, ...] | list[str], index: np.ndarray) -> pl.Series:
    return pl.Series(list(values), dtype=pl.Utf8).gather(np.maximum(index, 0))


@dataclass(frozen=True)
class Assembled:
    records: pl.DataFrame  # the spec's columns, noise included
    design: pl.DataFrame  # per stay or citizen's trip, with its records' ids
    truth_persons: pl.DataFrame
    truth_noise: pl.DataFrame


def assemble(
    ctx: patterns.Context,
    design: patterns.Arrays,
    folk: people.People,
    pattern: np.ndarray,
    variant: np.ndarray,
    *,
    noise: float,
    offset: str,
) -> Assembled:
    """The records of the stays in `design` (see `patterns.STAY_FIELDS`) of persons `folk`
    with their `pattern` (index into PATTERNS) and scenario `variant`; `offset`: the State's
    UTC offset."""
    rng = ctx.rng
    state = ctx.state
    n_persons = len(pattern)
    # Stays in each person's order.
    order = np.lexsort((design["entry_day"], design["person"]))
    design = {k: v[order] for k, v in design.items()}
    person = design["person"]
    n_stays = len(person)
    citizen = pattern[person] == 0
    counts = np.bincount(person, minlength=n_persons)
    first_of = np.cumsum(counts) - counts
    seq = np.arange(n_stays) - first_of[person]

    # Renewals: from stay k on, a new document (a new person key for the engine).
    renewable = np.flatnonzero((counts >= 2) & (pattern != 0))
    renewed = renewable[rng.random(len(renewable)) < RENEWED]
    switch = np.full(n_persons, np.iinfo(np.int64).max)
    switch[renewed] = rng.integers(1, counts[renewed])
    new_doc = seq >= switch[person]

    # Records: the stay's first crossing (an entry; a citizen's departure) and its second.
    has_second = design["exit_day"] >= 0
    second = np.flatnonzero(has_second)
    rec_stay = np.concatenate([np.arange(n_stays), second])
    rec_role = np.concatenate(
        [np.zeros(n_stays, dtype=np.int8), np.ones(len(second), dtype=np.int8)]
    )
    rec_day = np.concatenate([design["entry_day"], design["exit_day"][second]])
    rec_tod = np.concatenate([design["entry_tod"], design["exit_tod"][second]])
    rec_bcp = np.concatenate([design["entry_bcp"], design["exit_bcp"][second]])
    seconds = rec_day * 86_400 + rec_tod
    chrono = np.lexsort((rec_role, rec_stay, seconds))
    rec_stay, rec_role, rec_bcp, seconds = (
        a[chrono] for a in (rec_stay, rec_role, rec_bcp, seconds)
    )
    n_records = len(rec_stay)
    record_ids = np.arange(1, n_records + 1)
    id_of_role = np.zeros((n_stays, 2), dtype=np.int64)
    id_of_role[rec_stay, rec_role] = record_ids

    # Noise: exits and entries of foreigners' stays that never reached the file.
    keep = np.ones(n_records, dtype=bool)
    noise_parts: list[pl.DataFrame] = []
    stay_noise = np.full(n_stays, -1, dtype=np.int64)
    person_noise = np.full(n_persons, -1, dtype=np.int64)
    if noise > 0:
        closed_foreign = np.flatnonzero(has_second & ~citizen)
        candidates = np.unique(person[closed_foreign])
        picked = rng.permutation(candidates)[: 2 * round(noise * len(candidates))]
        for k, (kind, who) in enumerate(
            zip(NOISE_KINDS, (picked[0::2], picked[1::2]), strict=True)
        ):
            if not len(who):
                continue
            # One closed stay of each person, at random.
            mine = closed_foreign[np.isin(person[closed_foreign], who)]
            mine = mine[rng.permutation(len(mine))]
            _, first = np.unique(person[mine], return_index=True)
            chosen = np.sort(mine[first])
            role = 1 if kind == "missing_exit" else 0
            keep[id_of_role[chosen, role] - 1] = False
            stay_noise[chosen] = k
            person_noise[person[chosen]] = k
            if kind == "missing_exit":
                # Followed by another entry of the same document: an impossible sequence.
                nxt = np.minimum(chosen + 1, n_stays - 1)
                same_doc = (chosen + 1 < n_stays) & (person[nxt] == person[chosen])
                same_doc &= new_doc[nxt] == new_doc[chosen]
                effect = np.where(same_doc, "impossible_sequence", "open_stay")
                shown = id_of_role[chosen, 0]
            else:
                effect = np.full(len(chosen), "orphan_exit")
                shown = id_of_role[chosen, 1]
            noise_parts.append(
                pl.DataFrame(
                    {
                        "kind": kind,
                        "seq": shown,
                        "reason": effect.astype(str),
                        "person_id": person[chosen],
                    }
                ).select(
                    "kind", _ids(state, pl.col("seq")).alias("record_id"), "reason", "person_id"
                )
            )

    # The records' columns, gathered per record from the persons' and the stays' values.
    bcp_names = [b.code for b in ctx.bcps]
    rec_person = person[rec_stay]
    is_entry = (rec_role == 0) != citizen[rec_stay]
    shown_variant = rng.choice(people.VARIANTS, size=n_records, p=people.VARIANT_SHARES)
    table = people.name_table()
    forms = pl.Series("forms", table.forms, dtype=pl.Utf8)
    given_form = folk.given[rec_person, shown_variant]
    pat_form = folk.patronymic[rec_person]
    folks = folk.frame
    permit_idx = design["permit"][rec_stay]
    days = design["record_days"][rec_stay]
    frame = pl.DataFrame(
        {
            "seq": record_ids,
            "bcp": _codes(bcp_names, rec_bcp),
            "is_entry": is_entry,
            "crossed_at": _local_times(seconds, offset),
            "doc_type": folks["doc_type"].gather(rec_person),
            "number": folks["doc_number"].gather(rec_person),
            "renewed_number": folks["doc_number_renewed"].gather(rec_person),
            "new_doc": new_doc[rec_stay],
            "nationality": folks["nationality"].gather(rec_person),
            "surname": forms.gather(folk.surname[rec_person, shown_variant]),
            "given": forms.gather(given_form),
            "patronymic": forms.gather(np.maximum(pat_form, 0)),
            "with_pat": (pat_form >= 0) & table.cyrillic[given_form],
            "birth_date": folks["birth_date"].gather(rec_person),
            "sex": folks["sex"].gather(rec_person),
            "purpose": _codes(PURPOSES, design["purpose"][rec_stay]),
            "permit": _codes(PERMITS, permit_idx),
            "has_permit": permit_idx >= 0,
            "days": days.astype(np.int32),
            "has_days": (days >= 0) & (rec_role == 0) & is_entry,
            "spaced": rng.random(n_records) < 0.5,
            "lower": rng.random(n_records) < 0.02,
        }
    ).filter(pl.Series(keep))
    number = pl.when("new_doc").then(pl.col("renewed_number")).otherwise(pl.col("number"))
    # Russian passport numbers are often written with the series apart: "75 1234567".
    printed = (
        pl.when(pl.col("spaced") & (pl.col("nationality") == "RUS"))
        .then(number.str.slice(0, 2) + " " + number.str.slice(2))
        .otherwise(number)
    )
    records = frame.select(
        _ids(state, pl.col("seq")).alias("record_id"),
        pl.lit(state).alias("recording_state"),
        "bcp",
        pl.when("is_entry").then(pl.lit("ENTRY")).otherwise(pl.lit("EXIT")).alias("direction"),
        "crossed_at",
        "doc_type",
        pl.when("lower").then(printed.str.to_lowercase()).otherwise(printed).alias("doc_number"),
        pl.col("nationality").alias("doc_issuer"),
        "nationality",
        "surname",
        pl.when("with_pat")
        .then(pl.col("given") + " " + pl.col("patronymic"))
        .otherwise(pl.col("given"))
        .alias("given_names"),
        "birth_date",
        "sex",
        "purpose",
        pl.when("has_permit").then(pl.col("permit")).alias("permit"),
        pl.when("has_days").then(pl.col("days")).alias("authorised_stay_days"),
    )
    del frame
    records, extra = _row_noise(rng, records, noise, state, n_records)
    noise_parts.extend(extra)
    truth_noise = pl.concat(noise_parts) if noise_parts else pl.DataFrame(schema=NOISE_SCHEMA)

    # The design, per stay (citizens' trips too), with what the truth needs.
    ambiguous = np.isin(person, renewed) | (person_noise[person] >= 0)
    stays_frame = pl.DataFrame(
        {
            "person_id": person,
            "citizen": citizen,
            "nationality": folks["nationality"].gather(person),
            "number": folks["doc_number"].gather(person),
            "renewed_number": folks["doc_number_renewed"].gather(person),
            "new_doc": new_doc,
            "entry_id": id_of_role[:, 0],
            "exit_id": id_of_role[:, 1],
            "entry_day": design["entry_day"],
            "exit_day": design["exit_day"],
            "entry_bcp": _codes(bcp_names, design["entry_bcp"]),
            "exit_bcp": _codes(bcp_names, design["exit_bcp"]),
            "pattern": _codes(PATTERNS, pattern[person]),
            "purpose": _codes(PURPOSES, design["purpose"]),
            "permit_idx": design["permit"],
            "permit": _codes(PERMITS, design["permit"]),
            "record_days": design["record_days"],
            "ambiguous": ambiguous,
            "noise_idx": stay_noise,
            "noise": _codes(NOISE_KINDS, stay_noise),
        }
    ).select(
        "person_id",
        "citizen",
        _doc_key(
            pl.col("nationality"),
            pl.when("new_doc").then(pl.col("renewed_number")).otherwise(pl.col("number")),
        ).alias("doc_key"),
        "nationality",
        _ids(state, pl.col("entry_id")).alias("entry_record_id"),
        pl.when(pl.col("exit_id") > 0).then(_ids(state, pl.col("exit_id"))).alias("exit_record_id"),
        "entry_day",
        pl.when(pl.col("exit_day") >= 0).then(pl.col("exit_day")).alias("exit_day"),
        "entry_bcp",
        pl.when(pl.col("exit_day") >= 0).then(pl.col("exit_bcp")).alias("exit_bcp"),
        "pattern",
        "purpose",
        pl.when(pl.col("permit_idx") >= 0).then(pl.col("permit")).alias("permit"),
        pl.when(pl.col("record_days") >= 0).then(pl.col("record_days")).alias("record_days"),
        "ambiguous",
        pl.when(pl.col("noise_idx") >= 0).then(pl.col("noise")).alias("noise"),
    )
    names = np.array(
        [[*SCENARIO_NAMES.get(p, ("within_rules",)), "", "", "", ""][:4] for p in PATTERNS]
    )
    names[0, 0] = "citizen"
    is_renewed = np.zeros(n_persons, dtype=bool)
    is_renewed[renewed] = True
    truth_persons = pl.DataFrame(
        {
            "person_id": np.arange(n_persons),
            "pattern": _codes(PATTERNS, pattern),
            "scenario": pl.Series(names[pattern, variant], dtype=pl.Utf8),
            "nationality": folks["nationality"],
            "sex": folks["sex"],
            "number": folks["doc_number"],
            "renewed_number": folks["doc_number_renewed"],
            "renewed": is_renewed,
            "stays": counts,
            "noise_idx": person_noise,
            "noise": _codes(NOISE_KINDS, person_noise),
        }
    ).select(
        "person_id",
        "pattern",
        "scenario",
        "nationality",
        "sex",
        _doc_key(pl.col("nationality"), pl.col("number")).alias("doc_key"),
        pl.when("renewed")
        .then(_doc_key(pl.col("nationality"), pl.col("renewed_number")))
        .alias("renewed_doc_key"),
        "renewed",
        "stays",
        pl.when(pl.col("noise_idx") >= 0).then(pl.col("noise")).alias("noise"),
    )
    return Assembled(records, stays_frame, truth_persons, truth_noise)


def _row_noise(
    rng: np.random.Generator, records: pl.DataFrame, noise: float, state: str, n_records: int
) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """Exact duplicates, and copies under new record ids with one bad value each; all placed
    among the rows at random."""
    if noise <= 0 or records.height == 0:
        return records, []
    height = records.height
    n = round(noise * height)
    dup_rows = records[np.sort(rng.choice(height, size=min(n, height), replace=False))]
    bad_rows = records[np.sort(rng.choice(height, size=min(n, height), replace=False))]
    reasons = rng.choice(len(REJECT_REASONS), size=bad_rows.height)
    pick = rng.integers(0, 3, bad_rows.height)
    ids = [f"{state}-{i:010d}" for i in range(n_records + 1, n_records + 1 + bad_rows.height)]
    reason = pl.Series(np.array(REJECT_REASONS)[reasons])
    at = pl.col("crossed_at")
    bad_time = (
        pl.when(pl.col("_pick") == 0)
        .then(at.str.slice(0, 19))  # no UTC offset
        .when(pl.col("_pick") == 1)
        .then(at.str.slice(0, 8) + "32" + at.str.slice(10))  # no such day
        .otherwise(  # 01.03.2024 08:15, as typed
            at.str.slice(8, 2)
            + "."
            + at.str.slice(5, 2)
            + "."
            + at.str.slice(0, 4)
            + " "
            + at.str.slice(11, 5)
        )
    )
    bad = bad_rows.with_columns(
        pl.Series("record_id", ids), reason.alias("_reason"), pl.Series("_pick", pick)
    ).with_columns(
        pl.when(pl.col("_reason") == "bad_direction")
        .then(pl.Series(["IN", "OUT", "ВЪЕЗД"]).gather(pick))
        .otherwise(pl.col("direction"))
        .alias("direction"),
        pl.when(pl.col("_reason") == "bad_time").then(bad_time).otherwise(at).alias("crossed_at"),
        pl.when(pl.col("_reason") == "bad_country")
        .then(pl.col("nationality").str.slice(0, 2))  # an alpha-2 code
        .otherwise(pl.col("nationality"))
        .alias("nationality"),
        pl.when(pl.col("_reason") == "bad_purpose")
        .then(pl.Series(["HOLIDAY", "ТУРИЗМ", "VISIT"]).gather(pick))
        .otherwise(pl.col("purpose"))
        .alias("purpose"),
        pl.when(pl.col("_reason") == "bad_permit")
        .then(pl.Series(["PATENT", "ВНЖ", "WORK"]).gather(pick))
        .otherwise(pl.col("permit"))
        .alias("permit"),
        pl.when(pl.col("_reason") == "missing_value")
        .then(None)
        .otherwise(pl.col("doc_number"))
        .alias("doc_number"),
    )
    truth_rows = [
        pl.DataFrame(
            {
                "kind": "duplicate",
                "record_id": dup_rows["record_id"],
                "reason": None,
                "person_id": None,
            },
            schema=NOISE_SCHEMA,
        ),
        pl.DataFrame(
            {
                "kind": "rejected",
                "record_id": bad["record_id"],
                "reason": bad["_reason"],
                "person_id": None,
            },
            schema=NOISE_SCHEMA,
        ),
    ]
    extra = pl.concat([dup_rows, bad.drop("_reason", "_pick")])
    position = np.concatenate(
        [np.arange(height, dtype=np.float64), rng.random(extra.height) * height]
    )
    out = (
        pl.concat([records, extra])
        .with_columns(pl.Series("_pos", position))
        .sort("_pos")
        .drop("_pos")
    )
    return out, truth_rows
