"""`almaty stats forecast` (a CSV file forecast offline, into the spec's output file) and
`almaty stats refresh-forecasts` (the platform's series forecast again, warnings raised)."""

from __future__ import annotations

import csv
import io
import math

import pytest

from almaty.forecasts import compute, services
from almaty.forecasts.engine import series as engine_series
from almaty.forecasts.engine.errors import NOTE, Issue
from almaty.forecasts.models import EarlyWarning, Forecast
from tests.cli.running import table_rows

SPEC_COLUMNS = ["series_id", "period", "model", "mean", "lo_80", "hi_80", "lo_95", "hi_95"]


def _monthly_csv(series=("AFG", "PAK"), months=48):
    """Seasonal monthly counts from 2020-01 on, a little different for each series."""
    lines = ["series_id,period,value"]
    for number, name in enumerate(series):
        for i in range(months):
            value = 300 + 25 * number + 60 * math.sin(2 * math.pi * i / 12) + 3 * i + (i * 7) % 5
            lines.append(f"{name},{2020 + i // 12}-{i % 12 + 1:02d},{value:.1f}")
    return "\n".join(lines) + "\n"


class FakeCompute:
    """compute.forecast_file standing in for the engine: reads the file with the engine's own
    checks, reports progress, and forecasts each series' last value."""

    def __init__(self, notes=(), skipped=()):
        self.calls = []
        self.notes = list(notes)
        self.skipped = set(skipped)

    def __call__(self, data, *, horizon, gaps="refuse", progress=None):
        self.calls.append({"horizon": horizon, "gaps": gaps})
        panel = engine_series.read_csv(data, gaps=gaps)
        rows, outcomes = [], {}
        for done, item in enumerate(panel.series, start=1):
            if item.series_id in self.skipped:
                outcomes[item.series_id] = compute.Outcome(skipped="too_short")
            else:
                last = float(item.values[-1])
                rows += [
                    {"series_id": item.series_id, "period": period, "model": "naive",
                     "mean": last, "lo_80": last - 10.5, "hi_80": last + 10.5,
                     "lo_95": last - 20, "hi_95": last + 20}
                    for period in item.future_periods(horizon)
                ]  # fmt: skip
                outcomes[item.series_id] = compute.Outcome()
            if progress is not None:
                progress(done, len(panel.series))
        return compute.FileForecast(rows=rows, outcomes=outcomes, history={}, notes=self.notes)


@pytest.fixture
def fake(monkeypatch):
    made = FakeCompute()
    monkeypatch.setattr(compute, "forecast_file", made)
    return made


@pytest.fixture
def write(tmp_path):
    def make(text, name="input.csv"):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return make


def _read(path):
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


# --- forecast: no database is used (these tests have none) -----------------------------------


def test_forecast_a_file_with_the_engine(almaty, write, tmp_path):
    output = tmp_path / "out.csv"

    run = almaty("stats", "forecast", write(_monthly_csv()), "--horizon", "3", "-o", str(output))

    assert run.exit_code == 0, run
    rows = _read(output)
    assert rows[0] == SPEC_COLUMNS
    assert [(r[0], r[1]) for r in rows[1:]] == [
        (s, p) for s in ("AFG", "PAK") for p in ("2024-01", "2024-02", "2024-03")
    ]
    for row in rows[1:]:
        low95, low80, mean, high80, high95 = (
            float(v) for v in (row[6], row[4], row[3], row[5], row[7])
        )
        assert low95 <= low80 <= mean <= high80 <= high95
    assert [r[0] for r in table_rows(run.stdout)] == ["AFG", "PAK"]
    assert f"2 series forecast 3 periods ahead, written to {output}." in run.out
    assert "Forecasting" in run.err  # the progress bar


def test_forecast_with_the_engine_skips_a_series_too_short(almaty, write, tmp_path):
    text = _monthly_csv(("AFG",)) + "TJK,2023-10,5\nTJK,2023-11,6\nTJK,2023-12,7\n"
    output = tmp_path / "out.csv"

    run = almaty("stats", "forecast", write(text), "--horizon", "2", "-o", str(output))

    assert run.exit_code == 0, run
    assert {r[0] for r in _read(output)[1:]} == {"AFG"}
    assert table_rows(run.stdout)[1] == ["TJK", "not forecast", "", "", ""]
    assert "TJK has 3 values; a forecast needs at least" in run.out
    assert "1 series forecast 2 periods ahead" in run.out


