"""The SQL steps of the border pipeline (`pipeline`), one text for DuckDB and Spark alike:
pairing crossings into stays with their rule, the exact rolling limit, what a person's other
stays say about each stay, and the stays as written."""

from __future__ import annotations

from almaty.borders.engine.dialects import Engine
from almaty.borders.engine.movement import MovementSettings


def seq_sql(as_of_day: int, with_person_keys: bool) -> str:
    """Each person's crossings in time order with their neighbours; kept: entries (stays and
    impossible sequences) and exits with no entry before them."""
    person = "coalesce(k.person_key, b.doc_key)" if with_person_keys else "b.doc_key"
    join = "LEFT JOIN person_keys k ON k.doc_key = b.doc_key" if with_person_keys else ""
    return f"""
    SELECT * FROM (
        SELECT person_key, record_no, record_id, is_entry, crossed_ts, crossed_day, crossed_month,
               bcp, nationality, sex, purpose, permit, authorised_stay_days,
               lead(is_entry) OVER w AS next_is_entry,
               lead(crossed_month) OVER w AS next_month,
               lead(record_id) OVER w AS next_record_id,
               lead(crossed_ts) OVER w AS next_ts,
               lead(crossed_day) OVER w AS next_day,
               lead(bcp) OVER w AS next_bcp,
               lag(is_entry) OVER w AS prev_is_entry,
               lag(crossed_day) OVER w AS prev_day
        FROM (
            SELECT {person} AS person_key, b.record_no, b.record_id, b.is_entry, b.crossed_ts,
                   b.crossed_day, b.crossed_month, b.bcp, b.nationality, b.sex, b.purpose, b.permit,
                   b.authorised_stay_days
            FROM batches b {join}
            WHERE b.nationality <> b.recording_state AND b.crossed_day <= {as_of_day}
        ) r
        WINDOW w AS (PARTITION BY person_key ORDER BY crossed_ts, record_no)
    ) s
    WHERE is_entry OR prev_is_entry IS NULL OR prev_is_entry = false
    """


QUALITY = """
    SELECT CAST(sum(CASE WHEN kind = 'impossible' THEN 1 ELSE 0 END) AS BIGINT),
           CAST(sum(CASE WHEN kind = 'orphan_exit' THEN 1 ELSE 0 END) AS BIGINT),
           CAST(sum(CASE WHEN is_first THEN 1 ELSE 0 END) AS BIGINT)
    FROM ruled
"""
STAY = "kind = 'stay'"


def ruled_sql(as_of_day: int, with_person_keys: bool) -> str:
    """Stays with the rule in force on their entry day (kind 'stay'), and the crossings that
    make no stay (kinds 'impossible' and 'orphan_exit'), counted for the quality report."""
    return f"""
    SELECT p.record_no AS stay_no, p.prev_is_entry IS NULL AS is_first,
           CASE WHEN NOT p.is_entry THEN 'orphan_exit'
                WHEN p.next_is_entry THEN 'impossible' ELSE 'stay' END AS kind,
           p.person_key, p.nationality, p.sex, p.purpose, p.permit,
           p.record_id AS entry_record_id, p.crossed_ts AS entry_ts, p.bcp AS entry_bcp,
           p.crossed_day AS entry_day, p.crossed_month AS entry_month,
           CASE WHEN p.next_is_entry = false THEN p.next_record_id END AS exit_record_id,
           CASE WHEN p.next_is_entry = false THEN p.next_month END AS exit_month,
           CASE WHEN p.next_is_entry = false THEN p.next_ts END AS exit_ts,
           CASE WHEN p.next_is_entry = false THEN p.next_bcp END AS exit_bcp,
           CASE WHEN p.next_is_entry = false THEN p.next_day END AS exit_day,
           CASE WHEN p.next_is_entry = false THEN p.next_day - p.crossed_day + 1
                ELSE {as_of_day} - p.crossed_day + 1 END AS stay_days,
           CASE WHEN p.prev_is_entry = false THEN p.prev_day END AS prev_exit_day,
           g.rule_id,
           CASE WHEN g.exempt THEN NULL ELSE coalesce(p.authorised_stay_days, g.max_stay_days) END
               AS per_entry_days,
           CASE WHEN g.exempt THEN NULL ELSE g.rolling_limit_days END AS rolling_limit,
           CASE WHEN g.exempt THEN NULL ELSE g.rolling_window_days END AS rolling_window
    FROM ({seq_sql(as_of_day, with_person_keys)}) p
    LEFT JOIN rule_segments g
      ON p.is_entry
     AND g.nationality = p.nationality
     AND g.permit_key = coalesce(p.permit, '')
     AND g.purpose_key = coalesce(p.purpose, '')
     AND p.crossed_day >= g.from_day AND p.crossed_day < g.to_day
    """


