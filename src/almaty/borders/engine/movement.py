"""The thresholds that decide a stay's movement type, a State's own settings (the engine's
defaults where it has none)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any


@dataclass(frozen=True)
class MovementSettings:
    """Thresholds of the movement types (days are stay days, entry and exit both counted)."""

    transit_max_days: int = 3
    local_max_days: int = 2
    local_min_trips: int = 4
    local_window_days: int = 30
    circular_min_days: int = 7
    circular_max_days: int = 90
    circular_min_stays: int = 3
    circular_window_days: int = 365
    seasonal_min_days: int = 60
    seasonal_max_days: int = 270
    seasonal_gap_min_days: int = 300
    seasonal_gap_max_days: int = 430

    def to_dict(self) -> dict[str, int]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> MovementSettings:
        names = {f.name for f in fields(cls)}
        return cls(**{k: int(v) for k, v in (data or {}).items() if k in names})

    def problems(self) -> list[str]:
        """Names of settings that are out of range or contradict another one."""
        bad = [name for name, value in self.to_dict().items() if not 0 < value <= 3650]
        for low, high in (
            ("circular_min_days", "circular_max_days"),
            ("seasonal_min_days", "seasonal_max_days"),
            ("seasonal_gap_min_days", "seasonal_gap_max_days"),
        ):
            if getattr(self, low) > getattr(self, high):
                bad.append(high)
        return bad
