"""Reference loading of the shipped external sources: stored once, published, with provenance."""

from __future__ import annotations

import datetime as dt

from almaty.stats.engine import external
from almaty.stats.external_loading import load_external_sources
from almaty.stats.models import ExternalSource, Observation, Submission, SubmissionStatus

SHIPPED_ROWS = sum(external.load(code).height for code in external.available())


def test_every_shipped_source_is_stored_published_with_its_provenance(reference):
    seen: list[tuple[int, int]] = []

    loaded = load_external_sources(progress=lambda done, total: seen.append((done, total)))

    assert (loaded, seen) == (3, [(1, 3), (2, 3), (3, 3)])
    sources = {s.code: s for s in ExternalSource.objects.all()}
    assert sorted(sources) == ["UNDESA", "UNHCR", "WDI"]
    assert sources["UNHCR"].licence == "CC BY 4.0"
    assert "0c16a6d0c2f37d8578f9b9e3d1e4459efe850398" in sources["UNHCR"].provenance
    assert sources["WDI"].name_ru == "Показатели мирового развития Всемирного банка"
    assert set(Submission.objects.values_list("status", "sharing")) == {
        (SubmissionStatus.PUBLISHED, "public")
    }
    assert Observation.objects.count() == SHIPPED_ROWS


def test_loading_again_adds_nothing(reference):
    load_external_sources()
    counts = Submission.objects.count(), Observation.objects.count()

    assert load_external_sources() == 0
    assert (Submission.objects.count(), Observation.objects.count()) == counts


def test_figures_arrive_as_shipped(reference):
    load_external_sources()

    kazakhstan = Observation.objects.get(
        indicator="MIGRANT_STOCK",
        ref_area="KAZ",
        period_start=dt.date(2024, 1, 1),
        counterpart="_T",
        sex="_T",
    )
    iran = Observation.objects.get(
        indicator="REMITTANCES_IN", ref_area="IRN", period_start=dt.date(2020, 1, 1)
    )
    assert kazakhstan.value > 1_000_000
    assert (kazakhstan.unit, kazakhstan.freq) == ("PS", "A")
    assert (iran.value, iran.obs_status) == (None, "M")
