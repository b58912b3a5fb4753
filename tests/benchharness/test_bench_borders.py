"""The border-movements benchmark, run end to end at a small size (its steps in child processes)."""

from pathlib import Path

import pytest

from bench import bench_borders


def test_a_small_run_measures_every_step_and_caches_the_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BENCH_BORDERS_ROWS", "20000")
    monkeypatch.setenv("BENCH_BORDERS_CSV_ROWS", "5000")
    monkeypatch.setenv("BENCH_BORDERS_ACCURACY_PERSONS", "800")
    monkeypatch.setenv("BENCH_BORDERS_CACHE", str(tmp_path))

    figures = bench_borders.ten_million_records.run()

    assert figures is not None
    assert figures["rows"] == figures["parquet_ingest_records"] == 20_000
    assert figures["csv_ingest_records"] == 5_000
    # About 1% of the rows are refused and 1% are copies: the rest reach the batch.
    assert 150 < figures["parquet_ingest_rejected"] < 250
    assert 19_500 < figures["parquet_ingest_accepted"] + figures["parquet_ingest_rejected"] < 19_900
    assert (
        figures["derive_records"] == figures["bare_records"] == figures["parquet_ingest_accepted"]
    )
    assert figures["derive_stays"] == figures["bare_pairs"] > 5_000
    assert figures["derive_over_bare"] == pytest.approx(figures["derive_s"] / figures["bare_s"])
    assert figures["bare_wide_s"] > 0
    for step in ("csv_ingest", "parquet_ingest", "bare", "derive"):
        assert 50 < figures[f"{step}_peak_mb"] < 4096, step
        assert figures[f"{step}_records_per_s"] > 0, step
    assert figures["accuracy_type"] >= 0.95
    assert figures["accuracy_overstays_exact"] == 1.0
    assert figures["bars_met"] in (0.0, 1.0)
    assert "bare pairing query" in capsys.readouterr().out
    assert [p.suffix for p in sorted(tmp_path.glob("borders-*"))] == [".csv", ".parquet"]
