"""Who may load and read a State's crossing records, and who may change its rules: each role's
allow and deny."""

from __future__ import annotations

import datetime as dt

import pytest

from almaty.borders import access
from almaty.core.errors import NotFoundOrForbidden, PermissionDenied
from tests.factories.borders import CrossingLoadFactory

ROLES = [
    ("border_analyst", "KAZ"),
    ("border_analyst", "KGZ"),
    ("national_coordinator", "KAZ"),
    ("statistician", "KAZ"),
    ("support_unit", None),
    ("chair", None),
]


@pytest.mark.parametrize(
    ("role", "state", "states"),
    [(r, s, {"KAZ"} if (r, s) == ("border_analyst", "KAZ") else ({"KGZ"} if s == "KGZ" else set()))
     for r, s in ROLES],
)  # fmt: skip
def test_only_border_analysts_load_and_only_for_their_state(user_with_role, role, state, states):
    assert access.load_states(user_with_role(role, state)) == states


@pytest.mark.parametrize(("role", "state"), ROLES)
def test_a_load_is_seen_by_the_border_analysts_of_its_state_alone(user_with_role, role, state):
    user = user_with_role(role, state)
    load = CrossingLoadFactory()

    if (role, state) == ("border_analyst", "KAZ"):
        assert access.access_load_by_id(user=user, load_id=load.pk) == load
    else:
        with pytest.raises(NotFoundOrForbidden) as refused:
            access.access_load_by_id(user=user, load_id=load.pk)
        assert refused.value.text == f"No load of crossing records {load.pk}."


def test_a_missing_load_and_a_forbidden_one_look_the_same(reference, user_with_role):
    user = user_with_role("border_analyst", "KGZ")
    load = CrossingLoadFactory()

    with pytest.raises(NotFoundOrForbidden) as forbidden:
        access.access_load_by_id(user=user, load_id=load.pk)
    with pytest.raises(NotFoundOrForbidden) as missing:
        access.access_load_by_id(user=user, load_id=load.pk + 1000)

    assert forbidden.value.text.replace(str(load.pk), "N") == missing.value.text.replace(
        str(load.pk + 1000), "N"
    )


def test_an_ended_role_says_when_it_ended(user_with_role):
    user = user_with_role(
        "border_analyst", "KAZ", valid_from=dt.date(2020, 1, 1), valid_to=dt.date(2023, 6, 30)
    )

    with pytest.raises(PermissionDenied, match="ended on 2023-06-30"):
        access.require_border_analyst(user, "KAZ")


def test_anonymous_readers_are_nobody(reference):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()

    assert access.load_states(anonymous) == set()
    assert not access.can_edit_rules(anonymous, "KAZ")
    assert not access.can_read_rules(anonymous)


@pytest.mark.parametrize(
    ("role", "state", "kaz", "kgz"),
    [
        ("support_unit", None, True, True),
        ("border_analyst", "KAZ", True, False),
        ("national_coordinator", "KAZ", True, False),
        ("statistician", "KAZ", False, False),
        ("chair", None, False, False),
    ],
)
def test_who_may_edit_which_states_rules(user_with_role, role, state, kaz, kgz):
    user = user_with_role(role, state)

    assert (access.can_edit_rules(user, "KAZ"), access.can_edit_rules(user, "kgz")) == (kaz, kgz)
    assert access.can_read_rules(user)


@pytest.mark.parametrize("code", ["../../etc", "KA", "K1Z", ""])
def test_a_state_code_that_is_not_one_names_no_folder(data_dir, code):
    from almaty.borders import storage
    from almaty.core.errors import InvalidInput

    with pytest.raises(InvalidInput, match="There is no State"):
        storage.state_dir(code)

    assert not (data_dir / "borders").exists() or list((data_dir / "borders").iterdir()) == []
