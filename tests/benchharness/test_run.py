"""The benchmark harness, run on small benchmark modules written for each test (never bench/)."""

import io
import json
import re
import textwrap
from pathlib import Path

import pytest
from rich.console import Console

from bench.run import run_all

COUNTING = """
    from bench.run import benchmark

    calls = 0

    @benchmark(repeat=3, warmup=1)
    def count():
        global calls
        calls += 1
        return {"call": calls, "items_per_second": 100}

    BENCHMARKS = [count]
"""


@pytest.fixture
def bench_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "benchmarks"
    directory.mkdir()
    return directory


def write(directory: Path, name: str, source: str) -> None:
    (directory / name).write_text(textwrap.dedent(source))


def run(bench_dir: Path, results_dir: Path, **options):
    return run_all(bench_dir, results_dir, console=Console(file=io.StringIO()), **options)


def test_results_hold_the_environment_and_the_measured_runs(bench_dir, tmp_path):
    write(bench_dir, "bench_trivial.py", COUNTING)
    results_dir = tmp_path / "results"

    path, _ = run(bench_dir, results_dir)

    assert re.fullmatch(r"\d{8}T\d{6}Z\.json", path.name)
    assert sorted(p.name for p in results_dir.iterdir()) == sorted([path.name, "latest.json"])
    written = json.loads(path.read_text())
    assert json.loads((results_dir / "latest.json").read_text()) == written
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", written["timestamp"])
    assert written["python"].count(".") == 2
    assert written["platform"]
    assert written["cpu_count"] >= 1
    assert "git_commit" in written
    [result] = written["results"]
    assert result["name"] == "trivial.count"
    assert result["error"] is None
    assert len(result["seconds"]["runs"]) == 3
    assert result["seconds"]["min"] <= result["seconds"]["median"] <= result["seconds"]["max"]
    # The warm-up run (call 1) is not measured.
    assert result["figures"]["call"] == {
        "median": 3.0,
        "min": 2.0,
        "max": 4.0,
        "runs": [2.0, 3.0, 4.0],
    }
    assert result["figures"]["items_per_second"]["median"] == 100.0


def test_no_benchmarks_gives_an_empty_list(bench_dir, tmp_path):
    _, report = run(bench_dir, tmp_path / "results")

    assert report["results"] == []
    assert json.loads((tmp_path / "results" / "latest.json").read_text())["results"] == []


def test_every_kind_of_benchmark_item_is_run(bench_dir, tmp_path):
    write(
        bench_dir,
        "bench_kinds.py",
        """
        from bench.run import benchmark

        def plain():
            return None

        class Named:
            name = "object"

            def run(self):
                return {"rows_per_second": 5}

        @benchmark(name="decorated")
        def anything():
            return {}

        BENCHMARKS = [plain, Named(), anything]
        """,
    )

    _, report = run(bench_dir, tmp_path / "results", repeat=1, warmup=0)

    assert [r["name"] for r in report["results"]] == [
        "kinds.plain",
        "kinds.object",
        "kinds.decorated",
    ]
    assert all(r["error"] is None for r in report["results"])


def test_a_database_benchmark_gets_a_fresh_database_before_every_run(bench_dir, tmp_path):
    write(
        bench_dir,
        "bench_db.py",
        """
        from bench.run import benchmark

        @benchmark(database=True)
        def with_database():
            return None

        def without_database():
            return None

        BENCHMARKS = [with_database, without_database]
        """,
    )
    fresh = []

    run(bench_dir, tmp_path / "results", repeat=2, warmup=1, fresh_database=lambda: fresh.append(1))

    assert len(fresh) == 3


def test_a_failing_benchmark_is_recorded_and_the_others_still_run(bench_dir, tmp_path):
    write(
        bench_dir,
        "bench_mixed.py",
        """
        def broken():
            raise ValueError("no such table")

        def fine():
            return {"rows": 1}

        BENCHMARKS = [broken, fine]
        """,
    )

    _, report = run(bench_dir, tmp_path / "results", repeat=1, warmup=0)

    broken, fine = report["results"]
    assert broken["error"] == "ValueError: no such table"
    assert "seconds" not in broken
    assert fine["error"] is None
    assert fine["figures"]["rows"]["median"] == 1.0
