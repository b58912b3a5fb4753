"""`almaty borders`: loading a State's crossing records and writing its stays, overstays and
indicators from the command line."""

from __future__ import annotations

import polars as pl
import pytest

from almaty.borders import storage
from almaty.borders.models import CrossingLoad, StayRule
from almaty.core.models import AuditEntry
from tests.cli.running import table_rows
from tests.factories.borders import crossing, csv_bytes, january, tourists

pytestmark = pytest.mark.usefixtures("data_dir")


@pytest.fixture
def january_file(tmp_path):
    path = tmp_path / "january.csv"
    path.write_bytes(csv_bytes(january()))
    return str(path)


@pytest.fixture
def loaded_by_cli(almaty, reference, january_file):
    from almaty.borders import services

    services.stay_rules_sync(states=["KAZ"])
    run = almaty("borders", "load", january_file, "--state", "KAZ")
    assert run.exit_code == 0, run.err
    return run


def test_load_stores_the_files_and_prints_what_it_found(loaded_by_cli):
    load = CrossingLoad.objects.get()

    assert table_rows(loaded_by_cli.stdout) == [
        [str(load.pk), "january.csv", "done", "48", "0", "0"]
    ]
    assert (
        "Stays: 23 (open: 1); overstays in the country: 0, after leaving: 1; as of 2024-03-15."
        in loaded_by_cli.out
    )
    assert load.created_by is None
    assert AuditEntry.objects.get(message_key="borders.loaded").actor_label == "system"


def test_loading_the_same_file_again_changes_nothing(almaty, loaded_by_cli, january_file):
    load = CrossingLoad.objects.get()

    run = almaty("borders", "load", january_file, "--state", "KAZ")

    assert run.exit_code == 0
    assert run.out == (
        f"This file was already loaded for KAZ (load {load.pk}); nothing was changed."
    )
    assert CrossingLoad.objects.count() == 1


def test_several_files_are_loaded_and_derived_once(almaty, reference, tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_bytes(csv_bytes(tourists(10)))
    second.write_bytes(csv_bytes(tourists(10, month="2024-02", prefix="F")))

    run = almaty("borders", "load", str(first), str(second), "--state", "kaz")

    assert run.exit_code == 0
    assert [row[2] for row in table_rows(run.stdout)] == ["done", "done"]
    assert len(storage.batch_paths("KAZ")) == 2
    assert "Stays: 20 (open: 0)" in run.out


def test_a_file_with_too_many_bad_rows_is_refused_with_its_rows(almaty, reference, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes([*tourists(5), crossing("X1", "SIDEWAYS", "2024-01-04", doc="X1")]))

    run = almaty("borders", "load", str(path), "--state", "KAZ")

    assert run.exit_code == 2
    assert ["12", "direction", "SIDEWAYS", "the direction is neither ENTRY nor EXIT"] in table_rows(
        run.stdout
    )
    assert run.error.startswith("Error: 1 of 11 rows were rejected (9.1%)")
    assert storage.batch_paths("KAZ") == []


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["/no/such/file.csv", "--state", "KAZ"], "Error: There is no file /no/such/file.csv."),
        (["{file}", "--state", "XYZ"], "Error: There is no State XYZ."),
    ],
)
def test_bad_input_exits_2_with_the_reason(almaty, reference, january_file, args, error):
    run = almaty("borders", "load", *[a.replace("{file}", january_file) for a in args])

    assert run.exit_code == 2
    assert run.error == error
    assert CrossingLoad.objects.count() == 0


def test_an_unknown_engine_is_a_usage_error(almaty, reference, january_file):
    run = almaty("borders", "load", january_file, "--state", "KAZ", "--engine", "pandas")

    assert run.exit_code == 2
    assert "'pandas' is not one of 'duckdb', 'spark'" in run.err


def test_a_user_given_must_be_a_border_analyst_of_the_state(
    almaty, reference, other_analyst, january_file
):
    run = almaty("borders", "load", january_file, "--state", "KAZ", "--as", other_analyst.email)

    assert run.exit_code == 2
    assert run.error == "Error: This needs the role Border analyst."


@pytest.mark.parametrize("name", ["stays.csv", "stays.parquet"])
def test_stays_are_written_and_the_read_audited(almaty, kaz_records, tmp_path, name):
    output = tmp_path / name

    run = almaty("borders", "stays", "--state", "KAZ", "--output", str(output))

    assert run.exit_code == 0
    assert run.out == f"23 stays written to {output}."
    frame = pl.read_csv(output) if name.endswith(".csv") else pl.read_parquet(output)
    assert frame.height == 23
    assert {"person_key", "movement_type", "overstay_days"} <= set(frame.columns)
    entry = AuditEntry.objects.get(message_key="borders.stays_read")
    assert (entry.actor_label, entry.params) == ("system", {"state": "KAZ", "rows": 23})


