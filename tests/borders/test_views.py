"""The border-movement pages: who may see them, the index with the upload form, a load's page
(its progress, then its quality report and the State's results with charts), a refused file,
the State's page and the submission of its indicators.

Files go through the real engine: the task queue runs at once in tests, once the upload's
transaction commits (`django_capture_on_commit_callbacks`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from almaty.borders.choices import LoadStatus
from almaty.borders.models import CrossingLoad
from almaty.process.models import State
from tests.factories.borders import crossing, csv_bytes

INDEX = "/en/borders/"
LAST_DAY = dt.date(2024, 3, 31)


def round_trip(prefix: str, entry: dt.date, days: int, **fields: Any) -> list[dict[str, Any]]:
    """An entry and the exit `days` later (stay days count both)."""
    return [
        crossing(f"{prefix}-in", "ENTRY", entry, **fields),
        crossing(f"{prefix}-out", "EXIT", entry + dt.timedelta(days=days - 1), **fields),
    ]


def sample_rows(bad: int = 1) -> list[dict[str, Any]]:
    """A small season of Kazakhstan's records: regular stays, an overstay that left late (UZB,
    6 days over), one still in the country (TJK, from 2024-02-01, 10 days allowed), a transit,
    an exit without an entry, a citizen's trip, and `bad` rows with an unknown nationality."""
    rows: list[dict[str, Any]] = []
    for n in range(20):
        rows += round_trip(
            f"R{n:02d}", dt.date(2024, 1, 2) + dt.timedelta(days=n), 8, doc=f"R{n:04d}"
        )
    rows += round_trip("LATE", dt.date(2024, 1, 10), 11, doc="L0001", authorised=5)
    rows.append(
        crossing(
            "STAY-in", "ENTRY", dt.date(2024, 2, 1), doc="T0001", nationality="TJK", authorised=10
        )
    )
    rows.append(crossing("TR-in", "ENTRY", dt.date(2024, 3, 1), doc="A0001", nationality="AFG"))
    rows.append(
        crossing(
            "TR-out",
            "EXIT",
            dt.date(2024, 3, 2),
            doc="A0001",
            nationality="AFG",
            bcp="KAZ-KORDAI",
        )
    )
    rows.append(crossing("ORPHAN-out", "EXIT", dt.date(2024, 1, 5), doc="O0001"))
    rows += round_trip("CITIZEN", dt.date(2024, 3, 20), 12, doc="K0001", nationality="KAZ")
    rows += [
        crossing(f"BAD{n}", "ENTRY", dt.date(2024, 2, 2), doc=f"B{n:04d}", nationality="XX1")
        for n in range(bad)
    ]
    return rows


def upload(
    client: Any,
    data: bytes,
    *,
    name: str = "kaz-2024q1.csv",
    state: str = "KAZ",
    language: str = "en",
    capture: Any = None,
) -> Any:
    """Post a file to the upload form; with `capture` (django_capture_on_commit_callbacks) the
    task queue runs the load before the answer is returned."""
    payload = {"state": state, "engine": "duckdb", "file": SimpleUploadedFile(name, data)}
    if capture is None:
        return client.post(f"/{language}/borders/", payload)
    with capture(execute=True):
        return client.post(f"/{language}/borders/", payload)


def load_sample(client: Any, user: Any, capture: Any) -> CrossingLoad:
    """Kazakhstan's sample file loaded through the form by `user`, signed in."""
    client.force_login(user)
    response = upload(client, csv_bytes(sample_rows()), capture=capture)
    assert response.status_code == 302, response.content.decode()[:2000]
    load = CrossingLoad.objects.get()
    assert load.status == LoadStatus.DONE, (load.status, load.error)
    return load


@pytest.fixture(autouse=True)
def _own_data_dir(data_dir: Any) -> None:
    """Every test here with a DATA_DIR of its own (`data_dir`)."""


@pytest.fixture
def sample(client: Any, analyst: Any, django_capture_on_commit_callbacks: Any) -> CrossingLoad:
    """`sample_rows` loaded through the upload form by Kazakhstan's border analyst."""
    return load_sample(client, analyst, django_capture_on_commit_callbacks)


