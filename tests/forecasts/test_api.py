"""/api/v1/forecasts: the newest forecast of each series, one forecast with its track record
and its CSV, early warnings with their explanations, and forecasts of series a client sends;
all for holders of an active role, errors in the request's language."""

from __future__ import annotations

import csv
import io
import json
import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from almaty.accounts.services import token_issue
from almaty.forecasts import compute
from almaty.forecasts.engine import series as engine_series
from almaty.forecasts.engine.errors import NOTE, ForecastInputError, Issue
from almaty.forecasts.models import Forecast
from tests.factories.accounts import UserFactory
from tests.forecasts.test_views import make_warning

SPEC_COLUMNS = ["series_id", "period", "model", "mean", "lo_80", "hi_80", "lo_95", "hi_95"]


# --- fixtures and helpers --------------------------------------------------------------------


@pytest.fixture
def member(user_with_role):
    def make(role, state=None):
        user = user_with_role(role, state) if role != "none" else UserFactory()
        user.token = token_issue(user=user, actor=None)[1]
        return user

    return make


@pytest.fixture
def reader(member):
    return member("statistician", "KGZ")


@pytest.fixture
def api(client):
    def request(method, path, body=None, user=None, language="en"):
        headers = {"HTTP_ACCEPT_LANGUAGE": language}
        if user is not None:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {user.token}"
        if method == "get":
            return client.get("/api/v1/forecasts" + path, body or {}, **headers)
        return client.post(
            "/api/v1/forecasts" + path,
            json.dumps(body if body is not None else {}),
            content_type="application/json",
            **headers,
        )

    return request


def _points(start=2025, months=3, mean=100.0):
    return [
        {
            "period": f"{start}-{m:02d}",
            "mean": mean + m,
            "lo_80": mean + m - 10,
            "hi_80": mean + m + 10,
            "lo_95": mean + m - 20,
            "hi_95": mean + m + 20,
        }
        for m in range(1, months + 1)
    ]


def _forecast(series_id="ENTRIES._T", through="2024-12", mean=100.0, **more):
    indicator, area = series_id.rsplit(".", 1)
    fields = {
        "series_id": series_id,
        "indicator": indicator,
        "area": area,
        "freq": "M",
        "source": "published",
        "data_version": f"{series_id}-{through}-{mean}",
        "data_through": through,
        "horizon": 3,
        "method": "ensemble",
        "observed": [["2024-11", 90.0], [through, 95.0]],
        "points": _points(mean=mean),
        "track_record": [
            {"horizon": 1, "mase": 0.8, "coverage_80": 0.79, "coverage_95": 0.94, "origins": 24}
        ],
        "details": {"weights": {"AutoETS": 0.6, "SeasonalNaive": 0.4}, "notes": []},
        **more,
    }
    return Forecast.objects.create(**fields)


def _warning(forecast, kind="outside_interval", severity="high", period="2025-01", **params):
    default = {"value": 250.0, "low": 80.0, "high": 140.0, "mean": 110.0, "direction": "above"}
    return make_warning(
        forecast, period=period, kind=kind, severity=severity, params=params or default
    )


def _monthly_csv(series=("A", "B"), months=48):
    """Seasonal monthly counts from 2020-01 on, a little different for each series."""
    lines = ["series_id,period,value"]
    for number, name in enumerate(series):
        for i in range(months):
            value = 200 + 10 * number + 40 * math.sin(2 * math.pi * i / 12) + 2 * i + (i * 7) % 5
            lines.append(f"{name},{2020 + i // 12}-{i % 12 + 1:02d},{value:.1f}")
    return "\n".join(lines) + "\n"