# Under a rolling limit (L days in any W-day window), the first day D >= E on which the days
# counted in [D-W+1, D] pass L. Earlier stays' days in [E-W+1, E-1] (U0 of them) use part of
# the allowance; each of those days leaves the window W days later, and those days do not
# count against the R = L - U0 days left. So D is the R-th day after E that is not an earlier
# stay's day shifted by W: walking the shifted stays in order, the first one that starts after
# R free days decides; if none does, D = E + R + the shifted days. The last authorised day is
# D - 1 (when R <= 0, E - 1: no day was left at entry). Only stays whose previous exit falls in
# the window need this; for the others D = E + L.
ROLLING_PRIORS = """
    SELECT c.stay_no, c.entry_day, c.rolling_limit, c.rolling_window,
           CASE WHEN p.start_day > c.entry_day - c.rolling_window + 1
                THEN p.start_day ELSE c.entry_day - c.rolling_window + 1 END AS a,
           CASE WHEN p.exit_day < c.entry_day - 1 THEN p.exit_day ELSE c.entry_day - 1 END AS b
    FROM (
        SELECT stay_no, person_key, entry_day, rolling_limit, rolling_window FROM ruled
        WHERE kind = 'stay' AND rolling_limit IS NOT NULL AND prev_exit_day IS NOT NULL
          AND prev_exit_day >= entry_day - rolling_window + 1
    ) c
    JOIN (
        -- A stay that began on the day the one before it ended counts that day once.
        SELECT person_key, exit_day, entry_day,
               CASE WHEN prev_exit_day = entry_day THEN entry_day + 1 ELSE entry_day END
                   AS start_day
        FROM ruled WHERE kind = 'stay' AND exit_day IS NOT NULL
    ) p
      ON p.person_key = c.person_key
     AND p.exit_day >= c.entry_day - c.rolling_window + 1
     AND p.entry_day < c.entry_day
"""

ROLLING = """
    SELECT stay_no,
           CASE WHEN max_limit - used <= 0 THEN max_entry - 1
                ELSE coalesce(min(CASE WHEN free_before >= max_limit - used
                                       THEN max_entry + max_limit - used + shifted_before END),
                              max_entry + max_limit) - 1
           END AS rolling_end_day
    FROM (
        SELECT stay_no,
               max(entry_day) OVER whole AS max_entry,
               max(rolling_limit) OVER whole AS max_limit,
               sum(len) OVER whole AS used,
               a + rolling_window - entry_day - 1 - coalesce(sum(len) OVER before, 0)
                   AS free_before,
               coalesce(sum(len) OVER before, 0) AS shifted_before
        FROM (
            SELECT stay_no, entry_day, rolling_limit, rolling_window, a, b - a + 1 AS len
            FROM rolling_priors WHERE b >= a
        ) z
        WINDOW whole AS (PARTITION BY stay_no),
               before AS (PARTITION BY stay_no ORDER BY a
                          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
    ) q
    GROUP BY stay_no, max_entry, max_limit, used
"""


