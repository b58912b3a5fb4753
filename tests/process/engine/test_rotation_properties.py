"""Properties of the projection for any States, names, memberships, passes and rules."""

from __future__ import annotations

import dataclasses
import datetime as dt
import string

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from almaty.process.engine.rotation import (
    Pass,
    RotationRules,
    Term,
    add_years,
    explain_recorded,
    project,
    rotation_order,
)

D = dt.date
EARLIEST = D(1900, 1, 1)


@dataclasses.dataclass(frozen=True)
class Scenario:
    names: dict[str, str]
    recorded: list[Term]
    eligibility: list[tuple[dt.date, frozenset[str]]]  # (from, eligible States), sorted
    versions: list[RotationRules]  # sorted by effective_on, the first from EARLIEST
    passes: list[Pass]
    until: dt.date

    def eligible_on(self, day: dt.date) -> set[str]:
        return set(next(s for since, s in reversed(self.eligibility) if since <= day))

    def rules_on(self, day: dt.date) -> RotationRules:
        return next(r for r in reversed(self.versions) if r.effective_on <= day)

    def project(self, **overrides) -> list[Term]:
        arguments = {
            "recorded": self.recorded,
            "names": self.names,
            "eligible_on": self.eligible_on,
            "rules_on": self.rules_on,
            "passes": self.passes,
            "until": self.until,
        }
        return project(**{**arguments, **overrides})

    def passed_on(self, day: dt.date) -> set[str]:
        return {p.state for p in self.passes if p.turn_starts_on == day}


codes = st.text(alphabet=string.ascii_uppercase, min_size=3, max_size=3)
rotation_names = st.text(alphabet="abkmtuzAKTÜüéё -", min_size=1, max_size=8)
days = st.dates(D(2000, 1, 1), D(2040, 12, 31))


@st.composite
def rules_versions(draw, states: list[str]) -> list[RotationRules]:
    def version(effective_on: dt.date) -> RotationRules:
        return RotationRules(
            effective_on=effective_on,
            term_years=draw(st.integers(1, 4)),
            order_key=draw(st.sampled_from(["name_en", "iso3", "listed"])),
            listed_order=tuple(draw(st.permutations(states))[: draw(st.integers(0, len(states)))]),
        )

    changes = sorted(set(draw(st.lists(days, max_size=2))))
    return [version(EARLIEST)] + [version(day) for day in changes]


@st.composite
def scenarios(draw) -> Scenario:
    states = draw(st.lists(codes, min_size=1, max_size=9, unique=True))
    names = {iso3: draw(rotation_names) for iso3 in states}
    subsets = st.frozensets(st.sampled_from(states), max_size=len(states))

    # One to three recorded terms, back to back, ending on `base` or still open.
    base = draw(days)
    lengths = draw(st.lists(st.integers(100, 1500), min_size=1, max_size=3))
    starts = [base - dt.timedelta(days=sum(lengths[i:])) for i in range(len(lengths))]
    ends: list[dt.date | None] = [*starts[1:], base]
    if draw(st.booleans()):
        ends[-1] = None
    recorded = [
        Term(draw(st.sampled_from(states)), start, end, "recorded", "regular")
        for start, end in zip(starts, ends, strict=True)
    ]

    first = draw(st.frozensets(st.sampled_from(states), min_size=1, max_size=len(states)))
    later = draw(st.lists(st.tuples(days, subsets), max_size=4))
    eligibility = sorted([(EARLIEST, first), *later], key=lambda change: change[0])

    # Turns start on anniversaries of the last recorded term's end (or of its start while it is
    # open): date most passes there, so that they bite.
    anchor = ends[-1] or starts[-1]
    turn_like = st.builds(add_years, st.just(anchor), st.integers(1, 16)) | days
    passes = draw(st.lists(st.builds(Pass, st.sampled_from(states), turn_like), max_size=12))
    until = add_years(base, draw(st.integers(0, 40)))
    versions = draw(rules_versions(states))
    return Scenario(names, recorded, eligibility, versions, passes, until)


def projected_part(scenario: Scenario, terms: list[Term]) -> list[Term]:
    return terms[len(scenario.recorded) :]


def first_turn(scenario: Scenario) -> dt.date:
    last = scenario.recorded[-1]
    if last.end is not None:
        return last.end
    return add_years(last.start, scenario.rules_on(last.start).term_years)


fast = settings(max_examples=100, deadline=None)


