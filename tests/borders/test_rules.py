"""Stay rules: the region's defaults, versions by date, who may change them, and the rows the
engine applies."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from almaty.borders import rules, services, storage
from almaty.borders.engine.schema import day_of
from almaty.borders.models import StayRule
from almaty.core.errors import InvalidInput, PermissionDenied
from almaty.core.models import AuditEntry
from tests.factories.borders import StayRuleFactory, csv_bytes, stay, tourists

RECORDING_STATES = ["AFG", "AZE", "IRN", "KAZ", "KGZ", "PAK", "TJK", "TKM", "TUR"]
DEFAULTS = rules.default_rules()


def test_every_recording_state_of_the_region_has_default_rules_with_their_sources():
    assert sorted({d.state for d in DEFAULTS}) == RECORDING_STATES
    assert all(len(d.fields["source"]) > 40 for d in DEFAULTS)


@pytest.mark.parametrize("iso3", RECORDING_STATES)
def test_own_citizens_local_border_traffic_and_residents_are_exempt_everywhere(iso3):
    exempt = {
        (d.fields["nationality"], d.fields["permit"])
        for d in DEFAULTS
        if d.state == iso3 and d.fields["exempt"]
    }

    assert exempt == {(iso3, ""), ("", "LOCAL_BORDER"), ("", "RESIDENCE_PERMIT")}


def test_kazakhstan_gives_uzbek_citizens_30_days_per_entry_and_90_in_any_180():
    (uzbek,) = [d for d in DEFAULTS if d.state == "KAZ" and d.fields["nationality"] == "UZB"]

    assert (
        uzbek.fields["max_stay_days"],
        uzbek.fields["rolling_limit_days"],
        uzbek.fields["rolling_window_days"],
    ) == (30, 90, 180)


def test_groups_are_the_eaeu_and_the_cis():
    assert rules.groups()["EAEU"] == ("ARM", "BLR", "KAZ", "KGZ", "RUS")
    assert set(rules.groups()["CIS"]) > set(rules.groups()["EAEU"])


def test_sync_loads_the_defaults_once(reference):
    created = services.stay_rules_sync()

    assert created == len(DEFAULTS)
    assert services.stay_rules_sync() == 0
    assert StayRule.objects.count() == len(DEFAULTS)
    assert AuditEntry.objects.filter(message_key="borders.rules_loaded").count() == 1


def test_sync_leaves_a_replaced_default_alone(reference, support):
    services.stay_rules_sync(states=["KAZ"])
    uzbek = StayRule.objects.get(state__iso3="KAZ", nationality="UZB")
    services.stay_rule_replace(user=support, rule=uzbek, valid_from=dt.date(2025, 1, 1),
                               max_stay_days=15)  # fmt: skip
    count = StayRule.objects.count()

    assert services.stay_rules_sync(states=["KAZ"]) == 0
    assert StayRule.objects.count() == count


def test_a_new_version_ends_the_old_rule_the_day_before_it_starts(reference, analyst):
    old = StayRuleFactory(nationality="UZB", rolling_limit_days=90, rolling_window_days=180)

    new = services.stay_rule_replace(
        user=analyst, rule=old, valid_from=dt.date(2025, 3, 1), max_stay_days=60,
        source="Amended agreement of 2025.",
    )  # fmt: skip
    old.refresh_from_db()

    assert old.valid_to == dt.date(2025, 2, 28)
    assert (old.max_stay_days, old.source) == (30, "A test rule.")
    assert (new.valid_from, new.valid_to, new.replaces) == (dt.date(2025, 3, 1), None, old)
    assert (new.nationality, new.max_stay_days, new.rolling_limit_days) == ("UZB", 60, 90)
    assert new.created_by == analyst
    entry = AuditEntry.objects.get(message_key="borders.rule_replaced")
    assert entry.params == {
        "id": old.pk, "state": "KAZ", "scope": "UZB/*/*", "valid_from": "2025-03-01",
        "new_id": new.pk,
    }  # fmt: skip


def test_a_rule_is_replaced_once(reference, analyst):
    old = StayRuleFactory()
    newer = services.stay_rule_replace(user=analyst, rule=old, valid_from=dt.date(2025, 1, 1))

    with pytest.raises(InvalidInput, match=f"already replaced by rule {newer.pk}"):
        services.stay_rule_replace(user=analyst, rule=old, valid_from=dt.date(2026, 1, 1))


def test_a_new_version_starts_after_the_rule_it_replaces(reference, analyst):
    old = StayRuleFactory(valid_from=dt.date(2024, 1, 1))

    with pytest.raises(InvalidInput, match="must start after"):
        services.stay_rule_replace(user=analyst, rule=old, valid_from=dt.date(2024, 1, 1))

    old.refresh_from_db()
    assert old.valid_to is None
    assert StayRule.objects.count() == 1


def test_a_rule_ends_without_a_new_version(reference, coordinator):
    rule = StayRuleFactory()

    services.stay_rule_end(user=coordinator, rule=rule, valid_to=dt.date(2024, 12, 31))
    rule.refresh_from_db()

    assert rule.valid_to == dt.date(2024, 12, 31)
    assert AuditEntry.objects.filter(message_key="borders.rule_ended").count() == 1


@pytest.mark.parametrize(
    ("role", "state"),
    [("support_unit", None), ("border_analyst", "KAZ"), ("national_coordinator", "KAZ")],
)
def test_who_may_change_a_states_rules(reference, user_with_role, role, state):
    user = user_with_role(role, state)

    rule = services.stay_rule_create(
        user=user, state="KAZ", valid_from=dt.date(2025, 1, 1), nationality="TJK",
        max_stay_days=30, source="Agreement with Tajikistan.",
    )  # fmt: skip

    assert rule.created_by == user
    assert AuditEntry.objects.filter(message_key="borders.rule_created").count() == 1


@pytest.mark.parametrize(
    ("role", "state"),
    [("border_analyst", "KGZ"), ("national_coordinator", "KGZ"), ("statistician", "KAZ"),
     ("chair", None)],
)  # fmt: skip
def test_who_may_not_change_a_states_rules(reference, user_with_role, role, state):
    user = user_with_role(role, state)
    rule = StayRuleFactory()

    with pytest.raises(PermissionDenied):
        services.stay_rule_create(user=user, state="KAZ", valid_from=dt.date(2025, 1, 1),
                                  source="x")  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.stay_rule_replace(user=user, rule=rule, valid_from=dt.date(2025, 1, 1))
    with pytest.raises(PermissionDenied):
        services.stay_rule_end(user=user, rule=rule, valid_to=dt.date(2025, 1, 1))

    assert StayRule.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"nationality": "XYZ"}, "'XYZ' is not a nationality"),
        ({"nationality": "UZB", "nationality_group": "EAEU"}, "one nationality or one group"),
        ({"nationality_group": "ASEAN"}, "Unknown nationality group 'ASEAN'"),
        ({"permit": "GOLDEN"}, "Unknown permit 'GOLDEN'"),
        ({"max_stay_days": 0}, "from 1 to 36600, not '0'"),
        ({"max_stay_days": "ten"}, "“longest stay per entry (days)” must be a whole number"),
        ({"rolling_limit_days": 90}, "needs both the days allowed and the window"),
        ({"rolling_limit_days": 200, "rolling_window_days": 180}, "cannot exceed the window"),
        ({"exempt": True, "max_stay_days": 30}, "cannot also set a limit"),
        ({"source": " "}, "Name the source of the rule"),
    ],
)
def test_a_rule_that_makes_no_sense_is_refused(reference, support, fields, message):
    values = {"source": "An agreement.", **fields}

    with pytest.raises(InvalidInput, match=re.escape(message)):
        services.stay_rule_create(user=support, state="KAZ", valid_from=dt.date(2025, 1, 1),
                                  **values)  # fmt: skip

    assert StayRule.objects.count() == 0


def test_a_rule_cannot_end_before_it_starts(reference, support):
    with pytest.raises(InvalidInput, match="cannot end"):
        services.stay_rule_create(
            user=support, state="KAZ", valid_from=dt.date(2025, 1, 1),
            valid_to=dt.date(2024, 1, 1), source="An agreement.",
        )  # fmt: skip


def test_the_engine_gets_one_row_per_member_of_a_group(reference):
    rule = StayRuleFactory(nationality_group="EAEU", max_stay_days=90,
                           valid_to=dt.date(2024, 12, 31))  # fmt: skip

    rows = rules.rules_for_engine("KAZ")

    assert [r["nationality"] for r in rows] == ["ARM", "BLR", "KAZ", "KGZ", "RUS"]
    assert {r["rule_id"] for r in rows} == {rule.pk}
    assert rows[0]["valid_from_day"] == day_of(dt.date(2015, 1, 1))
    assert rows[0]["valid_to_day"] == day_of(dt.date(2025, 1, 1))  # the engine's end is exclusive


def test_an_exemption_by_permit_outranks_a_nationalitys_own_rule(reference):
    StayRuleFactory(nationality="UZB")
    exemption = StayRuleFactory(permit="LOCAL_BORDER", max_stay_days=None, exempt=True)

    rows = [r for r in rules.rules_for_engine("KAZ") if r["rule_id"] == exemption.pk]

    assert [(r["nationality"], r["permit"]) for r in rows] == [
        (None, "LOCAL_BORDER"),
        ("UZB", "LOCAL_BORDER"),
    ]


def test_rules_of_other_states_are_not_given_to_the_engine(reference):
    StayRuleFactory(state=_state("KGZ"))

    assert rules.rules_for_engine("KAZ") == []


def _state(iso3):
    from almaty.process.models import State

    return State.objects.get(iso3=iso3)


@pytest.mark.usefixtures("data_dir")
def test_a_uzbek_resident_of_the_border_zone_does_not_overstay(
    analyst, django_capture_on_commit_callbacks
):
    services.stay_rules_sync(states=["KAZ"])
    rows = [
        *stay("L", "2024-01-02", "2024-02-20", permit="LOCAL_BORDER", bcp="KAZ-ZHIBEK-ZHOLY"),
        *tourists(12),
    ]

    with django_capture_on_commit_callbacks(execute=True):
        load = services.load_queue(user=analyst, state="KAZ", data=csv_bytes(rows),
                                   filename="zone.csv")  # fmt: skip
    load.refresh_from_db()

    assert load.derive["stays"] == 13
    assert load.derive["overstays_out_of_country"] == 0


@pytest.mark.usefixtures("data_dir")
def test_a_changed_rule_applies_to_the_stored_records_at_once(
    loaded, analyst, django_capture_on_commit_callbacks
):
    uzbek = StayRule.objects.get(state__iso3="KAZ", nationality="UZB")

    with django_capture_on_commit_callbacks(execute=True):
        services.stay_rule_replace(user=analyst, rule=uzbek, valid_from=dt.date(2024, 1, 1),
                                   max_stay_days=90, source="A new agreement.")  # fmt: skip
    stays, _indicators, _summary = storage.derived_paths("KAZ")

    import polars as pl

    late = pl.read_parquet(stays).filter(pl.col("overstay_days") > 0)
    assert late.height == 0