def test_stays_as_a_border_analyst_are_audited_as_them(almaty, kaz_records, analyst, tmp_path):
    output = tmp_path / "stays.csv"

    almaty("borders", "stays", "--state", "KAZ", "-o", str(output), "--as", analyst.email)

    assert AuditEntry.objects.get(message_key="borders.stays_read").actor == analyst


def test_overstays_as_of_a_date(almaty, kaz_records, tmp_path):
    output = tmp_path / "overstays.csv"

    run = almaty(
        "borders", "overstays", "--state", "KAZ", "--as-of", "2024-06-30", "--output", str(output)
    )

    assert run.exit_code == 0
    assert run.out == f"2 overstays as of 2024-06-30 written to {output}."
    assert pl.read_csv(output)["kind"].to_list() == ["IN_COUNTRY", "OUT_OF_COUNTRY"]
    entry = AuditEntry.objects.get(message_key="borders.overstays_read")
    assert entry.params == {"state": "KAZ", "rows": 2, "as_of": "2024-06-30"}


def test_a_date_that_is_not_one_is_a_usage_error(almaty, reference, tmp_path):
    run = almaty("borders", "overstays", "--state", "KAZ", "--as-of", "31.12.2024",
                 "--output", str(tmp_path / "o.csv"))  # fmt: skip

    assert run.exit_code == 2
    assert "31.12.2024" in run.err


def test_indicators_are_written_as_sdmx_csv(almaty, kaz_records, tmp_path):
    output = tmp_path / "indicators.csv"

    run = almaty("borders", "indicators", "--state", "KAZ", "--output", str(output))

    frame = pl.read_csv(output)
    assert run.exit_code == 0
    assert run.out == f"{frame.height} indicator values written to {output}."
    assert set(frame["REF_AREA"]) == {"KAZ"}


@pytest.mark.parametrize(
    ("command", "name", "error"),
    [
        ("stays", "stays.xlsx", "Error: Name the output file {path} with one of the extensions "
         ".parquet, .csv."),
        ("indicators", "indicators.parquet", "Error: Name the output file {path} with one of "
         "the extensions .csv."),
    ],
)  # fmt: skip
def test_an_output_of_another_kind_is_refused(almaty, reference, tmp_path, command, name, error):
    output = tmp_path / name

    run = almaty("borders", command, "--state", "KAZ", "--output", str(output))

    assert run.exit_code == 2
    assert run.error == error.format(path=output)
    assert not output.exists()


def test_a_state_without_records_has_nothing_to_write(almaty, reference, tmp_path):
    run = almaty("borders", "stays", "--state", "KGZ", "--output", str(tmp_path / "s.csv"))

    assert run.exit_code == 2
    assert run.error == "Error: No crossing records of KGZ have been loaded yet."


def test_generated_records_load_as_they_are(almaty, reference, tmp_path):
    output = tmp_path / "kgz.parquet"

    made = almaty("borders", "generate", "--state", "KGZ", "--persons", "50",
                  "--end", "2024-04-30", "--output", str(output))  # fmt: skip
    loaded = almaty("borders", "load", str(output), "--state", "KGZ")

    assert made.exit_code == 0
    rows = pl.read_parquet(output).height
    assert made.out == f"{rows} crossing records written to {output}."
    assert loaded.exit_code == 0
    assert table_rows(loaded.stdout)[0][2:4] == ["done", str(rows)]


def test_records_are_made_up_only_for_the_regions_states(almaty, tmp_path):
    run = almaty("borders", "generate", "--state", "FRA", "--output", str(tmp_path / "a.csv"))

    assert run.exit_code == 2
    assert run.error.startswith("Error: Records can be made up for AFG, AZE")


def test_sync_rules_loads_the_defaults_once(almaty, reference):
    first = almaty("borders", "sync-rules")
    again = almaty("borders", "sync-rules")

    assert first.out == f"{StayRule.objects.count()} default stay rules loaded."
    assert again.out == "The default stay rules are already loaded; nothing to do."


def test_help_describes_the_group(almaty):
    run = almaty("borders", "--help")

    assert "Border movements: load a State's crossing records" in run.out
    for command in ("load", "stays", "overstays", "indicators", "generate", "sync-rules"):
        assert command in run.out


def test_without_spark_installed_a_spark_load_stores_nothing(
    almaty, reference, january_file, monkeypatch
):
    from almaty.borders import jobs
    from almaty.borders.engine.dialects import EngineUnavailable

    def no_spark(*args, **kwargs):
        raise EngineUnavailable("spark")

    monkeypatch.setattr(jobs, "derive", no_spark)

    run = almaty("borders", "load", january_file, "--state", "KAZ", "--engine", "spark")

    assert run.exit_code == 2
    assert run.error.startswith("Error: The Spark engine is not installed on this server")
    assert CrossingLoad.objects.get().engine == "spark"
    assert storage.batch_paths("KAZ") == []
