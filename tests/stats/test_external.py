"""External sources load as public reference data, once per version of their data."""

from __future__ import annotations

import pytest

from almaty.core.errors import InvalidInput
from almaty.stats import services
from almaty.stats.models import ExternalSource, Observation, Submission, SubmissionStatus
from tests.factories import stats as files


def test_an_external_source_is_stored_published_with_its_provenance(reference):
    submission = services.load_external_source(source=files.SOURCE, frame=files.external_frame())

    source = ExternalSource.objects.get(code="UNDESA_STOCK")
    assert source.licence == "CC BY 3.0 IGO"
    assert source.loaded_at is not None
    assert (submission.status, submission.sharing, submission.source) == (
        SubmissionStatus.PUBLISHED,
        "public",
        source,
    )
    values = dict(
        Observation.objects.filter(submission=submission).values_list("ref_area", "value")
    )
    assert values == {"KGZ": 200_000.0, "KAZ": 3_700_000.0}


def test_loading_the_same_data_again_adds_nothing(reference):
    first = services.load_external_source(source=files.SOURCE, frame=files.external_frame())
    counts = Submission.objects.count(), Observation.objects.count()

    again = services.load_external_source(source=files.SOURCE, frame=files.external_frame())

    assert again == first
    assert (Submission.objects.count(), Observation.objects.count()) == counts


def test_new_data_of_a_source_supersedes_the_earlier_load(reference):
    first = services.load_external_source(source=files.SOURCE, frame=files.external_frame())
    newer = files.external_frame({("KGZ", "2020"): 210_000.0, ("KGZ", "2024"): None})

    second = services.load_external_source(source=files.SOURCE, frame=newer)

    first.refresh_from_db()
    assert first.status == SubmissionStatus.SUPERSEDED
    assert second.revision_of == first
    current = Observation.objects.filter(superseded=False, submission__source__code="UNDESA_STOCK")
    assert sorted(current.values_list("period_start__year", "value")) == [
        (2020, 210_000.0),
        (2024, None),
    ]


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (files.external_frame(indicator="NOT_AN_INDICATOR"), "not in the catalogue"),
        (files.external_frame({("KGZ", "2020-W01"): 1.0}), "not SDMX periods"),
        (files.external_frame().drop("REF_AREA"), "no column REF_AREA"),
    ],
)
def test_external_data_the_catalogue_does_not_know_is_refused(reference, frame, message):
    with pytest.raises(InvalidInput, match=message):
        services.load_external_source(source=files.SOURCE, frame=frame)

    assert not Submission.objects.exists()