def test_forecast_writes_the_spec_file_and_a_summary(almaty, write, tmp_path, fake):
    output = tmp_path / "out.csv"
    text = "series_id,period,value\nKGZ,2024-01,1000\nKGZ,2024-02,1250.5\nTJK,2024-01,7\n"

    run = almaty("stats", "forecast", write(text), "--horizon", "2", "--output", str(output))

    assert run.exit_code == 0, run
    assert fake.calls == [{"horizon": 2, "gaps": "refuse"}]
    assert _read(output) == [
        SPEC_COLUMNS,
        ["KGZ", "2024-03", "naive", "1250.5", "1240", "1261", "1230.5", "1270.5"],
        ["KGZ", "2024-04", "naive", "1250.5", "1240", "1261", "1230.5", "1270.5"],
        ["TJK", "2024-02", "naive", "7", "-3.5", "17.5", "-13", "27"],
        ["TJK", "2024-03", "naive", "7", "-3.5", "17.5", "-13", "27"],
    ]
    assert table_rows(run.stdout) == [
        ["KGZ", "naive", "2024-03", "1,250.50", "1,240 – 1,261"],
        ["TJK", "naive", "2024-02", "7", "-3.50 – 17.50"],
    ]
    assert "2 series forecast 2 periods ahead" in run.out
    assert "Forecasting" in run.err  # the progress bar, at its end
    assert "2/2" in run.err


def test_forecast_shows_series_not_forecast_and_the_notes(almaty, write, tmp_path, monkeypatch):
    note = Issue("short", {"series_id": "KGZ", "points": "2"}, severity=NOTE)
    monkeypatch.setattr(compute, "forecast_file", FakeCompute(notes=[note], skipped={"TJK"}))
    text = "series_id,period,value\nKGZ,2024-01,1\nKGZ,2024-02,2\nTJK,2024-01,7\n"

    run = almaty("stats", "forecast", write(text), "-o", str(tmp_path / "out.csv"))

    assert run.exit_code == 0, run
    assert table_rows(run.stdout)[1] == ["TJK", "not forecast", "", "", ""]
    assert "KGZ is short (2 values): simple models" in run.out
    assert "1 series forecast 12 periods ahead" in run.out


def test_forecast_passes_the_gap_policy(almaty, write, tmp_path, fake):
    text = "series_id,period,value\nKGZ,2024-01,1\nKGZ,2024-03,2\nKGZ,2024-04,3\n"

    run = almaty(
        "stats", "forecast", write(text), "--gaps", "latest-run", "-o", str(tmp_path / "o.csv")
    )

    assert run.exit_code == 0, run
    assert fake.calls[0]["gaps"] == "latest_run"
    assert table_rows(run.stdout)[0][:3] == ["KGZ", "naive", "2024-05"]


def test_forecast_lists_the_problems_of_a_file_by_row(almaty, write, tmp_path, fake):
    text = "series_id,period,value\nKGZ,2024-01,1 000\nKGZ,2024-13,2\nKGZ,2024-03,3\n"
    output = tmp_path / "out.csv"

    run = almaty("stats", "forecast", write(text), "-o", str(output))

    assert run.exit_code == 2
    assert table_rows(run.stdout) == [
        ["2", "Row 2: '1 000' is not a number: use a decimal point and no thousands separator."],
        ["3", "Row 3: '2024-13' is not a period: write 2024, 2024-Q1 or 2024-03."],
    ]
    assert run.error == "Error: The file cannot be forecast: 2 problems."
    assert not output.exists()


def test_forecast_refuses_a_gap_unless_asked(almaty, write, tmp_path, fake):
    text = "series_id,period,value\nKGZ,2024-01,1\nKGZ,2024-03,2\n"

    run = almaty("stats", "forecast", write(text), "-o", str(tmp_path / "out.csv"))

    assert run.exit_code == 2
    assert "KGZ misses 1 period, from 2024-02" in run.out
    assert run.error == "Error: The file cannot be forecast: 1 problem."


def test_forecast_of_a_missing_file(almaty, tmp_path, fake):
    missing = tmp_path / "nothing.csv"

    run = almaty("stats", "forecast", str(missing), "-o", str(tmp_path / "out.csv"))

    assert run.exit_code == 2
    assert run.error == f"Error: There is no file {missing}."
    assert "Traceback" not in run.stdout + run.stderr
    assert fake.calls == []


def test_forecast_of_a_folder(almaty, tmp_path, fake):
    run = almaty("stats", "forecast", str(tmp_path), "-o", str(tmp_path / "out.csv"))

    assert run.exit_code == 2
    assert run.error == f"Error: {tmp_path} is a folder, not a file."


def test_forecast_of_a_file_that_is_not_csv(almaty, write, tmp_path):
    text = "series_id,period,value\nA,2024-01," + "x" * 200_000 + "\n"  # beyond csv's limit

    run = almaty("stats", "forecast", write(text), "-o", str(tmp_path / "out.csv"))

    assert run.exit_code == 2
    assert run.error == "Error: The file cannot be read as CSV."


