"""The border-movement pages: the user's States and loads with the upload form, a load's
progress and quality report, a State's results with charts, overstays and stays (with CSV),
stay rules and movement-type settings, and the submission of a State's indicators."""

from almaty.borders.views.loads import index, load_page, state_page, submit_indicators
from almaty.borders.views.records import overstays, overstays_csv, stays, stays_csv
from almaty.borders.views.rules import movement, rule_edit, rule_new, rules

__all__ = [
    "index",
    "load_page",
    "movement",
    "overstays",
    "overstays_csv",
    "rule_edit",
    "rule_new",
    "rules",
    "state_page",
    "stays",
    "stays_csv",
    "submit_indicators",
]
