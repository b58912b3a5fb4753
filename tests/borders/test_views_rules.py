"""Stay rules and movement-type settings on the web: anyone holding a role reads them; the
Support Unit and the State's border analysts and National Coordinator change them (a new
version of a rule from a date; the settings of the State), others are refused; a bad form
says what is wrong and changes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from almaty.borders import selectors, services
from almaty.borders.models import MovementSettingsRecord, StayRule
from tests.factories.borders import StayRuleFactory

RULES = "/en/borders/rules/"


@pytest.fixture
def kaz_rules(reference: Any) -> list[StayRule]:
    """Kazakhstan's default stay rules."""
    services.stay_rules_sync(states=["KAZ"])
    return list(StayRule.objects.filter(state__iso3="KAZ"))


@pytest.fixture
def thirty_days(reference: Any) -> StayRule:
    return StayRuleFactory(source="Rules of entry and stay of immigrants, 2015.")


def _page(client: Any, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.content.decode()[:3000]
    return response.content.decode()


def _rule_form(**changes: Any) -> dict[str, Any]:
    data = {
        "nationality": "",
        "nationality_group": "",
        "permit": "",
        "purpose": "",
        "max_stay_days": "30",
        "rolling_limit_days": "",
        "rolling_window_days": "",
        "valid_from": "2030-01-01",
        "source": "Decree No. 1, 2029.",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


# --- reading -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "state"),
    [
        ("border_analyst", "KAZ"),
        ("national_coordinator", "KGZ"),
        ("support_unit", None),
        ("technical_officer", "TJK"),
    ],
)
def test_anyone_with_a_role_reads_the_rules(
    client: Any,
    user_with_role: Callable[..., Any],
    kaz_rules: list[StayRule],
    role: str,
    state: str | None,
) -> None:
    client.force_login(user_with_role(role, state))
    html = _page(client, f"{RULES}?state=KAZ")
    assert "Stay rules: Kazakhstan" in html
    assert "up to 30 days per entry; 90 days in any 180" in html
    assert "Rules of entry and stay of immigrants in the Republic of Kazakhstan" in html
    assert "Eurasian Economic Union" in html


def test_readers_without_a_role_are_refused(client: Any, reference: Any) -> None:
    from tests.factories.accounts import UserFactory

    client.force_login(UserFactory())
    response = client.get(RULES)
    assert response.status_code == 403
    assert "Stay rules are for people holding a role in the Process." in response.content.decode()


def test_the_rules_open_on_the_analysts_own_state(
    client: Any, analyst: Any, kaz_rules: list[StayRule]
) -> None:
    client.force_login(analyst)
    assert "Stay rules: Kazakhstan" in _page(client, RULES)


@pytest.mark.parametrize(
    ("role", "state", "can_edit"),
    [
        ("border_analyst", "KAZ", True),
        ("national_coordinator", "KAZ", True),
        ("support_unit", None, True),
        ("border_analyst", "KGZ", False),
        ("statistician", "KAZ", False),
    ],
)
def test_only_editors_are_offered_a_new_version(
    client: Any,
    user_with_role: Callable[..., Any],
    thirty_days: StayRule,
    role: str,
    state: str | None,
    can_edit: bool,
) -> None:
    client.force_login(user_with_role(role, state))
    html = _page(client, f"{RULES}?state=KAZ")
    assert (f"/en/borders/rules/{thirty_days.pk}/edit/" in html) is can_edit
    assert ("/en/borders/rules/new/?state=KAZ" in html) is can_edit


# --- a new version of a rule --------------------------------------------------------------


def test_a_new_version_ends_the_old_one_the_day_before(
    client: Any, analyst: Any, thirty_days: StayRule
) -> None:
    client.force_login(analyst)
    form = _page(client, f"/en/borders/rules/{thirty_days.pk}/edit/")
    assert 'value="30"' in form
    response = client.post(
        f"/en/borders/rules/{thirty_days.pk}/edit/",
        _rule_form(max_stay_days="45", valid_from="2025-01-01", source="Decree No. 7, 2024."),
        follow=True,
    )
    html = response.content.decode()
    assert "The new version of the rule applies to entries from 2025-01-01." in html
    thirty_days.refresh_from_db()
    assert thirty_days.valid_to == dt.date(2024, 12, 31)
    new = StayRule.objects.get(replaces=thirty_days)
    assert (new.max_stay_days, new.valid_from, new.source) == (
        45,
        dt.date(2025, 1, 1),
        "Decree No. 7, 2024.",
    )
    current = html[html.index('id="rules-current"') : html.index('id="rules-past"')]
    assert "up to 45 days per entry" in current
    assert "from 2025-01-01" in current
    past = html[html.index('id="rules-past"') :]
    assert "up to 30 days per entry" in past
    assert "2015-01-01 to 2024-12-31" in past


def test_a_version_to_come_is_listed_beside_the_one_in_force(
    client: Any, analyst: Any, thirty_days: StayRule
) -> None:
    client.force_login(analyst)
    client.post(f"/en/borders/rules/{thirty_days.pk}/edit/", _rule_form(max_stay_days="45"))
    html = _page(client, f"{RULES}?state=KAZ")
    assert "2015-01-01 to 2029-12-31" in html
    assert "from 2030-01-01" in html
    assert 'id="rules-past"' not in html


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"valid_from": "2014-12-31"}, "The new version must start after the rule it replaces"),
        ({"valid_from": "1 Jan 2030"}, "Enter a valid date."),
        ({"source": ""}, "This field is required."),
        ({"nationality": "U1", "max_stay_days": "30"}, "is not an ISO 3166 alpha-3 code"),
        ({"nationality": "UZB", "nationality_group": "EAEU"}, "Give a nationality or a group"),
        ({"rolling_limit_days": "90"}, "A rolling limit needs both its days allowed and its"),
        (
            {"rolling_limit_days": "200", "rolling_window_days": "180"},
            "The days allowed cannot exceed the window.",
        ),
        ({"max_stay_days": ""}, "Give a longest stay, a rolling limit, or mark the rule exempt."),
        ({"max_stay_days": "-3"}, "Ensure this value is greater than or equal to 1."),
    ],
)
def test_a_bad_version_is_explained_and_changes_nothing(
    client: Any, analyst: Any, thirty_days: StayRule, changes: dict[str, Any], message: str
) -> None:
    client.force_login(analyst)
    response = client.post(f"/en/borders/rules/{thirty_days.pk}/edit/", _rule_form(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert StayRule.objects.count() == 1
    thirty_days.refresh_from_db()
    assert thirty_days.valid_to is None


@pytest.mark.parametrize(("role", "state"), [("border_analyst", "KGZ"), ("statistician", "KAZ")])
def test_others_may_not_change_a_rule(
    client: Any,
    user_with_role: Callable[..., Any],
    thirty_days: StayRule,
    role: str,
    state: str,
) -> None:
    client.force_login(user_with_role(role, state))
    for response in (
        client.get(f"/en/borders/rules/{thirty_days.pk}/edit/"),
        client.post(f"/en/borders/rules/{thirty_days.pk}/edit/", _rule_form()),
    ):
        assert response.status_code == 403
        assert "may change its stay rules" in response.content.decode()
    assert StayRule.objects.count() == 1


def test_an_unknown_rule_is_not_found(client: Any, support: Any) -> None:
    client.force_login(support)
    response = client.get("/en/borders/rules/999999/edit/")
    assert response.status_code == 404
    assert "No stay rule 999999." in response.content.decode()


def test_the_support_unit_adds_a_rule(client: Any, support: Any, thirty_days: StayRule) -> None:
    client.force_login(support)
    assert "New stay rule" in _page(client, "/en/borders/rules/new/?state=KAZ")
    response = client.post(
        "/en/borders/rules/new/",
        _rule_form(state="KAZ", nationality="TJK", max_stay_days="15", valid_from="2024-06-01"),
    )
    assert response.status_code == 302
    added = StayRule.objects.get(nationality="TJK")
    assert (added.state.iso3, added.max_stay_days, added.created_by) == ("KAZ", 15, support)


def test_a_rule_for_an_unknown_state_is_not_found(client: Any, support: Any) -> None:
    client.force_login(support)
    response = client.get("/en/borders/rules/new/?state=XYZ")
    assert response.status_code == 404
    assert "Unknown State code &#x27;XYZ&#x27;." in response.content.decode()


# --- movement-type settings ---------------------------------------------------------------


def _settings_form(**changes: Any) -> dict[str, Any]:
    data = {k: str(v) for k, v in selectors.movement_settings("KAZ").to_dict().items()}
    data.update({k: str(v) for k, v in changes.items()})
    return data


def test_the_settings_show_the_defaults(client: Any, analyst: Any) -> None:
    client.force_login(analyst)
    html = _page(client, "/en/borders/KAZ/movement/")
    assert "Movement types: Kazakhstan" in html
    assert 'name="transit_max_days" value="3"' in html
    assert "Save the settings" in html


def test_an_editor_changes_the_settings(client: Any, coordinator: Any) -> None:
    client.force_login(coordinator)
    response = client.post(
        "/en/borders/KAZ/movement/", _settings_form(circular_min_stays=4), follow=True
    )
    assert "The movement-type settings of Kazakhstan are saved" in response.content.decode()
    record = MovementSettingsRecord.objects.get(state__iso3="KAZ")
    assert record.settings["circular_min_stays"] == 4
    assert record.updated_by == coordinator


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"circular_min_days": "120"}, "This cannot be less than"),
        ({"transit_max_days": "0"}, "Ensure this value is greater than or equal to 1."),
        ({"local_window_days": "many"}, "Enter a whole number."),
    ],
)
def test_bad_settings_are_explained_and_change_nothing(
    client: Any, analyst: Any, changes: dict[str, Any], message: str
) -> None:
    client.force_login(analyst)
    response = client.post("/en/borders/KAZ/movement/", _settings_form(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not MovementSettingsRecord.objects.exists()


def test_readers_see_the_settings_they_may_not_change(
    client: Any, user_with_role: Callable[..., Any]
) -> None:
    client.force_login(user_with_role("technical_officer", "KAZ"))
    html = _page(client, "/en/borders/KAZ/movement/")
    assert "Save the settings" not in html
    assert "disabled" in html
    response = client.post("/en/borders/KAZ/movement/", _settings_form(circular_min_stays=4))
    assert response.status_code == 403
    assert not MovementSettingsRecord.objects.exists()


def test_the_rules_page_takes_few_queries(
    client: Any, analyst: Any, kaz_rules: list[StayRule], django_assert_max_num_queries: Any
) -> None:
    client.force_login(analyst)
    _page(client, RULES)  # the first page of a session decides the menu
    with django_assert_max_num_queries(8):
        _page(client, f"{RULES}?state=KAZ")
