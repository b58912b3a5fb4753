"""Projecting the chairmanship from the Almaty Process's record."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from almaty.process.engine.rotation import Pass, RotationRules, Term, project
from tests.process.engine.facts import (
    CHAIR_HISTORY,
    CHAIR_PASSES,
    NAMES,
    ROTATION_2013,
    all_members,
    rules_2013,
)

D = dt.date


def projected(terms: list[Term]) -> list[tuple[str, dt.date, dt.date | None]]:
    return [(t.state, t.start, t.end) for t in terms if t.basis == "projected"]


def run(**overrides) -> list[Term]:
    arguments = {
        "recorded": CHAIR_HISTORY,
        "names": NAMES,
        "eligible_on": all_members,
        "rules_on": rules_2013,
        "passes": CHAIR_PASSES,
        "until": D(2036, 1, 1),
    }
    return project(**{**arguments, **overrides})


def members_except(iso3: str, from_day: dt.date):
    return lambda day: set(NAMES) - {iso3} if day >= from_day else set(NAMES)


def test_the_real_history_projects_the_next_five_chairs_after_kazakhstan():
    assert projected(run()) == [
        ("KGZ", D(2027, 4, 24), D(2029, 4, 24)),
        ("TJK", D(2029, 4, 24), D(2031, 4, 24)),
        ("TUR", D(2031, 4, 24), D(2033, 4, 24)),
        ("TKM", D(2033, 4, 24), D(2035, 4, 24)),
        ("AFG", D(2035, 4, 24), D(2037, 4, 24)),
    ]


def test_projected_terms_are_regular():
    assert {(t.basis, t.kind) for t in run()[len(CHAIR_HISTORY) :]} == {("projected", "regular")}


def test_the_record_comes_first_sorted_and_unchanged_with_the_current_term_still_open():
    assert run(recorded=list(reversed(CHAIR_HISTORY)))[: len(CHAIR_HISTORY)] == CHAIR_HISTORY


def test_the_horizon_is_exclusive():
    assert projected(run(until=D(2035, 4, 24)))[-1][0] == "TKM"


def test_nothing_is_projected_before_the_current_term_is_due_to_end():
    assert projected(run(until=D(2027, 4, 24))) == []


def test_a_closed_last_term_is_followed_from_its_end():
    history = [*CHAIR_HISTORY[:-1], dataclasses.replace(CHAIR_HISTORY[-1], end=D(2026, 6, 1))]

    assert projected(run(recorded=history, until=D(2028, 1, 1))) == [
        ("KGZ", D(2026, 6, 1), D(2028, 6, 1))
    ]


def test_nothing_is_projected_without_a_record():
    assert run(recorded=[]) == []


def test_a_state_that_passes_its_projected_turn_is_skipped_for_that_turn_only():
    passes = [*CHAIR_PASSES, Pass("KGZ", D(2027, 4, 24))]

    assert [state for state, _, _ in projected(run(passes=passes))] == [
        "TJK",
        "TUR",
        "TKM",
        "AFG",
        "AZE",
    ]


def test_a_pass_dated_another_day_does_not_skip_the_state():
    passes = [Pass("KGZ", D(2027, 4, 25))]

    assert projected(run(passes=passes))[0][0] == "KGZ"


def test_a_state_no_longer_eligible_is_skipped():
    terms = run(eligible_on=members_except("TUR", D(2030, 1, 1)))

    assert [state for state, _, _ in projected(terms)] == ["KGZ", "TJK", "TKM", "AFG", "AZE"]


def test_when_the_chair_leaves_the_turn_moves_on_from_its_place_in_the_order():
    # Kazakhstan, the current Chair, is no longer eligible when its term ends.
    terms = run(eligible_on=members_except("KAZ", D(2026, 1, 1)))

    assert projected(terms)[0][0] == "KGZ"


def test_the_order_wraps_around_from_the_last_state_to_the_first():
    history = [Term("TKM", D(2033, 4, 24), None, "recorded", "regular")]

    assert projected(run(recorded=history, until=D(2036, 1, 1)))[0][0] == "AFG"


def test_a_leaving_chair_at_the_end_of_the_order_hands_over_to_the_first():
    history = [Term("TKM", D(2033, 4, 24), None, "recorded", "regular")]
    terms = run(recorded=history, eligible_on=members_except("TKM", D(2034, 1, 1)))

    assert projected(terms)[0][0] == "AFG"


def test_a_single_eligible_state_follows_itself():
    terms = run(eligible_on=lambda day: {"KAZ"}, until=D(2030, 1, 1))

    assert projected(terms) == [
        ("KAZ", D(2027, 4, 24), D(2029, 4, 24)),
        ("KAZ", D(2029, 4, 24), D(2031, 4, 24)),
    ]


def test_the_projection_stops_when_no_state_is_left_for_a_turn():
    passes = [Pass(iso3, D(2029, 4, 24)) for iso3 in NAMES]

    assert projected(run(passes=passes)) == [("KGZ", D(2027, 4, 24), D(2029, 4, 24))]


def test_new_rules_apply_to_terms_starting_on_or_after_their_effective_date():
    three_years = RotationRules(D(2030, 1, 1), 3, "name_en")

    terms = run(rules_on=lambda day: three_years if day >= D(2030, 1, 1) else ROTATION_2013)

    assert projected(terms) == [
        ("KGZ", D(2027, 4, 24), D(2029, 4, 24)),
        ("TJK", D(2029, 4, 24), D(2031, 4, 24)),
        ("TUR", D(2031, 4, 24), D(2034, 4, 24)),
        ("TKM", D(2034, 4, 24), D(2037, 4, 24)),
    ]


def test_the_open_term_ends_after_the_years_in_force_on_its_first_day():
    three_years = RotationRules(D(2026, 1, 1), 3, "name_en")

    terms = run(rules_on=lambda day: three_years if day >= D(2026, 1, 1) else ROTATION_2013)

    assert projected(terms)[0] == ("KGZ", D(2027, 4, 24), D(2030, 4, 24))


def test_a_new_order_applies_from_its_effective_date():
    by_code = RotationRules(D(2030, 1, 1), 2, "iso3")

    terms = run(rules_on=lambda day: by_code if day >= D(2030, 1, 1) else ROTATION_2013)

    # By code TKM comes before TUR: after TJK (2029) the 2031 turn goes to TKM.
    assert [state for state, _, _ in projected(terms)] == ["KGZ", "TJK", "TKM", "TUR", "AFG"]


def test_a_term_starting_on_29_february_ends_on_28_february():
    history = [Term("KAZ", D(2026, 2, 28), D(2028, 2, 29), "recorded", "regular")]

    assert projected(run(recorded=history, until=D(2029, 1, 1))) == [
        ("KGZ", D(2028, 2, 29), D(2030, 2, 28))
    ]


@pytest.mark.parametrize("term_years", [0, -2])
def test_rules_with_a_term_shorter_than_a_year_are_refused(term_years):
    bad = RotationRules(D(2013, 6, 5), term_years, "name_en")

    with pytest.raises(ValueError, match="at least one year"):
        run(rules_on=lambda day: bad)


def test_a_chair_without_a_rotation_name_is_refused_under_the_name_order():
    history = [Term("XXX", D(2025, 4, 24), None, "recorded", "regular")]

    with pytest.raises(ValueError, match="No English rotation name for 'XXX'"):
        run(recorded=history)
