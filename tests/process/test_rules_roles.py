"""Deputy chairs and technical group officers exist only when the modalities in force allow them."""

from __future__ import annotations

import datetime as dt

import pytest

from almaty.accounts import services as accounts
from almaty.accounts.models import RoleAssignment
from almaty.core.errors import InvalidInput
from almaty.process.models import ModalitiesVersion
from tests.factories.accounts import UserFactory


@pytest.fixture
def amended(reference):
    """A 2027 version with two deputy chairs and a technical group of two officers per State."""
    first = ModalitiesVersion.objects.get(number=1)
    return ModalitiesVersion.objects.create(
        **{
            **{
                f.name: getattr(first, f.name)
                for f in ModalitiesVersion._meta.concrete_fields
                if f.name not in {"id", "created_at", "updated_at"}
            },
            "number": 2,
            "effective_on": dt.date(2027, 1, 1),
            "deputy_chairs": 2,
            "technical_group_size": 2,
        }
    )


@pytest.mark.parametrize(
    ("role", "state", "message"),
    [
        (
            "deputy_chair",
            "KAZ",
            "The Operating Modalities in force on 2026-06-01 provide for no deputy chair.",
        ),
        (
            "technical_officer",
            "KGZ",
            "The Operating Modalities in force on 2026-06-01 provide for no technical group.",
        ),
    ],
)
def test_under_the_2013_modalities_these_roles_do_not_exist(reference, role, state, message):
    with pytest.raises(InvalidInput) as refused:
        accounts.role_assign(
            user=UserFactory(),
            role_code=role,
            state_iso3=state,
            valid_from=dt.date(2026, 6, 1),
            actor=None,
        )

    assert refused.value.text == message
    assert not RoleAssignment.objects.filter(role__code=role).exists()


def test_after_an_amendment_two_deputy_chairs_may_be_appointed_and_no_third(amended):
    day = dt.date(2027, 3, 1)
    for state in ("KAZ", "KGZ"):
        accounts.role_assign(
            user=UserFactory(),
            role_code="deputy_chair",
            state_iso3=state,
            valid_from=day,
            actor=None,
        )

    with pytest.raises(InvalidInput) as refused:
        accounts.role_assign(
            user=UserFactory(),
            role_code="deputy_chair",
            state_iso3="TJK",
            valid_from=day,
            actor=None,
        )

    assert refused.value.text == (
        "The Operating Modalities in force on 2027-03-01 provide for 2 deputy chairs, and all are filled."
    )


def test_two_technical_officers_per_state_and_no_third(amended):
    day = dt.date(2027, 3, 1)
    for _ in range(2):
        accounts.role_assign(
            user=UserFactory(),
            role_code="technical_officer",
            state_iso3="KGZ",
            valid_from=day,
            actor=None,
        )
    accounts.role_assign(
        user=UserFactory(),
        role_code="technical_officer",
        state_iso3="TJK",
        valid_from=day,
        actor=None,
    )

    with pytest.raises(InvalidInput) as refused:
        accounts.role_assign(
            user=UserFactory(),
            role_code="technical_officer",
            state_iso3="KGZ",
            valid_from=day,
            actor=None,
        )

    assert "2 officers per State" in refused.value.text
    assert (
        RoleAssignment.objects.filter(role__code="technical_officer", state__iso3="KGZ").count()
        == 2
    )


def test_the_rule_of_the_day_applies_not_todays(amended):
    with pytest.raises(InvalidInput):
        accounts.role_assign(
            user=UserFactory(),
            role_code="deputy_chair",
            state_iso3="KAZ",
            valid_from=dt.date(2026, 12, 31),
            actor=None,
        )

    made = accounts.role_assign(
        user=UserFactory(),
        role_code="deputy_chair",
        state_iso3="KAZ",
        valid_from=dt.date(2027, 1, 1),
        actor=None,
    )
    assert made.valid_from == dt.date(2027, 1, 1)


def test_other_roles_are_not_limited_by_the_modalities(reference):
    made = accounts.role_assign(
        user=UserFactory(),
        role_code="statistician",
        state_iso3="KAZ",
        valid_from=dt.date(2026, 6, 1),
        actor=None,
    )
    assert made.role.code == "statistician"