def flags(m: MovementSettings) -> str:
    return f"""
        CASE WHEN stay_days <= {m.local_max_days} AND exit_bcp = entry_bcp THEN 1 ELSE 0 END
            AS short_same,
        CASE WHEN stay_days BETWEEN {m.seasonal_min_days} AND {m.seasonal_max_days}
             THEN 1 ELSE 0 END AS seasonal_ok,
        CASE WHEN stay_days BETWEEN {m.circular_min_days} AND {m.circular_max_days}
             THEN 1 ELSE 0 END AS circular_ok"""


def subset(condition: str, minimum: int) -> str:
    """Stays meeting `condition`, of people with at least `minimum` of them."""
    return f"""
        SELECT stay_no, person_key, entry_day, stay_days FROM ruled
        WHERE kind = 'stay' AND {condition}
          AND person_key IN (SELECT person_key FROM ruled WHERE kind = 'stay' AND {condition}
                             GROUP BY person_key HAVING count(*) >= {minimum})"""


def around_sql(m: MovementSettings) -> list[tuple[str, str]]:
    """What a person's other stays say about each stay, one kind of stay at a time: short trips
    at one crossing point nearby; seasonal-length stays about a year apart; the most stays of
    circular length in a year-long window holding this one, with their range of lengths
    (packed into one number so that one `max` keeps them together)."""
    short = f"stay_days <= {m.local_max_days} AND exit_bcp = entry_bcp"
    seasonal = f"stay_days BETWEEN {m.seasonal_min_days} AND {m.seasonal_max_days}"
    circular = f"stay_days BETWEEN {m.circular_min_days} AND {m.circular_max_days}"
    return [
        (
            "around_local",
            f"""SELECT stay_no, count(*) OVER (PARTITION BY person_key ORDER BY entry_day
                    RANGE BETWEEN {m.local_window_days} PRECEDING
                              AND {m.local_window_days} FOLLOWING) AS local_trips
                FROM ({subset(short, m.local_min_trips)}) s""",
        ),
        (
            "around_seasonal",
            f"""SELECT stay_no,
                   max(entry_day) OVER (PARTITION BY person_key ORDER BY entry_day
                       RANGE BETWEEN {m.seasonal_gap_max_days} PRECEDING
                                 AND {m.seasonal_gap_min_days} PRECEDING) AS seasonal_before,
                   min(entry_day) OVER (PARTITION BY person_key ORDER BY entry_day
                       RANGE BETWEEN {m.seasonal_gap_min_days} FOLLOWING
                                 AND {m.seasonal_gap_max_days} FOLLOWING) AS seasonal_after
                FROM ({subset(seasonal, 2)}) s""",
        ),
        (
            "around_circular",
            f"""SELECT stay_no,
                   max(packed) OVER (PARTITION BY person_key ORDER BY entry_day
                       RANGE BETWEEN CURRENT ROW AND {m.circular_window_days - 1} FOLLOWING)
                       AS circular_best
                FROM (
                    SELECT stay_no, person_key, entry_day,
                           count(*) OVER back_year * 1000000
                           + min(stay_days) OVER back_year * 1000
                           + max(stay_days) OVER back_year AS packed
                    FROM ({subset(circular, min(m.circular_min_stays, 2))}) s
                    WINDOW back_year AS (PARTITION BY person_key ORDER BY entry_day
                        RANGE BETWEEN {m.circular_window_days - 1} PRECEDING AND CURRENT ROW)
                ) t""",
        ),
    ]