class FakeCompute:
    """compute.forecast_file standing in for the engine: records its call, reads the file
    with the engine's own checks, and answers one forecast row per series and period."""

    def __init__(self, notes=None, skipped=None):
        self.calls = []
        self.notes = notes or []
        self.skipped = skipped or {}

    def __call__(self, data, *, horizon, gaps="refuse", progress=None):
        self.calls.append({"data": data, "horizon": horizon, "gaps": gaps})
        panel = engine_series.read_csv(data, gaps=gaps)
        rows, outcomes = [], {}
        for item in panel.series:
            if item.series_id in self.skipped:
                outcomes[item.series_id] = compute.Outcome(skipped=self.skipped[item.series_id])
                continue
            last = float(item.values[-1])
            for period in item.future_periods(horizon):
                rows.append(
                    {"series_id": item.series_id, "period": period, "model": "fake",
                     "mean": last, "lo_80": last - 1, "hi_80": last + 1,
                     "lo_95": last - 2, "hi_95": last + 2}
                )  # fmt: skip
            track = {"horizon": 1, "mase": 0.9, "coverage_80": 0.8, "coverage_95": 0.95}
            outcomes[item.series_id] = compute.Outcome(
                track_record=[{**track, "origins": 12}], details={"weights": {"fake": 1.0}}
            )
        return compute.FileForecast(rows=rows, outcomes=outcomes, history={}, notes=self.notes)


@pytest.fixture
def fake(monkeypatch):
    made = FakeCompute()
    monkeypatch.setattr(compute, "forecast_file", made)
    return made


def _rows(series=("A",), months=("2024-01", "2024-02", "2024-03")):
    return [
        {"series_id": s, "period": m, "value": 10.0 * (i + 1)}
        for s in series
        for i, m in enumerate(months)
    ]


# --- who may read ----------------------------------------------------------------------------

READS = ["", "/warnings", "/ENTRIES._T", "/ENTRIES._T/forecast.csv"]


@pytest.mark.parametrize("path", READS)
def test_reads_need_a_token_or_a_session(api, db, path):
    response = api("get", path)

    assert response.status_code == 401


@pytest.mark.parametrize("path", READS)
def test_reads_are_refused_to_a_user_without_a_role(api, member, path):
    _forecast()

    response = api("get", path, user=member("none"))

    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Forecasts and early warnings are for people holding a role in the Process."
    )


@pytest.mark.parametrize("role", [("statistician", "KGZ"), ("chair", "KAZ"), ("support_unit",)])
def test_reads_are_open_to_every_role_holder(api, member, role):
    _forecast()

    response = api("get", "/ENTRIES._T", user=member(*role))

    assert response.status_code == 200


def test_a_role_that_has_ended_no_longer_reads(api, member, user_with_role):
    import datetime as dt

    user = user_with_role(
        "statistician", "KGZ", valid_from=dt.date(2019, 1, 1), valid_to=dt.date(2020, 1, 1)
    )
    user.token = token_issue(user=user, actor=None)[1]

    response = api("get", "", user=user)

    assert response.status_code == 403


def test_running_needs_a_token_or_a_session(api, db):
    response = api("post", "/run", {"rows": _rows()})

    assert response.status_code == 401


def test_running_is_refused_to_a_user_without_a_role(api, member, fake):
    response = api("post", "/run", {"rows": _rows()}, user=member("none"))

    assert response.status_code == 403
    assert fake.calls == []


# --- the newest forecast of each series ------------------------------------------------------


def test_list_gives_the_newest_forecast_of_each_series(api, reader):
    _forecast("ENTRIES._T", through="2024-11", mean=50)
    newest = _forecast("ENTRIES._T", through="2024-12", mean=100)
    other = _forecast("FRONTEX_IBC.AFG", through="2022-12", source="external")

    response = api("get", "", user=reader)

    assert response.status_code == 200
    body = response.json()
    assert (body["total"], body["limit"], body["offset"]) == (2, 100, 0)
    assert [(i["id"], i["series_id"]) for i in body["items"]] == [
        (newest.pk, "ENTRIES._T"),
        (other.pk, "FRONTEX_IBC.AFG"),
    ]
    first = body["items"][0]
    assert (first["indicator"], first["area"], first["freq"], first["data_through"]) == (
        "ENTRIES",
        "_T",
        "M",
        "2024-12",
    )
    assert (first["horizon"], first["method"], first["source"]) == (3, "ensemble", "published")
    assert first["next"] == {
        "period": "2025-01",
        "mean": 101.0,
        "lo_80": 91.0,
        "hi_80": 111.0,
        "lo_95": 81.0,
        "hi_95": 121.0,
    }


