"""Validation problems, refusals and statuses of the statistics exchange read in Russian."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from almaty.stats import messages, services
from almaty.stats.engine.errors import Issue
from almaty.stats.models import SubmissionStatus
from tests.factories import stats as files

CYRILLIC = re.compile("[\u0430-\u044f\u0451]", re.IGNORECASE)
PARAMS = {
    "column": "REF_AREA",
    "value": "KAZZ",
    "expected": "M",
    "indicator": "ENTRIES",
    "position": "17",
    "encoding": "",
    "detail": "BadZipFile",
    "found": "11",
    "rows": "3, 4",
    "first_row": "2",
    "dimension": "SEX",
    "total": "100",
    "sum": "90",
    "parts": "2",
    "limit": "1000",
    "allowed": "KGZ",
    "code": "bad_period",
    "shown": "1000",
    "min": "90",
    "id": "7",
    "slices": "KGZ ENTRIES",
    "max": "120",
    "known": "12",
}


@pytest.mark.parametrize("code", sorted(messages.MESSAGES))
def test_each_validation_problem_reads_in_russian(code):
    issue = Issue(row=12, column="REF_AREA", code=code, params=PARAMS)
    english = messages.render_issue(issue)
    with translation.override("ru"):
        russian = messages.render_issue(issue)

    assert russian != english
    assert russian.startswith("Строка 12, столбец REF_AREA: ")
    assert CYRILLIC.search(russian.split(": ", 1)[1])
    assert "%(" not in russian


def test_periodicity_is_named_in_words():
    issue = Issue(row=5, column="TIME_PERIOD", code="wrong_periodicity", params=PARAMS)

    with translation.override("ru"):
        text = messages.render_issue(issue)

    assert text == (
        "Строка 5, столбец TIME_PERIOD: ENTRIES представляется ежемесячно (например, 2024-03), "
        "а не как «KAZZ»."
    )


@pytest.mark.parametrize(
    ("row", "column", "prefix"),
    [(None, None, ""), (None, "SEX", "Столбец SEX: "), (7, None, "Строка 7: ")],
)
def test_the_place_of_a_problem_in_russian(row, column, prefix):
    issue = Issue(row=row, column=column, code="empty_file", params={})

    with translation.override("ru"):
        assert messages.render_issue(issue) == prefix + "В файле нет строк с данными."


def test_every_code_the_engine_documents_has_a_text():
    from almaty.stats.engine import validate

    documented = set(
        re.findall(
            r"^([a-z_]+)(?: \(warning\))?\s{2,}(?:row|None|line|1|total)",
            validate.__doc__ or "",
            re.MULTILINE,
        )
    )

    assert len(documented) > 20
    assert documented - {"code"} <= set(messages.MESSAGES)  # "code" heads the table


@pytest.mark.parametrize(("count", "word"), [(1, "ошибка"), (3, "ошибки"), (5, "ошибок")])
def test_refusal_counts_errors_in_russian(count, word):
    error = services.StatsValidationError([Issue(2, None, "empty_file")] * count)

    with translation.override("ru"):
        assert error.text == f"В файле {count} {word}; ничего не сохранено."


def test_a_refused_file_is_explained_in_russian(statistician):
    with pytest.raises(services.StatsValidationError) as caught:
        services.submission_create(
            user=statistician, data=files.entries(area="KAZ"), filename="kaz.csv"
        )

    with translation.override("ru"):
        texts = [messages.render_issue(i) for i in caught.value.issues]
    assert texts[0] == (
        "Строка 2, столбец REF_AREA: Вы не можете представлять данные за KAZ; "
        "вы представляете данные за: KGZ."
    )


def test_statuses_read_in_russian():
    with translation.override("ru"):
        assert str(SubmissionStatus.SUPERSEDED.label) == "заменена"
