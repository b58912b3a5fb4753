"""How each recorded hand-over stands against the order in force that day."""

from __future__ import annotations

import dataclasses
import datetime as dt

from almaty.process.engine.rotation import HandOver, Pass, Term, explain_recorded
from tests.process.engine.facts import CHAIR_HISTORY, CHAIR_PASSES, NAMES, all_members, rules_2013

D = dt.date


def explain(
    recorded: list[Term] = CHAIR_HISTORY,
    passes: list[Pass] = CHAIR_PASSES,
    eligible_on=all_members,
) -> list[HandOver]:
    return explain_recorded(recorded, NAMES, eligible_on, rules_2013, passes)


def hand_over_to(hand_overs: list[HandOver], on: dt.date) -> HandOver:
    (found,) = [h for h in hand_overs if h.on == on]
    return found


def test_after_turkiye_both_passes_explain_azerbaijan():
    assert hand_over_to(explain(), D(2023, 1, 1)) == HandOver(
        after="TUR",
        to="AZE",
        on=D(2023, 1, 1),
        skipped_with_pass=("TKM", "AFG"),
        follows_order=True,
    )


def test_every_recorded_hand_over_follows_the_order():
    assert [(h.after, h.to, h.follows_order) for h in explain()] == [
        ("KAZ", "KGZ", True),
        ("KGZ", "TJK", True),
        ("TJK", "TUR", True),
        ("TUR", "AZE", True),
        ("AZE", "KAZ", True),
    ]


def test_hand_overs_to_the_next_state_name_no_pass():
    assert hand_over_to(explain(), D(2016, 9, 20)).skipped_with_pass == ()


def test_a_skip_without_a_pass_does_not_follow_the_order():
    hand_over = hand_over_to(explain(passes=[]), D(2023, 1, 1))

    assert (hand_over.skipped_with_pass, hand_over.follows_order) == ((), False)


def test_one_pass_does_not_explain_skipping_two_states():
    hand_over = hand_over_to(explain(passes=[Pass("TKM", D(2023, 1, 1))]), D(2023, 1, 1))

    assert (hand_over.skipped_with_pass, hand_over.follows_order) == (("TKM",), False)


def test_a_pass_for_another_turn_does_not_explain_a_skip():
    passes = [Pass("TKM", D(2021, 1, 1)), Pass("AFG", D(2023, 1, 1))]

    assert hand_over_to(explain(passes=passes), D(2023, 1, 1)).follows_order is False


def test_a_state_not_eligible_on_the_day_need_not_pass():
    without_tkm_and_afg = lambda day: set(NAMES) - {"TKM", "AFG"}  # noqa: E731

    hand_over = hand_over_to(explain(passes=[], eligible_on=without_tkm_and_afg), D(2023, 1, 1))

    assert hand_over.follows_order is True


def test_a_chair_that_was_not_eligible_does_not_follow_the_order():
    without_aze = lambda day: set(NAMES) - {"AZE"}  # noqa: E731

    assert hand_over_to(explain(eligible_on=without_aze), D(2023, 1, 1)).follows_order is False


def test_a_pass_dated_the_end_of_the_outgoing_term_explains_a_skip_across_a_gap():
    # The record has a gap: Türkiye's term ended 2022-12-01, Azerbaijan's began 2023-01-01.
    history = [*CHAIR_HISTORY]
    history[3] = dataclasses.replace(history[3], end=D(2022, 12, 1))
    passes = [Pass("TKM", D(2022, 12, 1)), Pass("AFG", D(2022, 12, 1))]

    assert hand_over_to(explain(history, passes), D(2023, 1, 1)).follows_order is True


def test_a_state_following_itself_must_be_the_only_one_left():
    history = [
        Term("KAZ", D(2013, 6, 5), D(2015, 6, 5), "recorded", "regular"),
        Term("KAZ", D(2015, 6, 5), D(2016, 9, 20), "recorded", "extended"),
    ]
    passes = [Pass(iso3, D(2015, 6, 5)) for iso3 in NAMES if iso3 != "KAZ"]

    assert [h.follows_order for h in (explain(history, []) + explain(history, passes))] == [
        False,
        True,
    ]


def test_a_record_of_one_term_has_no_hand_over():
    assert explain(CHAIR_HISTORY[:1]) == []