@pytest.mark.parametrize("horizon", ["0", "13"])
def test_forecast_refuses_a_horizon_beyond_12(almaty, write, tmp_path, fake, horizon):
    run = almaty(
        "stats", "forecast", write("x"), "--horizon", horizon, "-o", str(tmp_path / "o.csv")
    )

    assert run.exit_code == 2
    assert run.error == "Error: The horizon must be between 1 and 12 periods ahead."
    assert fake.calls == []


def test_forecast_that_cannot_write_its_output(almaty, write, tmp_path, fake):
    text = "series_id,period,value\nKGZ,2024-01,1\nKGZ,2024-02,2\n"
    output = tmp_path / "no" / "such" / "folder.csv"

    run = almaty("stats", "forecast", write(text), "-o", str(output))

    assert run.exit_code == 2
    assert run.error.startswith(f"Error: Cannot write {output}: ")


def test_forecast_errors_in_russian(almaty, tmp_path, write, fake):
    missing = tmp_path / "nothing.csv"
    text = "series_id,period,value\nKGZ,2024-01,много\n"

    no_file = almaty("stats", "forecast", str(missing), "-o", "o.csv", language="ru")
    horizon = almaty(
        "stats", "forecast", write(text), "--horizon", "24", "-o", "o.csv", language="ru"
    )
    bad = almaty("stats", "forecast", write(text), "-o", str(tmp_path / "o.csv"), language="ru")

    assert no_file.exit_code == horizon.exit_code == bad.exit_code == 2
    assert no_file.err == f"Ошибка: Файла {missing} нет."
    assert horizon.err == "Ошибка: Горизонт должен быть от 1 до 12 периодов вперёд."
    assert bad.err.endswith("Ошибка: По файлу нельзя построить прогноз: 1 проблема.")
    assert table_rows(bad.stdout)[0][1].startswith("Строка 2: «много» — не число")


def test_forecast_help_in_russian(almaty):
    run = almaty("stats", "forecast", "--help", language="ru")

    assert run.exit_code == 0
    assert "Спрогнозировать каждый ряд CSV-файла" in run.out


# --- refresh-forecasts -----------------------------------------------------------------------


def _refreshed():
    forecast = Forecast(series_id="ENTRIES._T", indicator="ENTRIES", area="_T")
    warning = EarlyWarning(
        series_id="ENTRIES._T",
        indicator="ENTRIES",
        area="_T",
        kind="outside_interval",
        severity="high",
        period="2025-01",
        params={"value": 250.0, "low": 80.0, "high": 140.0, "mean": 110.0, "direction": "above"},
    )
    return services.RefreshResult(
        forecasts=[forecast, Forecast(series_id="ENTRIES.KGZ")],
        unchanged=1,
        skipped={"FRONTEX_IBC.UZB": "too_short", "ENTRIES.TJK": "failed"},
        warnings=[warning],
    )


@pytest.fixture
def refresh(monkeypatch):
    calls = []

    def fake_refresh(*, indicators=None, include_external=True, progress=None):
        calls.append(indicators)
        if progress is not None:
            progress(5, 5)
        return _refreshed()

    monkeypatch.setattr(services, "refresh", fake_refresh)
    return calls


def test_refresh_prints_what_it_made(almaty, refresh):
    run = almaty("stats", "refresh-forecasts")

    assert run.exit_code == 0, run
    assert refresh == [None]
    assert "2 forecasts made." in run.out
    assert "1 series unchanged since its last forecast." in run.out
    assert "2 series not forecast." in run.out
    assert "1 early warning raised." in run.out
    rows = table_rows(run.stdout)
    assert rows[:2] == [
        ["ENTRIES.TJK", "the method gave no forecast"],
        ["FRONTEX_IBC.UZB", "too few values"],
    ]
    assert rows[2][:2] == ["ENTRIES._T", "high"]
    assert rows[2][2].startswith("2025-01: 250 is above the 95% interval of its forecast")
    assert "Forecasting" in run.err


def test_refresh_of_some_indicators(almaty, refresh):
    run = almaty("stats", "refresh-forecasts", "--indicator", "entries", "--indicator", "EXITS")

    assert run.exit_code == 0, run
    assert refresh == [["ENTRIES", "EXITS"]]


def test_refresh_refuses_an_unknown_indicator(almaty, refresh):
    run = almaty("stats", "refresh-forecasts", "--indicator", "NOPE")

    assert run.exit_code == 1
    assert run.error == "Error: Unknown indicator 'NOPE'."
    assert refresh == []


def test_refresh_in_russian(almaty, refresh):
    run = almaty("stats", "refresh-forecasts", language="ru")

    assert run.exit_code == 0, run
    assert "Построено прогнозов: 2." in run.out


def test_refresh_with_nothing_published_makes_nothing(almaty, db):
    run = almaty("stats", "refresh-forecasts", "--indicator", "ENTRIES")

    assert run.exit_code == 0, run
    assert "0 forecasts made." in run.out
    assert "0 early warnings raised." in run.out
    assert Forecast.objects.count() == 0
