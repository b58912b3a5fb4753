"""The order in which States take the chair, and the date arithmetic of terms."""

from __future__ import annotations

import datetime as dt

import pytest

from almaty.process.engine.rotation import RotationRules, add_years, rotation_order
from tests.process.engine.facts import NAMES

D = dt.date


def rules(order_key: str, listed_order: tuple[str, ...] = ()) -> RotationRules:
    return RotationRules(D(2013, 6, 5), 2, order_key, listed_order)


@pytest.mark.parametrize("turkiye", ["Türkiye", "Turkey", "TURKIYE", "turkiye"])
def test_english_alphabetical_order_puts_turkiye_between_tajikistan_and_turkmenistan(turkiye):
    names = {**NAMES, "TUR": turkiye}

    assert rotation_order(names, rules("name_en")) == [
        "AFG",
        "AZE",
        "KAZ",
        "KGZ",
        "TJK",
        "TUR",
        "TKM",
    ]


def test_iso3_order_sorts_by_code():
    assert rotation_order(NAMES, rules("iso3")) == ["AFG", "AZE", "KAZ", "KGZ", "TJK", "TKM", "TUR"]


def test_listed_order_follows_the_list():
    listed = ("KAZ", "TUR", "AFG", "TJK", "KGZ", "AZE", "TKM")

    assert rotation_order(NAMES, rules("listed", listed)) == list(listed)


def test_listed_order_puts_states_missing_from_the_list_after_it_by_code():
    # The 2013 list did not name Turkmenistan, a member in later documents.
    listed = ("AFG", "AZE", "KAZ", "KGZ", "TJK", "TUR")
    names = {**NAMES, "IRN": "Iran"}

    assert rotation_order(names, rules("listed", listed))[-2:] == ["IRN", "TKM"]


def test_listed_order_ignores_listed_states_that_are_not_given():
    assert rotation_order({"KGZ": "Kyrgyzstan"}, rules("listed", ("KAZ", "KGZ"))) == ["KGZ"]


def test_states_with_the_same_rotation_name_are_ordered_by_code():
    names = {"ZZZ": "Georgia", "AAA": "Géorgia", "MMM": "georgia"}

    assert rotation_order(names, rules("name_en")) == ["AAA", "MMM", "ZZZ"]


def test_an_unknown_order_key_is_refused():
    with pytest.raises(ValueError, match="Unknown rotation order"):
        rotation_order(NAMES, rules("population"))


@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [
        (D(2025, 4, 24), 2, D(2027, 4, 24)),
        (D(2024, 2, 29), 1, D(2025, 2, 28)),
        (D(2024, 2, 29), 4, D(2028, 2, 29)),
        (D(2024, 2, 29), -1, D(2023, 2, 28)),
        (D(2023, 12, 31), 3, D(2026, 12, 31)),
        (D(2023, 3, 1), 0, D(2023, 3, 1)),
    ],
)
def test_add_years_keeps_the_day_and_moves_29_february_to_the_28th(day, years, expected):
    assert add_years(day, years) == expected
