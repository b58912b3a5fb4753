"""Loads, stay rules and their texts: what the database refuses and what readers are told."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError

from almaty.borders.choices import LoadStatus
from almaty.borders.messages import explain_file_error, explain_movement, explain_reason
from tests.factories.borders import CrossingLoadFactory, StayRuleFactory


def test_a_file_is_stored_once_per_state(reference):
    load = CrossingLoadFactory()

    with pytest.raises(IntegrityError):
        CrossingLoadFactory(sha256=load.sha256)


@pytest.mark.parametrize("status", [LoadStatus.REFUSED, LoadStatus.FAILED])
def test_a_refused_or_failed_file_may_come_again(reference, status):
    first = CrossingLoadFactory(status=status)

    again = CrossingLoadFactory(sha256=first.sha256)

    assert again.pk != first.pk


def test_the_same_file_may_be_loaded_by_two_states(reference):
    from almaty.process.models import State

    load = CrossingLoadFactory()

    CrossingLoadFactory(sha256=load.sha256, state=State.objects.get(iso3="KGZ"))


@pytest.mark.parametrize(
    "fields",
    [
        {"nationality": "UZB", "nationality_group": "EAEU"},
        {"valid_to": dt.date(2014, 12, 31)},
        {"rolling_limit_days": 90},
        {"rolling_limit_days": 200, "rolling_window_days": 180},
    ],
)
def test_the_database_refuses_a_rule_that_makes_no_sense(reference, fields):
    with pytest.raises(IntegrityError):
        StayRuleFactory(**fields)


@pytest.mark.parametrize(
    ("fields", "scope"),
    [({}, "*/*/*"), ({"nationality_group": "EAEU", "purpose": "WORK"}, "EAEU/*/WORK"),
     ({"nationality": "UZB", "permit": "VISA"}, "UZB/VISA/*")],
)  # fmt: skip
def test_a_rules_scope_names_its_codes(reference, fields, scope):
    assert StayRuleFactory(**fields).scope == scope


def test_a_rule_is_in_force_from_its_first_to_its_last_day(reference):
    rule = StayRuleFactory(valid_from=dt.date(2024, 1, 1), valid_to=dt.date(2024, 12, 31))

    assert [rule.is_in_force_on(dt.date(*d)) for d in ((2023, 12, 31), (2024, 1, 1),
            (2024, 12, 31), (2025, 1, 1))] == [False, True, True, False]  # fmt: skip


@pytest.mark.parametrize(
    ("basis", "count", "low", "high", "days", "text"),
    [
        ("circular", 3, 40, 60, 45, "3 stays of 40–60 days in 12 months: circular."),
        ("transit", None, 2, 2, 2, "A stay of 2 days, passing through or leaving by another "
         "crossing point: transit."),
        ("transit", None, 1, 1, 1, "A stay of 1 day, passing through or leaving by another "
         "crossing point: transit."),
        ("local_permit", None, None, None, 1, "Entered with a local border traffic permit: local."),
        ("local_trips", 5, None, None, 1, "5 short trips through the same crossing point within "
         "a month either side: local."),
        ("seasonal", 365, 120, 120, 120, "A stay of 120 days, and another long stay 365 days "
         "apart, about a year: seasonal."),
        ("regular", None, None, None, 20, "None of the patterns of transit, local, seasonal or "
         "circular movement: regular."),
    ],
)  # fmt: skip
def test_each_movement_type_is_explained_with_its_figures(basis, count, low, high, days, text):
    assert explain_movement(basis, count, low, high, days) == text


def test_rejected_rows_and_refused_files_are_explained():
    assert explain_reason("bad_direction") == "the direction is neither ENTRY nor EXIT"
    assert explain_reason("something_new") == "something_new"
    assert explain_file_error("empty", {"file": "a.csv"}) == (
        "The file a.csv holds no crossing records."
    )
    assert explain_file_error("strange", {"file": "a.csv"}) == (
        "The file a.csv cannot be loaded (strange)."
    )
