"""Writes of border movements, and the reads of record-level data (audited).

- `loads`: `load_queue` (the web's upload, run in the task queue) and `load_files` (the command
  line); a file loaded before for the State is refused and nothing changes;
- `records`: stays and overstays of a State for its border analysts (every read audited), its
  indicators and their submission to the statistics exchange, outputs derived afresh with
  another engine (`recomputed`, the command line's exports);
- `rules`: stay rules, versioned by date and never edited in place, the shipped defaults, and
  movement-type settings; a change derives the State's outputs again in the task queue.
"""

from almaty.borders.services.loads import (
    QUEUE_DOWN,
    AlreadyLoaded,
    FilesLoaded,
    load_files,
    load_queue,
)
from almaty.borders.services.records import (
    NO_DATA,
    derived_paths,
    indicators_csv,
    indicators_submit,
    overstays,
    recomputed,
    record_read,
    stays_export,
)
from almaty.borders.services.rules import (
    movement_settings_update,
    stay_rule_create,
    stay_rule_end,
    stay_rule_replace,
    stay_rules_sync,
)

__all__ = [
    "NO_DATA",
    "QUEUE_DOWN",
    "AlreadyLoaded",
    "FilesLoaded",
    "derived_paths",
    "indicators_csv",
    "indicators_submit",
    "load_files",
    "load_queue",
    "movement_settings_update",
    "overstays",
    "recomputed",
    "record_read",
    "stay_rule_create",
    "stay_rule_end",
    "stay_rule_replace",
    "stay_rules_sync",
    "stays_export",
]
