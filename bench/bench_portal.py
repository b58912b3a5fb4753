"""The public portal under load: p50/p95 latency and requests per second of the home page, a
meeting page, a document search and the members page at 20 concurrent clients, beside a bare
Django view (`/healthz`, through the same middleware) in the same run, with the public page
cache warm and with it turned off.

The instance is the embedded default as `make run` makes it: `almaty init` (migrate, collect
static files, reference data) on a temporary DATA_DIR with the base settings (SQLite, the
file-based cache), then `almaty serve` (gunicorn, its default two workers). On top of the
reference data: 1,000 English and 1,000 Russian public documents, indexed for search, and 30
more meetings. Each page gets `REQUESTS` requests (300 cached, 100 uncached) from `CLIENTS`
threads, English and Russian alternating (the search cycles through four queries per language). The uncached run uses
`bench.portal_settings` (the base settings with `PUBLIC_PAGE_CACHE = False`).

Figures: `<page>_<cached|uncached>_p50_ms`, `_p95_ms`, `_rps` and `_ratio` (the page's p95
over the bare view's p95 in the same run; the target is at most 3); `static_brotli` is 1 when
a static file is served brotli-compressed to a client that accepts it, and
`cached_hit_share` the share of cached-run answers that came from the cache.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from bench.run import REPO_ROOT, benchmark

CLIENTS = 20
REQUESTS = {"cached": 300, "uncached": 100}  # per page; fewer where each takes long
DOCUMENTS_PER_LANGUAGE = 1_000
MEETINGS = 30
SEED = 20_250_601
QUERIES = {
    "en": ["migrants", "labour migration", "refugees", "border management"],
    "ru": ["мигрантов", "трудовой миграции", "беженцев", "защиты беженцев"],
}
HOST = "127.0.0.1"


# --- the instance ---------------------------------------------------------------------------


def _env(data_dir: Path, settings: str = "almaty.config.settings.base") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG"}}
    env |= {
        "DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": settings,
        "LANG": "C.UTF-8",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH", "")])),
    }
    return env


def _almaty(*args: str) -> list[str]:
    return [sys.executable, "-c", "from almaty.cli.main import run; run()", *args]


def _run(command: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(
        command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=False, timeout=600
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:4])} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def populate() -> dict[str, Any]:
    """In a child with the base settings: documents, meetings, the search index; what to ask."""
    import django

    django.setup()
    from django.db.models import Count

    from almaty.archive import search
    from almaty.archive.choices import Access, DocumentKind, TranslationStatus
    from almaty.archive.models import Document, DocumentVersion
    from almaty.meetings.choices import MeetingKind
    from almaty.meetings.models import Meeting
    from bench.bench_search import ENGLISH, RUSSIAN, Writer

    rng = random.Random(SEED)
    Meeting.objects.bulk_create(
        Meeting(
            kind=MeetingKind.SOM,
            title_en=f"Senior Officials' Meeting {n}",
            title_ru=f"Совещание старших должностных лиц {n}",
            starts_on=dt.date(2014, 1, 1) + dt.timedelta(days=90 * n),
            ends_on=dt.date(2014, 1, 2) + dt.timedelta(days=90 * n),
        )
        for n in range(MEETINGS)
    )
    documents = Document.objects.bulk_create(
        Document(
            kind=rng.choice(DocumentKind.values),
            issued_on=dt.date(2013, 1, 1) + dt.timedelta(days=rng.randrange(12 * 365)),
            access=Access.PUBLIC,
        )
        for _ in range(2 * DOCUMENTS_PER_LANGUAGE)
    )
    writers = {"en": Writer(rng, "en", ENGLISH), "ru": Writer(rng, "ru", RUSSIAN)}
    DocumentVersion.objects.bulk_create(
        (
            DocumentVersion(
                document=document,
                language=(language := "en" if n < DOCUMENTS_PER_LANGUAGE else "ru"),
                title=writers[language].text(rng.randint(4, 9), title=True)[:500],
                text=writers[language].text(rng.randint(200, 400)),
                status=TranslationStatus.ORIGINAL,
            )
            for n, document in enumerate(documents)
        ),
        batch_size=1000,
    )
    search.rebuild()
    meeting = Meeting.objects.annotate(items=Count("agenda_items")).order_by("-items", "pk").first()
    assert meeting is not None
    return {"meeting_id": meeting.pk}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


class Server:
    """`almaty serve` in its own process group, stopped with it."""

    def __init__(self, env: dict[str, str]) -> None:
        self.port = _free_port()
        self.process = subprocess.Popen(
            _almaty("serve", "--host", HOST, "--port", str(self.port), "--no-worker"),
            cwd=REPO_ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"almaty serve exited with {self.process.returncode}")
            try:
                if get(self.port, "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("almaty serve did not answer within a minute")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


# --- the clients ----------------------------------------------------------------------------


def get(port: int, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        connection.close()


def _paths(name: str, meeting_id: int) -> Callable[[int], str]:
    def page(i: int) -> str:
        language = ("en", "ru")[i % 2]
        if name == "bare":
            return "/healthz"
        if name == "home":
            return f"/{language}/"
        if name == "meeting":
            return f"/{language}/meetings/{meeting_id}/"
        if name == "members":
            return f"/{language}/states/"
        words = QUERIES[language][(i // 2) % len(QUERIES[language])]
        return f"/{language}/documents/?q={quote(words)}"

    return page


PAGES = ("bare", "home", "meeting", "search", "members")


def _percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def load(port: int, path_of: Callable[[int], str], requests: int) -> dict[str, float]:
    """`requests` requests from CLIENTS threads; latency percentiles, throughput, cache hits."""
    counter = iter(range(requests))
    lock = threading.Lock()
    timings: list[float] = []
    hits = 0
    failures: list[str] = []

    def client() -> None:
        nonlocal hits
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            start = time.perf_counter()
            status, headers, _ = get(port, path_of(i))
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                timings.append(elapsed)
                hits += headers.get("x-public-cache") == "hit"
                if status != 200:
                    failures.append(f"{path_of(i)}: {status}")

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    if failures:
        raise AssertionError(f"{len(failures)} failed requests, e.g. {failures[:3]}")
    return {
        "p50_ms": statistics.median(timings),
        "p95_ms": _percentile(timings, 0.95),
        "rps": requests / wall,
        "hits": hits / requests,
    }


def measure(port: int, meeting_id: int, mode: str) -> dict[str, float]:
    figures: dict[str, float] = {}
    hits = []
    for name in PAGES:
        path_of = _paths(name, meeting_id)
        for i in range(2 * len(QUERIES["en"])):  # both languages, every query: warm
            get(port, path_of(i))
        result = load(port, path_of, REQUESTS[mode])
        for key in ("p50_ms", "p95_ms", "rps"):
            figures[f"{name}_{mode}_{key}"] = result[key]
        if name != "bare":
            hits.append(result["hits"])
    for name in PAGES[1:]:
        figures[f"{name}_{mode}_ratio"] = (
            figures[f"{name}_{mode}_p95_ms"] / figures[f"bare_{mode}_p95_ms"]
        )
    figures[f"{mode}_hit_share"] = statistics.mean(hits)
    return figures


def static_brotli(port: int) -> float:
    """1 if the stylesheet (hashed name, from the home page) comes brotli-compressed."""
    _, _, body = get(port, "/en/")
    found = re.search(rb'href="(/static/core/site\.[0-9a-f]+\.css)"', body)
    if found is None:
        return 0.0
    _, headers, _ = get(port, found.group(1).decode(), **{"Accept-Encoding": "br, gzip"})
    return 1.0 if headers.get("content-encoding") == "br" else 0.0


@benchmark(repeat=1, warmup=0)
def pages() -> dict[str, float]:
    figures: dict[str, float] = {"load_average_start": os.getloadavg()[0]}
    with tempfile.TemporaryDirectory(prefix="almaty-bench-portal-") as directory:
        data_dir = Path(directory) / "data"
        env = _env(data_dir)
        started = time.perf_counter()
        _run(_almaty("init", "--admin-email", "bench@example.org"), env)
        facts = json.loads(
            _run([sys.executable, "-m", "bench.bench_portal", "--populate"], env).splitlines()[-1]
        )
        figures["setup_seconds"] = time.perf_counter() - started
        for mode, settings in (
            ("cached", "almaty.config.settings.base"),
            ("uncached", "bench.portal_settings"),
        ):
            server = Server(_env(data_dir, settings))
            try:
                figures |= measure(server.port, facts["meeting_id"], mode)
                if mode == "cached":
                    figures["static_brotli"] = static_brotli(server.port)
            finally:
                server.stop()
    figures["load_average_end"] = os.getloadavg()[0]
    return figures


BENCHMARKS = [pages]


if __name__ == "__main__" and sys.argv[1:2] == ["--populate"]:
    print(json.dumps(populate()))
