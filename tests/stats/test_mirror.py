"""Mirror checks: A's exits towards B against B's entries from A, over published totals."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from django.urls import path

from almaty.config import urls as site_urls
from almaty.core.errors import InvalidInput, PermissionDenied
from almaty.stats import mirror, services
from almaty.stats.engine import mirror as engine
from tests.factories import stats as files
from tests.factories.accounts import UserFactory

JAN, FEB = dt.date(2024, 1, 1), dt.date(2024, 2, 1)


def _obs(area, indicator, counterpart, start, value, sex="_T", age="_T", purpose="_T"):
    return {
        "REF_AREA": area, "INDICATOR": indicator, "period_start": start, "freq": "M",
        "COUNTERPART_AREA": counterpart, "SEX": sex, "AGE": age, "PURPOSE": purpose,
        "value": value,
    }  # fmt: skip


def _frame(rows):
    return pl.DataFrame(
        rows,
        schema={
            "REF_AREA": pl.String, "INDICATOR": pl.String, "period_start": pl.Date,
            "freq": pl.String, "COUNTERPART_AREA": pl.String, "SEX": pl.String,
            "AGE": pl.String, "PURPOSE": pl.String, "value": pl.Float64,
        },
    )  # fmt: skip


def test_engine_discrepancy_numbers_are_exact():
    frame = _frame(
        [
            _obs("KGZ", "EXITS", "KAZ", JAN, 1000.0),
            _obs("KAZ", "ENTRIES", "KGZ", JAN, 800.0),
            _obs("KGZ", "EXITS", "KAZ", FEB, 500.0),
            _obs("KAZ", "ENTRIES", "KGZ", FEB, 480.0),
        ]
    )

    table = engine.mirror_table(frame, indicator="EXITS", mirror="ENTRIES", threshold=0.1)

    assert table.select(
        "area", "counterpart", "period_start", "value", "mirror_value", "difference",
        "relative", "flagged",
    ).rows() == [
        ("KGZ", "KAZ", JAN, 1000.0, 800.0, 200.0, 0.2, True),
        ("KGZ", "KAZ", FEB, 500.0, 480.0, 20.0, 0.04, False),
    ]  # fmt: skip


def test_engine_from_the_other_side_swaps_the_figures():
    frame = _frame(
        [_obs("KGZ", "EXITS", "KAZ", JAN, 1000.0), _obs("KAZ", "ENTRIES", "KGZ", JAN, 800.0)]
    )

    table = engine.mirror_table(frame, indicator="ENTRIES", mirror="EXITS")

    assert table.select("area", "counterpart", "value", "mirror_value", "difference").rows() == [
        ("KAZ", "KGZ", 800.0, 1000.0, -200.0)
    ]


def test_engine_compares_only_totals_of_the_other_breakdowns():
    frame = _frame(
        [
            _obs("KGZ", "EXITS", "KAZ", JAN, 100.0),
            _obs("KGZ", "EXITS", "KAZ", JAN, 60.0, sex="F"),
            _obs("KGZ", "EXITS", "_T", JAN, 900.0),
            _obs("KAZ", "ENTRIES", "KGZ", JAN, 100.0),
            _obs("KAZ", "ENTRIES", "KGZ", JAN, 10.0, purpose="WORK"),
        ]
    )

    table = engine.mirror_table(frame, indicator="EXITS", mirror="ENTRIES")

    assert table.select("value", "mirror_value", "relative", "flagged").rows() == [
        (100.0, 100.0, 0.0, False)
    ]


def test_engine_lists_a_pair_without_a_mirror_figure_unflagged():
    frame = _frame([_obs("KGZ", "EXITS", "TJK", JAN, 50.0)])

    table = engine.mirror_table(frame, indicator="EXITS", mirror="ENTRIES")

    assert table.select("counterpart", "value", "mirror_value", "flagged").rows() == [
        ("TJK", 50.0, None, False)
    ]
    assert engine.summary(table) == {"pairs": 1, "compared": 0, "flagged": 0, "unmatched": 1}


def test_engine_two_zeros_agree():
    frame = _frame([_obs("KGZ", "EXITS", "KAZ", JAN, 0.0), _obs("KAZ", "ENTRIES", "KGZ", JAN, 0.0)])

    assert engine.mirror_table(frame, indicator="EXITS", mirror="ENTRIES")[
        "relative"
    ].to_list() == [0.0]


@pytest.mark.parametrize(("threshold", "flagged"), [(0.19, True), (0.2, False)])
def test_engine_flags_only_above_the_threshold(threshold, flagged):
    frame = _frame(
        [_obs("KGZ", "EXITS", "KAZ", JAN, 1000.0), _obs("KAZ", "ENTRIES", "KGZ", JAN, 800.0)]
    )

    table = engine.mirror_table(frame, indicator="EXITS", mirror="ENTRIES", threshold=threshold)

    assert table["flagged"].to_list() == [flagged]


# --- over stored data ------------------------------------------------------------------------


def bilateral_rows(exits=1000, entries=800, month="2024-01"):
    return [
        files.row(INDICATOR="EXITS", REF_AREA="KGZ", COUNTERPART_AREA="KAZ", TIME_PERIOD=month, OBS_VALUE=exits),
        files.row(INDICATOR="ENTRIES", REF_AREA="KAZ", COUNTERPART_AREA="KGZ", TIME_PERIOD=month, OBS_VALUE=entries),
    ]  # fmt: skip


@pytest.fixture
def shared(support):
    """KGZ's exits to KAZ and KAZ's entries from KGZ, published to members."""

    def make(rows, publish=True, name="both.csv"):
        made = services.submission_create(user=support, data=files.sdmx_csv(rows), filename=name)
        services.submission_approve(user=support, submission=made)
        if publish:
            services.submission_publish(user=support, submission=made, sharing="members")
        return made

    return make


def test_members_see_the_discrepancy_of_published_data(shared, user_with_role):
    shared(bilateral_rows())
    member = user_with_role("national_coordinator", "TJK")

    check = mirror.mirror_check(user=member, indicator="exits", period="2024")

    assert mirror.rows(check)[0] | {"period_start": None} == {
        "area": "KGZ", "counterpart": "KAZ", "period_start": None, "freq": "M",
        "value": 1000.0, "mirror_value": 800.0, "difference": 200.0, "relative": 0.2,
        "flagged": True, "time_period": "2024-01", "percent": 20.0,
    }  # fmt: skip


def test_unpublished_data_takes_no_part(shared, support):
    shared(bilateral_rows(), publish=False)

    assert mirror.mirror_check(user=support, indicator="EXITS").table.height == 0


def test_the_period_narrows_the_table(shared, support):
    shared(bilateral_rows() + bilateral_rows(month="2024-02", exits=5, entries=5))

    check = mirror.mirror_check(user=support, indicator="EXITS", period="2024-02")

    assert [r["time_period"] for r in mirror.rows(check)] == ["2024-02"]


def test_people_without_a_role_may_not_see_mirror_checks(reference):
    with pytest.raises(PermissionDenied):
        mirror.mirror_check(user=UserFactory(), indicator="EXITS")


@pytest.mark.parametrize(
    ("indicator", "period", "threshold"),
    [("REFUSALS", "", None), ("EXITS", "2024-13", None), ("EXITS", "", -0.1)],
)
def test_bad_requests_are_refused(support, indicator, period, threshold):
    with pytest.raises(InvalidInput):
        mirror.mirror_check(user=support, indicator=indicator, period=period, threshold=threshold)


# --- the page --------------------------------------------------------------------------------
# The lead mounts the page at /<lang>/statistics/mirror/; here it is mounted in front of the
# site's own addresses, so the tests do not depend on that wiring.

urlpatterns = [
    path("page/mirror/", mirror.mirror_page),
    *site_urls.urlpatterns,
]
page = pytest.mark.urls(__name__)


@page
def test_mirror_page_shows_the_flag_in_words(client, shared, support):
    shared(bilateral_rows())
    client.force_login(support)

    response = client.get("/page/mirror/?indicator=EXITS&threshold=10")

    assert response.status_code == 200
    text = response.content.decode()
    assert 'data-area="KGZ" data-counterpart="KAZ" data-period="2024-01"' in text
    assert "20.0 %" in text
    assert "<strong>yes</strong>" in text


@page
def test_mirror_page_refuses_people_without_a_role(client, reference):
    client.force_login(UserFactory())

    assert client.get("/page/mirror/").status_code == 403


@page
def test_mirror_page_asks_anonymous_readers_to_sign_in(client, reference):
    assert client.get("/page/mirror/").status_code == 302
