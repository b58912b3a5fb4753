"""Loading the external sources shipped with the platform into the statistics store.

Run by `almaty init` and `almaty stats load-external`: every SDMX source of `almaty.stats.engine.external` goes through
`services.load_external_source`, which stores it once (the same data is recognised by its
SHA-256) and supersedes an earlier load of the same source when the shipped file changed.
"""

from __future__ import annotations

from collections.abc import Callable

from almaty.stats import services
from almaty.stats.engine import external
from almaty.stats.models import Submission


def load_external_sources(progress: Callable[[int, int], None] | None = None) -> int:
    """Load every shipped external source; the number of sources loaded anew (0 when all were
    already loaded). `progress(done, total)`, if given, is called after each source."""
    codes = external.available()
    loaded = 0
    for done, code in enumerate(codes, start=1):
        frame = external.load(code).drop("SOURCE")
        before = Submission.objects.filter(source__code=code).count()
        services.load_external_source(source=external.SOURCES[code], frame=frame)
        loaded += Submission.objects.filter(source__code=code).count() > before
        if progress is not None:
            progress(done, len(codes))
    return loaded
