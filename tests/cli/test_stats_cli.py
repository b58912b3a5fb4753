"""`almaty stats validate|import|export`: checking, storing and exporting statistics files
from the command line; a file goes in whole or not at all."""

from __future__ import annotations

import csv
import io

import pytest

from almaty.core.models import AuditEntry
from almaty.stats import services
from almaty.stats.models import Observation, Submission
from tests.cli.running import table_rows
from tests.factories import stats as files


@pytest.fixture
def good(tmp_path):
    path = tmp_path / "kgz.csv"
    path.write_bytes(files.entries())
    return str(path)


@pytest.fixture
def bad(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(
        files.sdmx_csv(
            [
                files.row(),
                files.row(TIME_PERIOD="2024-13"),
                files.row(REF_AREA="KAZ", OBS_VALUE="1,5"),
            ]
        )
    )
    return str(path)


@pytest.fixture
def statistician(user_with_role):
    return user_with_role("statistician", "KGZ")


def _counts():
    return Submission.objects.count(), Observation.objects.count(), AuditEntry.objects.count()


def test_validate_a_good_file(almaty, reference, good):
    run = almaty("stats", "validate", good, "--state", "KGZ")

    assert run.exit_code == 0, run
    assert "2 rows checked: no errors, 0 warnings." in run.out


def test_validate_lists_problems_by_row_and_column_and_fails(almaty, reference, bad, tmp_path):
    errors = tmp_path / "errors.csv"

    run = almaty("stats", "validate", bad, "--state", "KGZ", "--errors-csv", str(errors))

    assert run.exit_code == 1
    rows = table_rows(run.stdout)
    assert rows[0][:3] == ["3", "TIME_PERIOD", "error"]
    assert {(r[0], r[1]) for r in rows} >= {("4", "REF_AREA"), ("4", "OBS_VALUE")}
    assert "errors." in run.err
    written = list(csv.DictReader(io.StringIO(errors.read_text(encoding="utf-8-sig"))))
    assert (written[0]["row"], written[0]["column"], written[0]["code"]) == (
        "3",
        "TIME_PERIOD",
        "bad_period",
    )
    assert "not a period" in written[0]["message"]


def test_import_stores_the_file_as_a_submission(almaty, statistician, good):
    run = almaty("stats", "import", good, "--as", statistician.email, "--sharing", "public")

    assert run.exit_code == 0, run
    submission = Submission.objects.get()
    assert f"Submission {submission.pk} stored: 2 rows, awaiting approval." in run.out
    assert (submission.sharing, submission.submitted_by) == ("public", statistician)


def test_import_of_a_bad_file_stores_nothing(almaty, statistician, bad):
    before = _counts()

    run = almaty("stats", "import", bad, "--as", statistician.email)

    assert run.exit_code == 1
    assert "Error: The file has 3 errors; nothing was stored." in run.error
    assert table_rows(run.stdout)
    assert _counts() == before


def test_import_for_another_state_is_refused(almaty, user_with_role, tmp_path):
    path = tmp_path / "kaz.csv"
    path.write_bytes(files.entries(area="KAZ"))
    user = user_with_role("statistician", "KGZ")

    run = almaty("stats", "import", str(path), "--as", user.email)

    assert run.exit_code == 1
    assert "You may not report for KAZ" in run.out


def test_import_needs_a_role_that_submits(almaty, user_with_role, good):
    run = almaty("stats", "import", good, "--as", user_with_role("chair", "KAZ").email)

    assert run.exit_code == 1
    assert "This needs the role Statistician" in run.error


@pytest.mark.parametrize("fmt", ["sdmx-csv", "csv", "xlsx", "sdmx-ml"])
def test_export_writes_published_data(almaty, statistician, user_with_role, tmp_path, fmt):
    coordinator = user_with_role("national_coordinator", "KGZ")
    submission = services.submission_create(
        user=statistician, data=files.entries(), filename="k.csv"
    )
    services.submission_approve(user=coordinator, submission=submission)
    services.submission_publish(user=coordinator, submission=submission, sharing="public")
    output = tmp_path / f"out.{fmt}"

    run = almaty("stats", "export", "--indicator", "ENTRIES", "--format", fmt, "-o", str(output))

    assert run.exit_code == 0, run
    assert "2 observations written to" in run.out
    assert output.stat().st_size > 0
    if fmt == "sdmx-ml":
        assert b"StructureSpecificData" in output.read_bytes()[:2000]


def test_the_export_formats_are_those_of_the_exports_module():
    from almaty.cli.stats import FORMATS
    from almaty.stats.exports import FORMATS as EXPORTS

    assert sorted(FORMATS) == sorted(EXPORTS)


def test_export_of_an_unknown_indicator_fails(almaty, reference, tmp_path):
    run = almaty("stats", "export", "--indicator", "NOPE", "-o", str(tmp_path / "x.csv"))

    assert run.exit_code == 1
    assert "No indicator NOPE" in run.error


def test_load_external_stores_the_shipped_sources_once(almaty, reference):
    first = almaty("stats", "load-external")
    again = almaty("stats", "load-external")

    assert first.exit_code == again.exit_code == 0
    assert "3 sources of public statistics loaded." in first.out
    assert "0 sources of public statistics loaded." in again.out


def test_refresh_analytics_rebuilds_the_dashboards_snapshot(almaty, reference, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    almaty("stats", "load-external")

    result = almaty("stats", "refresh-analytics")

    assert result.exit_code == 0
    assert "observations in" in result.out
    assert any((tmp_path / "stats" / "analytics").rglob("*.parquet"))
