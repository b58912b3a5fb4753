"""The small aggregates a load's page draws (summary.json): stays by movement type and month,
overstays by nationality, crossings by border crossing point, and the counts."""

from __future__ import annotations

from typing import Any

from almaty.borders.engine.dialects import Engine
from almaty.borders.engine.schema import date_of


def summarise(engine: Engine, as_of_day: int, counts: dict[str, Any]) -> dict[str, Any]:
    by_type = engine.fetch(
        """SELECT entry_month, movement_type, count(*) FROM stays
           GROUP BY entry_month, movement_type ORDER BY entry_month, movement_type"""
    )
    overstays = engine.fetch(
        """SELECT nationality,
                  sum(CASE WHEN is_open AND overstay_days > 0 THEN 1 ELSE 0 END),
                  sum(CASE WHEN NOT is_open AND overstay_days > 0 THEN 1 ELSE 0 END)
           FROM stays WHERE overstay_days > 0
           GROUP BY nationality ORDER BY nationality"""
    )
    by_bcp = engine.fetch(
        """SELECT bcp, sum(CASE WHEN is_entry THEN 1 ELSE 0 END),
                  sum(CASE WHEN is_entry THEN 0 ELSE 1 END)
           FROM batches GROUP BY bcp ORDER BY bcp"""
    )
    return {
        "as_of": date_of(as_of_day).isoformat(),
        "counts": counts,
        "stays_by_type_month": [{"month": m, "type": t, "stays": int(n)} for m, t, n in by_type],
        "overstays_by_nationality": sorted(
            (
                {"nationality": c, "in_country": int(i or 0), "out_of_country": int(o or 0)}
                for c, i, o in overstays
            ),
            key=lambda r: (-(r["in_country"] + r["out_of_country"]), r["nationality"]),
        ),
        "crossings_by_bcp": [
            {"bcp": b, "entries": int(e or 0), "exits": int(x or 0)} for b, e, x in by_bcp
        ],
        "quality": {
            "orphan_exits": counts.get("orphan_exits", 0),
            "impossible_sequences": counts.get("impossible_sequences", 0),
            "open_stays": counts.get("open_stays", 0),
        },
    }