@pytest.mark.parametrize("indicator", ["FRONTEX_IBC", "frontex_ibc"])
def test_list_filters_by_indicator(api, reader, indicator):
    _forecast("ENTRIES._T")
    _forecast("FRONTEX_IBC.AFG")
    _forecast("FRONTEX_IBC._T")

    response = api("get", "", {"indicator": indicator}, user=reader)

    assert [i["series_id"] for i in response.json()["items"]] == [
        "FRONTEX_IBC.AFG",
        "FRONTEX_IBC._T",
    ]


def test_list_pages(api, reader):
    for area in ("AFG", "IRN", "PAK"):
        _forecast(f"FRONTEX_IBC.{area}")

    body = api("get", "", {"limit": 1, "offset": 1}, user=reader).json()

    assert (body["total"], [i["series_id"] for i in body["items"]]) == (3, ["FRONTEX_IBC.IRN"])


@pytest.mark.parametrize(("limit", "offset"), [(0, 0), (1001, 0), (10, -1)])
def test_list_refuses_a_bad_page(api, reader, limit, offset):
    response = api("get", "", {"limit": limit, "offset": offset}, user=reader)

    assert response.status_code == 400
    assert response.json()["detail"] in {
        "The limit must be between 1 and 1000.",
        "The offset cannot be negative.",
    }


def _queries(api, reader):
    with CaptureQueriesContext(connection) as queries:
        assert api("get", "", user=reader).status_code == 200
    return len(queries)


def test_list_takes_as_many_queries_for_many_series_as_for_one(api, reader):
    _forecast("FRONTEX_IBC.AFG")
    _queries(api, reader)  # the token's first use is recorded once
    one = _queries(api, reader)
    for area in ("IRN", "PAK", "TUR", "_T"):
        _forecast(f"FRONTEX_IBC.{area}")

    assert _queries(api, reader) == one


# --- one forecast ----------------------------------------------------------------------------


def test_a_forecast_comes_with_its_points_track_record_and_observations(api, reader):
    made = _forecast(
        details={
            "weights": {"AutoETS": 0.6, "SeasonalNaive": 0.4},
            "notes": [{"code": "short", "params": {"series_id": "ENTRIES._T", "points": "20"}}],
            "fallback": False,
        }
    )

    response = api("get", "/ENTRIES._T", user=reader)

    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["series_id"], body["data_version"]) == (
        made.pk,
        "ENTRIES._T",
        made.data_version,
    )
    assert [p["period"] for p in body["points"]] == ["2025-01", "2025-02", "2025-03"]
    assert body["next"] == body["points"][0]
    assert body["observed"] == [
        {"period": "2024-11", "value": 90.0},
        {"period": "2024-12", "value": 95.0},
    ]
    assert body["track_record"] == [
        {"horizon": 1, "mase": 0.8, "coverage_80": 0.79, "coverage_95": 0.94, "origins": 24}
    ]
    assert body["weights"] == {"AutoETS": 0.6, "SeasonalNaive": 0.4}
    assert body["notes"] == [
        "ENTRIES._T is short (20 values): simple models, and intervals from the models "
        "rather than from the series' track record."
    ]
    assert body["details"]["fallback"] is False


def test_a_forecast_is_the_newest_of_its_series(api, reader):
    _forecast(through="2024-11", mean=50)
    newest = _forecast(through="2024-12", mean=100)

    assert api("get", "/ENTRIES._T", user=reader).json()["id"] == newest.pk


def test_a_series_without_a_forecast_is_not_found(api, reader):
    response = api("get", "/ENTRIES.KGZ", user=reader)

    assert response.status_code == 404
    assert response.json()["detail"] == "No forecast of the series ENTRIES.KGZ."


def test_a_forecast_as_the_spec_csv(api, reader):
    _forecast("FRONTEX_IBC._T")

    response = api("get", "/FRONTEX_IBC._T/forecast.csv", user=reader)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="FRONTEX_IBC._T.forecast.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == SPEC_COLUMNS
    assert rows[1] == ["FRONTEX_IBC._T", "2025-01", "ensemble", "101", "91", "111", "81", "121"]
    assert len(rows) == 4