def stays_sql(m: MovementSettings, as_of_day: int, engine: Engine) -> str:
    end_per_entry = "entry_day + per_entry_days - 1"
    end_rolling = "coalesce(rolling_end_day, entry_day + rolling_limit - 1)"
    authorised_end = f"""CASE
        WHEN per_entry_days IS NULL AND rolling_limit IS NULL THEN NULL
        WHEN rolling_limit IS NULL THEN {end_per_entry}
        WHEN per_entry_days IS NULL THEN {end_rolling}
        WHEN {end_rolling} < {end_per_entry} THEN {end_rolling}
        ELSE {end_per_entry} END"""
    circular_count = "CAST(floor(circular_best / 1000000) AS INTEGER)"
    basis = f"""CASE
        WHEN stay_days <= {m.transit_max_days}
             AND (purpose = 'TRANSIT' OR (exit_bcp IS NOT NULL AND exit_bcp <> entry_bcp))
          THEN 'transit'
        WHEN permit = 'LOCAL_BORDER' THEN 'local_permit'
        WHEN short_same = 1 AND local_trips >= {m.local_min_trips} THEN 'local_trips'
        WHEN seasonal_ok = 1 AND (seasonal_before IS NOT NULL OR seasonal_after IS NOT NULL)
          THEN 'seasonal'
        WHEN circular_ok = 1 AND {circular_count} >= {m.circular_min_stays} THEN 'circular'
        ELSE 'regular' END"""
    joined = f"""
        SELECT r.*, w.rolling_end_day,
               coalesce(a.local_trips, r.short_same) AS local_trips,
               b.seasonal_before, b.seasonal_after,
               coalesce(c.circular_best, CASE WHEN r.circular_ok = 1
                        THEN 1000000 + r.stay_days * 1001 END) AS circular_best
        FROM (SELECT *, {flags(m)} FROM ruled WHERE kind = 'stay') r
        LEFT JOIN rolling w ON w.stay_no = r.stay_no
        LEFT JOIN around_local a ON a.stay_no = r.stay_no
        LEFT JOIN around_seasonal b ON b.stay_no = r.stay_no
        LEFT JOIN around_circular c ON c.stay_no = r.stay_no"""
    return f"""
    SELECT person_key, nationality, entry_record_id, {engine.timestamp("entry_ts")} AS entry_at,
           entry_bcp, exit_record_id, {engine.timestamp("exit_ts")} AS exit_at, exit_bcp,
           CAST(stay_days AS INTEGER) AS stay_days,
           CAST(CASE WHEN authorised_end_day IS NULL THEN NULL
                     WHEN authorised_end_day < entry_day THEN 0
                     ELSE authorised_end_day - entry_day + 1 END AS INTEGER)
               AS authorised_stay_days,
           CAST(CASE WHEN authorised_end_day IS NULL THEN 0
                     WHEN coalesce(exit_day, {as_of_day}) > authorised_end_day
                       THEN coalesce(exit_day, {as_of_day}) - authorised_end_day
                     ELSE 0 END AS INTEGER) AS overstay_days,
           exit_day IS NULL AS is_open,
           CASE basis WHEN 'transit' THEN 'TRANSIT' WHEN 'local_permit' THEN 'LOCAL'
                      WHEN 'local_trips' THEN 'LOCAL' WHEN 'seasonal' THEN 'SEASONAL'
                      WHEN 'circular' THEN 'CIRCULAR' ELSE 'REGULAR' END AS movement_type,
           CAST(entry_day AS INTEGER) AS entry_day,
           CAST(exit_day AS INTEGER) AS exit_day,
           CAST(authorised_end_day AS INTEGER) AS authorised_end_day,
           CAST(rule_id AS INTEGER) AS rule_id,
           purpose, permit, sex,
           entry_month, exit_month,
           basis AS movement_basis,
           CAST(CASE basis
                  WHEN 'local_trips' THEN local_trips
                  WHEN 'seasonal' THEN CASE WHEN seasonal_before IS NOT NULL
                                            THEN entry_day - seasonal_before
                                            ELSE seasonal_after - entry_day END
                  WHEN 'circular' THEN {circular_count}
                END AS INTEGER) AS basis_count,
           CAST(CASE WHEN basis = 'circular' THEN floor(circular_best / 1000) % 1000
                     WHEN basis IN ('seasonal', 'transit') THEN stay_days END AS INTEGER)
               AS basis_min_days,
           CAST(CASE WHEN basis = 'circular' THEN circular_best % 1000
                     WHEN basis IN ('seasonal', 'transit') THEN stay_days END AS INTEGER)
               AS basis_max_days
    FROM (
        SELECT *, {basis} AS basis
        FROM (SELECT *, {authorised_end} AS authorised_end_day FROM ({joined}) j) k
    ) s
    """