def _page(client: Any, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- who may see the pages -----------------------------------------------------------------


@pytest.mark.parametrize(
    "path", [INDEX, "/en/borders/KAZ/", "/en/borders/KAZ/overstays/", "/en/borders/KAZ/stays/"]
)
def test_signed_out_readers_are_sent_to_sign_in(client: Any, reference: Any, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert "/account/sign-in/" in response["Location"]


@pytest.mark.parametrize(
    ("role", "state"),
    [
        ("statistician", "KAZ"),
        ("national_coordinator", "KAZ"),
        ("support_unit", None),
        ("technical_officer", "KGZ"),
    ],
)
def test_the_pages_are_for_border_analysts_only(
    client: Any, user_with_role: Callable[..., Any], role: str, state: str | None
) -> None:
    client.force_login(user_with_role(role, state))
    response = client.get(INDEX)
    assert response.status_code == 403
    assert "This needs the role Border analyst." in response.content.decode()


def test_a_border_analyst_whose_role_ended_is_told_so(
    client: Any, user_with_role: Callable[..., Any]
) -> None:
    ended = dt.date.today() - dt.timedelta(days=3)
    client.force_login(
        user_with_role(
            "border_analyst", "KAZ", valid_from=ended - dt.timedelta(days=30), valid_to=ended
        )
    )
    response = client.get(INDEX)
    assert response.status_code == 403
    assert f"ended on {ended.isoformat()}" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/en/borders/KGZ/",
        "/en/borders/KGZ/overstays/",
        "/en/borders/KGZ/overstays.csv",
        "/en/borders/KGZ/stays/",
        "/en/borders/KGZ/stays.csv",
        "/en/borders/XYZ/stays/",
    ],
)
def test_another_states_records_are_refused(client: Any, analyst: Any, path: str) -> None:
    client.force_login(analyst)
    response = client.get(path)
    assert response.status_code == 403
    assert "This needs the role Border analyst." in response.content.decode()


def test_another_states_load_is_not_found(
    client: Any, sample: CrossingLoad, user_with_role: Callable[..., Any]
) -> None:
    client.force_login(user_with_role("border_analyst", "KGZ"))
    response = client.get(f"/en/borders/loads/{sample.pk}/")
    assert response.status_code == 404
    assert f"No load of crossing records {sample.pk}." in response.content.decode()


def test_the_menu_links_border_analysts_to_their_pages(client: Any, analyst: Any) -> None:
    client.force_login(analyst)
    assert '<a href="/en/borders/">Border movements</a>' in _page(client, "/en/")


@pytest.mark.parametrize(
    ("role", "state", "link"),
    [
        ("support_unit", None, '<a href="/en/borders/rules/">Border movements</a>'),
        ("national_coordinator", "KAZ", '<a href="/en/borders/rules/">Border movements</a>'),
        ("statistician", "KAZ", None),
    ],
)
def test_the_menu_links_others_to_the_stay_rules_or_not_at_all(
    client: Any, user_with_role: Callable[..., Any], role: str, state: str | None, link: str | None
) -> None:
    client.force_login(user_with_role(role, state))
    html = _page(client, "/en/")
    if link is None:
        assert "/en/borders/" not in html
    else:
        assert link in html


# --- the index and the upload form ----------------------------------------------------------