def test_the_csv_of_a_series_without_a_forecast_is_not_found(api, reader):
    assert api("get", "/ENTRIES.KGZ/forecast.csv", user=reader).status_code == 404


# --- warnings --------------------------------------------------------------------------------


def test_warnings_come_newest_first_with_their_explanation(api, reader):
    forecast = _forecast()
    older = _warning(forecast, period="2024-11")
    newer = _warning(
        forecast,
        kind="above_last_year",
        severity="medium",
        period="2025-03",
        mean=150.4,
        before=100.0,
        rise=0.5,
        share=0.25,
    )

    response = api("get", "/warnings", user=reader)

    assert response.status_code == 200
    body = response.json()
    assert (body["total"], [w["id"] for w in body["items"]]) == (2, [newer.pk, older.pk])
    item = body["items"][1]
    assert (item["series_id"], item["kind"], item["severity"], item["period"]) == (
        "ENTRIES._T",
        "outside_interval",
        "high",
        "2024-11",
    )
    assert (item["kind_label"], item["severity_label"]) == (
        "value outside its forecast's 95% interval",
        "high",
    )
    assert item["explanation"] == (
        "2024-11: 250 is above the 95% interval of its forecast (80 to 140; expected 110)."
    )
    assert item["forecast_id"] == forecast.pk
    assert body["items"][0]["explanation"] == (
        "2025-03: the forecast (150) is 50% above the same period last year (100); warnings "
        "start at 25%."
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"ENTRIES._T/high", "ENTRIES.KGZ/low", "FRONTEX_IBC._T/medium"}),
        ({"series_id": "ENTRIES.KGZ"}, {"ENTRIES.KGZ/low"}),
        ({"indicator": "entries"}, {"ENTRIES._T/high", "ENTRIES.KGZ/low"}),
        ({"min_severity": "medium"}, {"ENTRIES._T/high", "FRONTEX_IBC._T/medium"}),
        ({"min_severity": "HIGH", "indicator": "ENTRIES"}, {"ENTRIES._T/high"}),
    ],
)
def test_warnings_filter(api, reader, query, expected):
    _warning(_forecast("ENTRIES._T"), severity="high")
    _warning(_forecast("ENTRIES.KGZ"), severity="low")
    _warning(_forecast("FRONTEX_IBC._T"), severity="medium")

    items = api("get", "/warnings", query, user=reader).json()["items"]

    assert {f"{w['series_id']}/{w['severity']}" for w in items} == expected


def test_warnings_refuse_an_unknown_severity(api, reader):
    response = api("get", "/warnings", {"min_severity": "urgent"}, user=reader)

    assert response.status_code == 400
    assert response.json()["detail"] == "Unknown severity 'urgent': use one of low, medium, high."


def test_warnings_are_explained_in_russian(api, reader):
    _warning(_forecast())

    item = api("get", "/warnings", user=reader, language="ru").json()["items"][0]

    assert item["explanation"] == (
        "2025-01: значение 250 выше 95-процентного интервала прогноза (от 80 до 140; ожидалось 110)."
    )
    assert item["severity_label"] == "высокая"


# --- forecasting what a client sends ---------------------------------------------------------


def test_run_forecasts_json_rows(api, reader, fake):
    rows = _rows(("A", "B"))
    rows[2]["value"] = 35  # a whole number is a value too

    response = api("post", "/run", {"horizon": 2, "rows": rows}, user=reader)

    assert response.status_code == 200, response.json()
    assert fake.calls[0]["data"].decode().splitlines() == [
        "series_id,period,value",
        "A,2024-01,10.0",
        "A,2024-02,20.0",
        "A,2024-03,35.0",
        "B,2024-01,10.0",
        "B,2024-02,20.0",
        "B,2024-03,30.0",
    ]
    assert (fake.calls[0]["horizon"], fake.calls[0]["gaps"]) == (2, "refuse")
    body = response.json()
    assert (body["horizon"], body["gaps"]) == (2, "refuse")
    assert [(r["series_id"], r["period"], r["mean"]) for r in body["rows"]] == [
        ("A", "2024-04", 35.0),
        ("A", "2024-05", 35.0),
        ("B", "2024-04", 30.0),
        ("B", "2024-05", 30.0),
    ]
    assert set(body["rows"][0]) == set(SPEC_COLUMNS)
    assert body["series"][0] == {
        "series_id": "A",
        "skipped": "",
        "track_record": [
            {"horizon": 1, "mase": 0.9, "coverage_80": 0.8, "coverage_95": 0.95, "origins": 12}
        ],
        "weights": {"fake": 1.0},
    }