@fast
@given(scenarios())
def test_projection_keeps_the_record_and_adds_regular_projected_terms(scenario):
    terms = scenario.project()

    assert terms[: len(scenario.recorded)] == scenario.recorded
    assert all(
        (t.basis, t.kind) == ("projected", "regular") for t in projected_part(scenario, terms)
    )


@fast
@given(scenarios())
def test_projection_only_picks_states_eligible_on_the_turns_first_day(scenario):
    for term in projected_part(scenario, scenario.project()):
        assert term.state in scenario.eligible_on(term.start)


@fast
@given(scenarios())
def test_projection_never_picks_a_state_that_passed_that_turn(scenario):
    for term in projected_part(scenario, scenario.project()):
        assert term.state not in scenario.passed_on(term.start)


@fast
@given(scenarios())
def test_projected_terms_are_contiguous_start_before_the_horizon_and_never_overlap(scenario):
    projected = projected_part(scenario, scenario.project())
    expected_start = first_turn(scenario)

    for term in projected:
        assert term.start == expected_start
        assert term.start < scenario.until
        assert term.end == add_years(term.start, scenario.rules_on(term.start).term_years)
        assert term.end > term.start
        expected_start = term.end


@fast
@given(scenarios())
def test_projection_stops_only_at_the_horizon_or_when_no_state_is_left(scenario):
    projected = projected_part(scenario, scenario.project())
    next_turn = projected[-1].end if projected else first_turn(scenario)
    assert next_turn is not None

    left = scenario.eligible_on(next_turn) - scenario.passed_on(next_turn)
    assert next_turn >= scenario.until or not left


@fast
@given(scenarios())
def test_each_chair_is_the_first_state_left_after_the_previous_one_in_the_order(scenario):
    terms = scenario.project()
    for previous, term in zip(
        terms[len(scenario.recorded) - 1 :], projected_part(scenario, terms), strict=False
    ):
        order = rotation_order(scenario.names, scenario.rules_on(term.start))
        at = order.index(previous.state)
        walk = order[at + 1 :] + order[: at + 1]
        left = scenario.eligible_on(term.start) - scenario.passed_on(term.start)
        assert term.state == next(iso3 for iso3 in walk if iso3 in left)


@fast
@given(scenarios())
def test_explain_recorded_finds_every_projected_hand_over_in_order(scenario):
    terms = scenario.project()

    hand_overs = explain_recorded(
        terms, scenario.names, scenario.eligible_on, scenario.rules_on, scenario.passes
    )

    assert all(h.follows_order for h in hand_overs[len(scenario.recorded) - 1 :])


@fast
@given(scenarios(), st.randoms(use_true_random=False))
def test_projection_does_not_depend_on_the_order_of_records_and_passes(scenario, random):
    recorded, passes = list(scenario.recorded), list(scenario.passes)
    random.shuffle(recorded)
    random.shuffle(passes)

    assert scenario.project(recorded=recorded, passes=passes) == scenario.project()


@fast
@given(
    scenarios(),
    st.sampled_from([str.upper, str.lower, str.title, lambda n: n.replace("u", "ü")]),
)
def test_restyling_rotation_names_without_changing_their_letters_changes_nothing(scenario, style):
    names = {iso3: style(name) for iso3, name in scenario.names.items()}

    assert scenario.project(names=names) == scenario.project()


@fast
@given(scenarios(), st.data())
def test_renaming_a_state_without_moving_it_in_the_order_changes_nothing(scenario, data):
    iso3 = data.draw(st.sampled_from(sorted(scenario.names)))
    suffix = data.draw(rotation_names)
    names = {**scenario.names, iso3: scenario.names[iso3] + suffix}
    assume(
        all(
            rotation_order(names, rules) == rotation_order(scenario.names, rules)
            for rules in scenario.versions
        )
    )

    assert scenario.project(names=names) == scenario.project()


@fast
@given(scenarios(), days, st.integers(1, 4), st.sampled_from(["name_en", "iso3"]))
def test_new_rules_apply_only_from_their_effective_date(scenario, effective_on, years, key):
    assume(all(rules.effective_on < effective_on for rules in scenario.versions))
    amended = dataclasses.replace(
        scenario,
        versions=[*scenario.versions, RotationRules(effective_on, years, key)],
    )

    before, after = scenario.project(), amended.project()

    assert [t for t in after if t.start < effective_on] == [
        t for t in before if t.start < effective_on
    ]
    assert all(
        t.end == add_years(t.start, years)
        for t in projected_part(amended, after)
        if t.start >= effective_on
    )
