"""`almaty --lang ru process ...` speaks Russian: table headings, labels and errors.

These texts come from the Russian message catalogue (gettext)."""

from __future__ import annotations

from almaty.process.models import ChairPass
from tests.cli.running import table_rows


def test_rotation_table_labels_recorded_and_projected_terms_in_russian(almaty, reference):
    result = almaty("--lang", "ru", "process", "rotation", "--to", "2035", language="ru")

    rows = table_rows(result.stdout)
    assert "recorded" not in {row[3] for row in rows}
    assert "projected" not in {row[3] for row in rows}
    assert len({row[3] for row in rows}) == 2


def test_a_pass_by_an_observer_is_refused_in_russian(almaty, reference):
    result = almaty(
        "--lang", "ru", "process", "pass", "--state", "IRN", "--turn", "2027-04-24", language="ru"
    )

    assert result.exit_code == 1
    assert result.err == (
        "Ошибка: Отказаться от очереди может только государство-член; IRN не является членом "
        "на 2027-04-24."
    )
    assert not ChairPass.objects.filter(state__iso3="IRN").exists()