def test_run_forecasts_csv_text(api, reader, fake):
    text = "series_id,period,value\nA,2024-Q1,5\nA,2024-Q2,6\n"

    response = api("post", "/run", {"csv": text, "horizon": 1}, user=reader)

    assert response.status_code == 200
    assert fake.calls[0]["data"] == text.encode()
    assert [(r["series_id"], r["period"]) for r in response.json()["rows"]] == [("A", "2024-Q3")]


def test_run_passes_the_gap_policy_and_reports_notes_and_skipped_series(api, reader, monkeypatch):
    note = Issue("trimmed", {"series_id": "A", "first": "2024-03", "dropped": "1"}, severity=NOTE)
    monkeypatch.setattr(
        compute, "forecast_file", FakeCompute(notes=[note], skipped={"B": "too_short"})
    )
    rows = [r for r in _rows(("A", "B")) if (r["series_id"], r["period"]) != ("A", "2024-02")]
    rows.append({"series_id": "A", "period": "2024-02", "value": None})

    response = api("post", "/run", {"rows": rows, "gaps": "latest_run"}, user=reader)

    assert response.status_code == 200
    body = response.json()
    assert body["notes"] == [
        {
            "code": "trimmed",
            "row": None,
            "severity": "note",
            "message": "A is forecast from 2024-03 on: the 1 values before its last gap were "
            "left out.",
        }
    ]
    assert [(s["series_id"], s["skipped"]) for s in body["series"]] == [
        ("A", ""),
        ("B", "too_short"),
    ]
    assert {r["series_id"] for r in body["rows"]} == {"A"}


def test_run_reports_the_data_problems_by_row(api, reader, fake):
    rows = _rows()
    rows[1]["value"] = "12,5"
    rows[2]["period"] = "2024-13"

    response = api("post", "/run", {"rows": rows}, user=reader)

    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "The data cannot be forecast: 2 problems."
    assert [(i["code"], i["row"], i["severity"]) for i in body["issues"]] == [
        ("not_a_number", 3, "error"),
        ("bad_period", 4, "error"),
    ]
    assert body["issues"][0]["message"] == (
        "Row 3: '12,5' is not a number: use a decimal point and no thousands separator."
    )


def test_run_reports_a_missing_column(api, reader, fake):
    response = api("post", "/run", {"csv": "series,period,value\nA,2024-01,1\n"}, user=reader)

    assert response.status_code == 400
    assert [(i["code"], i["row"]) for i in response.json()["issues"]] == [("missing_column", 1)]


def test_run_error_in_russian(api, reader, fake):
    rows = _rows()
    rows[0]["value"] = "много"

    response = api("post", "/run", {"rows": rows}, user=reader, language="ru")

    body = response.json()
    assert body["detail"] == "По данным нельзя построить прогноз: 1 проблема."
    assert body["issues"][0]["message"].startswith("Строка 2: «много» — не число")


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({"horizon": 0}, "The horizon must be between 1 and 12 periods ahead."),
        ({"horizon": 13}, "The horizon must be between 1 and 12 periods ahead."),
        ({"gaps": "fill"}, "Unknown gap policy 'fill': use refuse or latest_run."),
        ({"csv": "series_id,period,value\n"}, 'Send the observations as "rows" or as "csv": '
         'one of the two.'),
        ({"rows": None}, 'Send the observations as "rows" or as "csv": one of the two.'),
    ],
)  # fmt: skip
def test_run_refuses_a_bad_request(api, reader, fake, body, detail):
    request = {"rows": _rows(), **body}
    if request["rows"] is None:
        del request["rows"]

    response = api("post", "/run", request, user=reader)

    assert response.status_code == 400
    assert response.json()["detail"] == detail
    assert fake.calls == []


