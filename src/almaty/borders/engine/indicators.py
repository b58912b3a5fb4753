"""Monthly indicators of a State's crossings and stays, in the statistics exchange format
(specs/statistics-exchange.md): the only output that leaves the State by default.

- ENTRIES, EXITS: every crossing, citizens' included, by the neighbouring State of the border
  crossing point (`_X` at an airport), sex, age group and purpose; each breakdown given with
  the others at `_T`, so that every breakdown adds up to the total.
- STAYS_<TYPE>: foreign nationals' stays that ended in the month, by movement type, citizenship
  and sex.
- OVERSTAY_EXITS: departures after the authorised stay had ended, by month of departure.
- OVERSTAYERS_IN_COUNTRY: foreign nationals whose authorised stay had ended and who had not
  left, on the last day of each month (suspected, since a missed exit record looks the same).
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa

from almaty.borders.engine.dialects import Engine
from almaty.borders.engine.schema import MOVEMENT_TYPES, date_of, day_of
from almaty.stats.engine.columns import COLUMNS

DATAFLOW = "ALMATY:MIGR_BORDER(1.0)"
HEADER = COLUMNS  # the exchange's SDMX-CSV columns, in its order
UNITS = {"OVERSTAYERS_IN_COUNTRY": "PS"}
STAY_INDICATORS = tuple(f"STAYS_{t}" for t in MOVEMENT_TYPES)
INDICATORS = ("ENTRIES", "EXITS", *STAY_INDICATORS, "OVERSTAY_EXITS", "OVERSTAYERS_IN_COUNTRY")


def counterpart_table(counterparts: Mapping[str, str]) -> pa.Table:
    items = sorted((k.upper(), v.upper()) for k, v in counterparts.items() if v)
    return pa.table(
        {
            "bcp": pa.array([k for k, _ in items], type=pa.string()),
            "counterpart": pa.array([v for _, v in items], type=pa.string()),
        }
    )


def month_table(engine: Engine, as_of_day: int) -> pa.Table:
    """The months from the first stay to the as-of date whose last day has passed (a month's
    stock is counted on its last day), with that day."""
    first = engine.fetch("SELECT min(entry_day) FROM stays")[0][0]
    months: list[str] = []
    ends: list[int] = []
    if first is not None:
        day = date_of(int(first)).replace(day=1)
        while True:
            last = day.replace(day=calendar.monthrange(day.year, day.month)[1])
            if day_of(last) > as_of_day:
                break
            months.append(f"{day.year:04d}-{day.month:02d}")
            ends.append(day_of(last))
            day = last + dt.timedelta(days=1)
    return pa.table(
        {"month": pa.array(months, type=pa.string()), "end_day": pa.array(ends, type=pa.int64())}
    )


_SEX = "CASE WHEN sex IN ('M', 'F') THEN sex ELSE '_U' END"
_AGE = """CASE WHEN birth_year IS NULL THEN '_U'
               WHEN CAST(substr(crossed_month, 1, 4) AS INTEGER) - birth_year < 18 THEN 'Y_LT18'
               WHEN CAST(substr(crossed_month, 1, 4) AS INTEGER) - birth_year < 35 THEN 'Y18T34'
               WHEN CAST(substr(crossed_month, 1, 4) AS INTEGER) - birth_year < 65 THEN 'Y35T64'
               ELSE 'Y_GE65' END"""


def indicators_sql(as_of_day: int) -> str:
    """Rows (indicator, period, counterpart, sex, age, purpose, value) of every indicator. The
    crossings are counted once by every breakdown together, then summed by each breakdown."""
    crossings = f"""
        SELECT indicator, period, cp, sx, ag, pu, count(*) AS n FROM (
            SELECT CASE WHEN b.is_entry THEN 'ENTRIES' ELSE 'EXITS' END AS indicator,
                   b.crossed_month AS period,
                   coalesce(c.counterpart, '_X') AS cp,
                   {_SEX} AS sx, {_AGE} AS ag,
                   coalesce(b.purpose, 'OTHER') AS pu
            FROM batches b LEFT JOIN counterparts c ON c.bcp = b.bcp
            WHERE b.crossed_day <= {as_of_day}
        ) c0
        GROUP BY indicator, period, cp, sx, ag, pu"""
    stays = f"""
        SELECT 'STAYS_' || movement_type AS indicator, exit_month AS period,
               nationality AS cp, {_SEX} AS sx
        FROM stays WHERE exit_day IS NOT NULL
        UNION ALL
        SELECT 'OVERSTAY_EXITS', exit_month, nationality, {_SEX}
        FROM stays WHERE exit_day IS NOT NULL AND overstay_days > 0
        UNION ALL
        SELECT 'OVERSTAYERS_IN_COUNTRY', m.month, s.nationality,
               CASE WHEN s.sex IN ('M', 'F') THEN s.sex ELSE '_U' END
        FROM stays s JOIN months m
          ON s.entry_day <= m.end_day AND s.authorised_end_day < m.end_day
         AND (s.exit_day IS NULL OR s.exit_day > m.end_day)
        WHERE s.authorised_end_day IS NOT NULL"""
    return f"""
    SELECT indicator, period,
           coalesce(cp, '_T') AS counterpart, coalesce(sx, '_T') AS sex,
           coalesce(ag, '_T') AS age, coalesce(pu, '_T') AS purpose,
           CAST(sum(n) AS BIGINT) AS value
    FROM ({crossings}) x
    GROUP BY GROUPING SETS ((indicator, period), (indicator, period, cp),
                            (indicator, period, sx), (indicator, period, ag),
                            (indicator, period, pu))
    UNION ALL
    SELECT indicator, period, coalesce(cp, '_T'), coalesce(sx, '_T'), '_Z', '_Z',
           CAST(count(*) AS BIGINT)
    FROM ({stays}) y
    GROUP BY GROUPING SETS ((indicator, period), (indicator, period, cp),
                            (indicator, period, sx))
    """


def rows(engine: Engine, recording_state: str) -> list[dict[str, Any]]:
    """The indicator rows as SDMX-CSV records, in a stable order."""
    fetched = engine.fetch(
        """SELECT indicator, period, counterpart, sex, age, purpose, value FROM indicator_rows
           ORDER BY indicator, period, counterpart, sex, age, purpose"""
    )
    order = {code: i for i, code in enumerate(INDICATORS)}
    fetched.sort(key=lambda r: (order.get(str(r[0]), 99), *[str(v) for v in r[1:6]]))
    return [
        {
            "DATAFLOW": DATAFLOW,
            "REF_AREA": recording_state,
            "INDICATOR": indicator,
            "TIME_PERIOD": period,
            "COUNTERPART_AREA": counterpart,
            "SEX": sex,
            "AGE": age,
            "PURPOSE": purpose,
            "OBS_VALUE": int(value),
            "UNIT_MEASURE": UNITS.get(str(indicator), "EV"),
            "OBS_STATUS": "A",
            "COMMENT": "",
        }
        for indicator, period, counterpart, sex, age, purpose, value in fetched
    ]


def write_csv(engine: Engine, path: Path) -> int:
    """Write the indicators as SDMX-CSV; returns the number of rows."""
    state = engine.fetch("SELECT min(recording_state) FROM batches")[0][0] or ""
    records = rows(engine, str(state).upper())
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER, lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)
    return len(records)