def test_the_index_lists_the_analysts_states_and_the_upload_form(client: Any, analyst: Any) -> None:
    client.force_login(analyst)
    html = _page(client, INDEX)
    assert "Kazakhstan" in html
    assert "Nothing loaded yet" in html
    assert 'name="file"' in html
    assert '<option value="KAZ" selected>Kazakhstan</option>' in html
    assert "No file has been loaded yet." in html


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("records.xlsx", b"x", "Upload a CSV file (.csv) or a Parquet file (.parquet), not"),
        ("records.csv", b"", "The submitted file is empty."),
    ],
)
def test_a_file_the_form_refuses_stores_nothing(
    client: Any, analyst: Any, name: str, data: bytes, message: str
) -> None:
    client.force_login(analyst)
    response = upload(client, data, name=name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CrossingLoad.objects.exists()


def test_a_file_over_the_size_limit_is_refused(client: Any, analyst: Any, settings: Any) -> None:
    settings.BORDERS_MAX_UPLOAD_BYTES = 1024
    client.force_login(analyst)
    response = upload(client, csv_bytes(sample_rows()))
    assert response.status_code == 400
    assert "; the largest file accepted is 0.000976562 MB." in response.content.decode()
    assert not CrossingLoad.objects.exists()


def test_a_state_that_is_not_the_analysts_cannot_be_chosen(client: Any, analyst: Any) -> None:
    client.force_login(analyst)
    response = upload(client, csv_bytes(sample_rows()), state="KGZ")
    assert response.status_code == 400
    assert "Select a valid choice. KGZ is not one of the available choices." in (
        response.content.decode()
    )
    assert not CrossingLoad.objects.exists()


def test_an_upload_goes_to_its_load_page(
    client: Any, analyst: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(analyst)
    response = upload(client, csv_bytes(sample_rows()), capture=django_capture_on_commit_callbacks)
    load = CrossingLoad.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/borders/loads/{load.pk}/"
    assert load.created_by == analyst
    assert load.file_name == "kaz-2024q1.csv"


def test_the_same_file_twice_is_refused_on_the_form(client: Any, sample: CrossingLoad) -> None:
    response = upload(client, csv_bytes(sample_rows()))
    assert response.status_code == 400
    assert f"This file was already loaded for KAZ (load {sample.pk}); nothing was changed." in (
        response.content.decode()
    )
    assert CrossingLoad.objects.count() == 1


def test_the_queue_being_down_is_said_and_never_a_500(
    client: Any, analyst: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from almaty.borders import services

    def down(**kwargs: Any) -> None:
        raise ConnectionError("redis")

    monkeypatch.setattr(services, "load_queue", down)
    client.force_login(analyst)
    response = upload(client, csv_bytes(sample_rows()))
    assert response.status_code == 400
    assert "The task queue is not available, so nothing was loaded" in response.content.decode()


# --- a load's page ----------------------------------------------------------------------------


def _queued(analyst: Any, **values: Any) -> CrossingLoad:
    fields: dict[str, Any] = {"file_name": "kaz.csv", "sha256": "0" * 64, **values}
    return CrossingLoad.objects.create(
        state=State.objects.get(iso3="KAZ"), created_by=analyst, **fields
    )


def test_a_running_load_shows_its_progress(client: Any, analyst: Any) -> None:
    load = _queued(analyst, status=LoadStatus.CHECKING, step="ingest.check", done=250, total=1000)
    client.force_login(analyst)
    html = _page(client, f"/en/borders/loads/{load.pk}/")
    assert "Checking the rows: 250 of 1,000." in html
    assert 'value="25"' in html
    assert f'hx-get="/en/borders/loads/{load.pk}/"' in html


def test_htmx_polls_get_the_status_alone_then_the_finished_page(client: Any, analyst: Any) -> None:
    load = _queued(analyst, status=LoadStatus.QUEUED)
    client.force_login(analyst)
    polled = client.get(f"/en/borders/loads/{load.pk}/", headers={"HX-Request": "true"})
    assert polled.status_code == 200
    assert polled.content.decode().startswith('<div id="load-status"')
    assert "Waiting for its turn in the task queue" in polled.content.decode()
    CrossingLoad.objects.filter(pk=load.pk).update(status=LoadStatus.DONE)
    finished = client.get(f"/en/borders/loads/{load.pk}/", headers={"HX-Request": "true"})
    assert finished["HX-Redirect"] == f"/en/borders/loads/{load.pk}/"


def test_a_done_load_shows_its_report_and_the_states_results(
    client: Any, sample: CrossingLoad
) -> None:
    html = _page(client, f"/en/borders/loads/{sample.pk}/")
    assert "Data-quality report" in html
    # 20 round trips, the late stay, the open stay, the transit, the orphan, a citizen, a bad row
    assert sample.rows_read == 49
    assert sample.rows_rejected == 1
    assert "not an ISO 3166 alpha-3 country code" in html
    assert "XX1" in html  # the rejected value, by row
    assert "BAD0" in html
    assert "Results for Kazakhstan" in html
    assert "Stays by movement type and month" in html
    assert "Overstays by nationality" in html
    assert "Crossings by border crossing point" in html
    assert html.count('<figure class="chart"') == 3
    assert html.count('<figure class="chart bcp-map-figure"') == 1
    assert "Border crossing points of Kazakhstan" in html
    assert "Submit indicators to the regional exchange" in html


def test_the_results_count_what_the_file_holds(client: Any, sample: CrossingLoad) -> None:
    html = _page(client, "/en/borders/KAZ/")
    assert "Overstayers still in the country" in html
    assert "Exits without an entry" in html
    assert "KAZ-KORDAI" in html  # the transit left by another crossing point
    assert "Tajikistan" in html  # the overstayer still in the country, by nationality


def test_a_file_refused_whole_says_why(
    client: Any, analyst: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(analyst)
    upload(client, b"record_id,direction\n1,ENTRY\n", capture=django_capture_on_commit_callbacks)
    load = CrossingLoad.objects.get()
    assert load.status == LoadStatus.REFUSED
    html = _page(client, f"/en/borders/loads/{load.pk}/")
    assert "lacks the columns of the crossing-records format" in html
    assert "Load a file again" in html
    assert "Results for Kazakhstan" not in html


def test_a_file_with_too_many_bad_rows_is_refused_with_its_report(
    client: Any, analyst: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(analyst)
    upload(client, csv_bytes(sample_rows(bad=10)), capture=django_capture_on_commit_callbacks)
    load = CrossingLoad.objects.get()
    assert load.status == LoadStatus.REFUSED
    html = _page(client, f"/en/borders/loads/{load.pk}/")
    assert "nothing was stored" in html
    assert "Rows rejected, by reason" in html
    assert html.count("XX1") >= 10


# --- submitting the indicators --------------------------------------------------------------


def test_submitting_the_indicators_makes_a_statistics_submission(
    client: Any, sample: CrossingLoad
) -> None:
    from almaty.stats.models import Submission

    response = client.post("/en/borders/KAZ/submit-indicators/", follow=True)
    submission = Submission.objects.get()
    assert response.redirect_chain[-1][0] == f"/en/statistics/submissions/{submission.pk}/"
    assert "The monthly indicators of Kazakhstan were submitted" in response.content.decode()
    assert submission.state is not None
    assert submission.state.iso3 == "KAZ"


def test_submitting_without_results_says_so(client: Any, analyst: Any) -> None:
    client.force_login(analyst)
    response = client.post("/en/borders/KAZ/submit-indicators/", follow=True)
    assert response.status_code == 200
    assert "No crossing records of KAZ have been loaded yet." in response.content.decode()


def test_the_exchanges_warnings_are_listed_and_may_be_confirmed(
    client: Any, analyst: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from almaty.borders import services
    from almaty.stats.engine.errors import WARNING, Issue
    from almaty.stats.services import StatsValidationError

    asked: list[bool] = []

    def submit(*, user: Any, state: str, confirm: bool = False) -> Any:
        asked.append(confirm)
        issue = Issue(
            row=7,
            column="OBS_VALUE",
            code="implausible",
            params={"value": "90000", "median": "1200"},
            severity=WARNING,
        )
        raise StatsValidationError([issue], needs_confirmation=True)

    monkeypatch.setattr(services, "indicators_submit", submit)
    client.force_login(analyst)
    response = client.post("/en/borders/KAZ/submit-indicators/")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Indicators of Kazakhstan not submitted" in html
    assert "The file has 1 warning to confirm; nothing was stored." in html
    assert "OBS_VALUE" in html
    assert 'name="confirm" value="1"' in html
    client.post("/en/borders/KAZ/submit-indicators/", {"confirm": "1"})
    assert asked == [False, True]


def test_submitting_is_a_post(client: Any, sample: CrossingLoad) -> None:
    assert client.get("/en/borders/KAZ/submit-indicators/").status_code == 405


def test_another_state_cannot_submit(client: Any, analyst: Any) -> None:
    client.force_login(analyst)
    assert client.post("/en/borders/KGZ/submit-indicators/").status_code == 403


# --- queries --------------------------------------------------------------------------------


def test_the_index_takes_few_queries(
    client: Any, sample: CrossingLoad, django_assert_max_num_queries: Any
) -> None:
    for n in range(5):
        _queued(sample.created_by, sha256=f"{n}" * 64, file_name=f"more-{n}.csv")
    with django_assert_max_num_queries(8):
        _page(client, INDEX)


def test_a_load_page_takes_few_queries(
    client: Any, sample: CrossingLoad, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(8):
        _page(client, f"/en/borders/loads/{sample.pk}/")