def test_run_refuses_more_than_10_series(api, reader, fake):
    rows = _rows([f"S{n}" for n in range(11)], months=("2024-01",))

    response = api("post", "/run", {"rows": rows}, user=reader)

    assert response.status_code == 400
    assert response.json()["detail"] == (
        "At most 10 series in one request (this one has 11): forecast larger sets with the "
        "command line."
    )
    assert fake.calls == []


@pytest.mark.parametrize("as_csv", [False, True])
def test_run_refuses_more_than_20000_rows(api, reader, fake, as_csv):
    months = [f"{1900 + i // 12}-{i % 12 + 1:02d}" for i in range(20_001)]
    rows = _rows(("A",), months=months)
    if as_csv:
        text = "series_id,period,value\n" + "".join(
            f"{r['series_id']},{r['period']},{r['value']}\n" for r in rows
        )
        body = {"csv": text}
    else:
        body = {"rows": rows}

    response = api("post", "/run", body, user=reader)

    assert response.status_code == 400
    assert response.json()["detail"] == (
        "At most 20000 rows in one request: forecast larger sets with the command line."
    )
    assert fake.calls == []


def test_run_refuses_text_that_is_not_csv(api, reader, fake):
    text = "series_id,period,value\nA,2024-01," + "x" * 200_000  # beyond csv's field limit

    response = api("post", "/run", {"csv": text}, user=reader)

    assert response.status_code == 400
    assert response.json()["detail"] == "The text cannot be read as CSV."


def test_run_horizon_error_in_russian(api, reader, fake):
    response = api("post", "/run", {"rows": _rows(), "horizon": 24}, user=reader, language="ru")

    assert response.status_code == 400
    assert response.json()["detail"] == "Горизонт должен быть от 1 до 12 периодов вперёд."


def test_run_with_the_engine(api, reader):
    response = api("post", "/run", {"csv": _monthly_csv(), "horizon": 3}, user=reader)

    assert response.status_code == 200, response.json()
    body = response.json()
    assert [(r["series_id"], r["period"]) for r in body["rows"]] == [
        (s, p) for s in ("A", "B") for p in ("2024-01", "2024-02", "2024-03")
    ]
    for row in body["rows"]:
        assert row["lo_95"] <= row["lo_80"] <= row["mean"] <= row["hi_80"] <= row["hi_95"]
        assert row["model"]
    assert [s["skipped"] for s in body["series"]] == ["", ""]
    for item in body["series"]:
        assert item["track_record"][0]["horizon"] == 1
        assert sum(item["weights"].values()) == pytest.approx(1)


def test_run_with_the_engine_lists_a_series_too_short_in_its_place(api, reader):
    text = "series_id,period,value\nS,2024-01,1\nS,2024-02,2\n" + _monthly_csv().split("\n", 1)[1]

    response = api("post", "/run", {"csv": text, "horizon": 1}, user=reader)

    assert response.status_code == 200, response.json()
    body = response.json()
    assert [(s["series_id"], s["skipped"]) for s in body["series"]] == [
        ("S", "too_short"),
        ("A", ""),
        ("B", ""),
    ]
    assert [n["code"] for n in body["notes"]] == ["too_short"]
    assert body["notes"][0]["message"].startswith("S has 2 values; a forecast needs at least")


def test_run_with_the_engine_refuses_a_gap(api, reader):
    text = "series_id,period,value\nA,2024-01,1\nA,2024-03,2\n"

    response = api("post", "/run", {"csv": text}, user=reader)

    assert response.status_code == 400
    assert [i["code"] for i in response.json()["issues"]] == ["gap"]


def test_fake_compute_reads_like_the_engine():
    """The fake above refuses what the engine's reader refuses (the tests rely on it)."""
    with pytest.raises(ForecastInputError):
        FakeCompute()(b"series_id,period,value\nA,2024-01,x\n", horizon=1)
