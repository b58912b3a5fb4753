"""Recording chair terms and passes: who may chair under the rules in force, hand-overs on the
hand-over day, no overlapping terms, and an audit entry for every change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import translation

from almaty.core.audit_messages import render
from almaty.core.errors import InvalidInput
from almaty.core.models import AuditEntry
from almaty.process import selectors, services
from almaty.process.models import ChairPass, ChairTerm
from tests.factories.accounts import UserFactory
from tests.factories.process import ModalitiesVersionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_for_module")]

D = dt.date
HAND_OVER = D(2027, 4, 24)  # the end of Kazakhstan's current term under the 2013 rules


@pytest.fixture
def staff() -> Any:
    return UserFactory(email="staff@example.org")


def term_of(iso3: str, starts_on: dt.date) -> ChairTerm:
    return ChairTerm.objects.get(state__iso3=iso3, starts_on=starts_on)


def chair_on(day: dt.date) -> str | None:
    term = selectors.current_chair(on=day)
    return term.state.iso3 if term else None


def new_audit_entries(since: int) -> list[str]:
    entries = AuditEntry.objects.order_by("sequence")[since:]
    return [render(entry.message_key, entry.params) for entry in entries]


# chair_term_add


@pytest.mark.parametrize("iso3", ["KGZ", "TKM", "AFG"])
def test_a_member_state_can_chair(iso3, staff):
    services.chair_term_add(state_iso3=iso3, starts_on=HAND_OVER, actor=staff)

    assert chair_on(HAND_OVER) == iso3


def test_an_observer_can_chair_once_the_rules_in_force_allow_it(staff):
    ModalitiesVersionFactory(
        number=2, effective_on=D(2027, 1, 1), eligible_statuses=["member", "observer"]
    )

    services.chair_term_add(state_iso3="IRN", starts_on=HAND_OVER, actor=staff)

    assert chair_on(HAND_OVER) == "IRN"


def test_a_new_term_ends_the_current_term_on_the_hand_over_day(staff):
    services.chair_term_add(state_iso3="KGZ", starts_on=HAND_OVER, actor=staff)

    assert term_of("KAZ", D(2025, 4, 24)).ends_on == HAND_OVER


def test_the_outgoing_chair_chairs_until_the_day_before_the_hand_over(staff):
    services.chair_term_add(state_iso3="KGZ", starts_on=HAND_OVER, actor=staff)

    assert (chair_on(HAND_OVER - dt.timedelta(days=1)), chair_on(HAND_OVER)) == ("KAZ", "KGZ")


def test_a_term_keeps_its_kind_end_and_representative(staff):
    term = services.chair_term_add(
        state_iso3="KGZ",
        starts_on=HAND_OVER,
        ends_on=D(2027, 12, 31),
        kind="interim",
        representative="Deputy Minister of Labour",
        actor=staff,
    )

    term.refresh_from_db()
    assert (term.kind, term.ends_on, term.representative) == (
        "interim",
        D(2027, 12, 31),
        "Deputy Minister of Labour",
    )


def test_adding_a_term_is_audited_with_the_hand_over(staff):
    since = AuditEntry.objects.count()

    services.chair_term_add(state_iso3="KGZ", starts_on=HAND_OVER, actor=staff)

    assert new_audit_entries(since) == [
        "The chair term of KAZ was set to end on 2027-04-24.",
        "A chair term of KGZ from 2027-04-24 (regular) was recorded.",
    ]


def test_adding_a_term_is_audited_under_its_message_key_and_actor(staff):
    term = services.chair_term_add(state_iso3="KGZ", starts_on=HAND_OVER, actor=staff)

    entry = AuditEntry.objects.order_by("sequence").last()
    assert (entry.message_key, entry.object_id, entry.actor) == (
        "chair.term_added",
        str(term.pk),
        staff,
    )


# chair_term_end


def test_ending_the_current_term_leaves_the_chair_vacant_from_that_day(staff):
    services.chair_term_end(term=term_of("KAZ", D(2025, 4, 24)), ends_on=HAND_OVER, actor=staff)

    assert (chair_on(HAND_OVER - dt.timedelta(days=1)), chair_on(HAND_OVER)) == ("KAZ", None)


def test_ending_a_term_is_audited(staff):
    since = AuditEntry.objects.count()

    services.chair_term_end(term=term_of("KAZ", D(2025, 4, 24)), ends_on=HAND_OVER, actor=staff)

    assert new_audit_entries(since) == ["The chair term of KAZ was set to end on 2027-04-24."]


def test_a_term_can_be_extended_up_to_the_day_the_next_one_starts(staff):
    tajikistan = term_of("TJK", D(2018, 9, 28))
    services.chair_term_end(term=tajikistan, ends_on=D(2020, 6, 1), actor=staff)

    services.chair_term_end(term=tajikistan, ends_on=D(2021, 1, 1), actor=staff)

    assert (chair_on(D(2020, 12, 31)), chair_on(D(2021, 1, 1))) == ("TJK", "TUR")


# chair_pass_record


def test_a_member_can_pass_its_turn(staff):
    services.chair_pass_record(state_iso3="KGZ", turn_starts_on=HAND_OVER, actor=staff)

    assert list(
        selectors.chair_passes().filter(turn_starts_on=HAND_OVER).values_list("state__iso3")
    ) == [("KGZ",)]


def test_a_pass_is_audited(staff):
    since = AuditEntry.objects.count()

    services.chair_pass_record(state_iso3="KGZ", turn_starts_on=HAND_OVER, actor=staff)

    assert new_audit_entries(since) == ["KGZ passed its turn to chair beginning on 2027-04-24."]


# Bad input: refused with a message naming the problem; nothing is written.


def _add(iso3: str, starts_on: dt.date, **extra: Any) -> Callable[[], Any]:
    return lambda: services.chair_term_add(
        state_iso3=iso3, starts_on=starts_on, actor=None, **extra
    )


def _end(iso3: str, starts_on: dt.date, ends_on: dt.date) -> Callable[[], Any]:
    return lambda: services.chair_term_end(
        term=term_of(iso3, starts_on), ends_on=ends_on, actor=None
    )


def _pass(iso3: str, turn_starts_on: dt.date) -> Callable[[], Any]:
    return lambda: services.chair_pass_record(
        state_iso3=iso3, turn_starts_on=turn_starts_on, actor=None
    )


REFUSED = [
    pytest.param(
        _add("IRN", HAND_OVER),
        "IRN cannot chair on 2027-04-24: only Member State may, and it is Observer.",
        id="observer-chairs",
    ),
    pytest.param(
        _add("CHN", HAND_OVER),
        "CHN cannot chair on 2027-04-24: only Member State may, and it is Guest.",
        id="guest-chairs",
    ),
    pytest.param(
        _add("UZB", HAND_OVER),
        "UZB cannot chair on 2027-04-24: only Member State may, and it is not a participant.",
        id="non-participant-chairs",
    ),
    pytest.param(
        _add("XYZ", HAND_OVER),
        "Unknown State code 'XYZ'.",
        id="unknown-state",
    ),
    pytest.param(
        _add("KGZ", D(2012, 1, 1), ends_on=D(2013, 1, 1)),
        "No Operating Modalities were in force on 2012-01-01.",
        id="before-the-modalities",
    ),
    pytest.param(
        _add("KGZ", HAND_OVER, kind="acting"),
        "Unknown kind of term 'acting'.",
        id="unknown-kind",
    ),
    pytest.param(
        _add("KGZ", HAND_OVER, ends_on=HAND_OVER),
        "A term must end after it starts.",
        id="term-ends-the-day-it-starts",
    ),
    pytest.param(
        _add("KGZ", HAND_OVER, ends_on=D(2027, 1, 1)),
        "A term must end after it starts.",
        id="term-ends-before-it-starts",
    ),
    pytest.param(
        _add("KGZ", D(2020, 1, 1), ends_on=D(2020, 6, 1)),
        "This term overlaps the term of TJK from 2018-09-28.",
        id="inside-a-recorded-term",
    ),
    pytest.param(
        _add("KGZ", D(2021, 1, 1), ends_on=D(2022, 1, 1)),
        "This term overlaps the term of TUR from 2021-01-01.",
        id="starting-with-a-recorded-term",
    ),
    pytest.param(
        _add("KGZ", D(2024, 1, 1)),
        "This term overlaps the term of AZE from 2023-01-01.",
        id="open-term-before-the-current-one",
    ),
    pytest.param(
        _add("KGZ", D(2025, 4, 24)),
        "This term overlaps the term of KAZ from 2025-04-24.",
        id="starting-with-the-current-term",
    ),
    pytest.param(
        _end("KAZ", D(2025, 4, 24), D(2025, 4, 24)),
        "A term must end after it starts.",
        id="end-on-the-first-day",
    ),
    pytest.param(
        _end("KAZ", D(2025, 4, 24), D(2024, 12, 31)),
        "A term must end after it starts.",
        id="end-before-the-start",
    ),
    pytest.param(
        _end("TJK", D(2018, 9, 28), D(2022, 1, 1)),
        "This term overlaps the term of TUR from 2021-01-01.",
        id="end-over-the-next-term",
    ),
    pytest.param(
        _end("KAZ", D(2013, 6, 5), D(2030, 1, 1)),
        "This term overlaps the term of KGZ from 2016-09-20.",
        id="end-over-several-terms",
    ),
    pytest.param(
        _pass("IRN", HAND_OVER),
        "Only a Member State can pass its turn; IRN is not a member on 2027-04-24.",
        id="pass-by-an-observer",
    ),
    pytest.param(
        _pass("UZB", HAND_OVER),
        "Only a Member State can pass its turn; UZB is not a member on 2027-04-24.",
        id="pass-by-a-non-participant",
    ),
    pytest.param(
        _pass("KGZ", D(2012, 1, 1)),
        "Only a Member State can pass its turn; KGZ is not a member on 2012-01-01.",
        id="pass-before-membership",
    ),
    pytest.param(
        _pass("TKM", D(2023, 1, 1)),
        "TKM already passed the turn beginning on 2023-01-01.",
        id="pass-twice",
    ),
]


def recorded() -> tuple[Any, ...]:
    """Everything these services write: terms (with their ends), passes and the audit log."""
    return (
        list(
            ChairTerm.objects.order_by("starts_on").values_list(
                "state__iso3", "starts_on", "ends_on"
            )
        ),
        list(ChairPass.objects.order_by("pk").values_list("state__iso3", "turn_starts_on")),
        AuditEntry.objects.count(),
    )


@pytest.mark.parametrize(("call", "message"), REFUSED)
def test_bad_chair_history_is_refused_with_a_clear_message(call, message):
    with pytest.raises(InvalidInput) as refused:
        call()

    assert refused.value.text == message


@pytest.mark.parametrize(("call", "message"), REFUSED)
def test_bad_chair_history_writes_nothing(call, message):
    before = recorded()

    with pytest.raises(InvalidInput):
        call()

    assert recorded() == before


@pytest.mark.parametrize(
    ("iso3", "status"), [("IRN", "Наблюдатель"), ("CHN", "Гость")], ids=["observer", "guest"]
)
def test_the_refusal_names_the_status_in_russian(iso3, status):
    with translation.override("ru"), pytest.raises(InvalidInput) as refused:
        _add(iso3, HAND_OVER)()
    with translation.override("ru"):
        text = refused.value.text

    assert (status in text, "не может председательствовать" in text) == (True, True)
