"""Crossing records written in tests (tiny CSV files of Kazakhstan's border service), loads and
stay rules."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from typing import Any

import factory

from almaty.borders.choices import LoadStatus
from almaty.borders.engine.schema import SPEC_COLUMNS
from almaty.borders.models import CrossingLoad, StayRule

Row = dict[str, Any]


def crossing(
    record_id: str,
    direction: str,
    day: dt.date | str,
    *,
    doc: str = "FA1000001",
    nationality: str = "UZB",
    bcp: str = "KAZ-ALA-AIR",
    purpose: str = "PRIVATE",
    permit: str = "VISA_FREE",
    authorised: int | str = "",
    state: str = "KAZ",
    sex: str = "M",
    time: str = "10:00:00",
    **more: Any,
) -> Row:
    """One row of the crossing-records spec, recorded by Kazakhstan unless told otherwise."""
    return {
        "record_id": record_id,
        "recording_state": state,
        "bcp": bcp,
        "direction": direction,
        "crossed_at": f"{day}T{time}+05:00",
        "doc_type": "P",
        "doc_number": doc,
        "doc_issuer": nationality,
        "nationality": nationality,
        "surname": "Karimov",
        "given_names": "Aziz",
        "birth_date": "1990-04-01",
        "sex": sex,
        "purpose": purpose,
        "permit": permit,
        "authorised_stay_days": authorised,
        **more,
    }


def stay(
    prefix: str,
    entry: dt.date | str,
    exit_: dt.date | str | None,
    *,
    entry_time: str = "10:00:00",
    exit_time: str = "10:00:00",
    **fields: Any,
) -> list[Row]:
    """An entry and (unless `exit_` is None) the exit that ends the stay."""
    rows = [crossing(f"{prefix}-in", "ENTRY", entry, time=entry_time, **fields)]
    if exit_ is not None:
        rows.append(crossing(f"{prefix}-out", "EXIT", exit_, time=exit_time, **fields))
    return rows


def tourists(count: int, *, month: str = "2024-01", prefix: str = "T") -> list[Row]:
    """Short visits of Turkish tourists (one week each), to pad a file with good rows."""
    rows = []
    for n in range(count):
        day = 1 + n % 20
        rows += stay(
            f"{prefix}{n}",
            f"{month}-{day:02d}",
            f"{month}-{day + 6:02d}",
            doc=f"U{n:07d}",
            nationality="TUR",
            purpose="TOURISM",
            sex="F" if n % 2 else "M",
        )
    return rows


def january() -> list[Row]:
    """A small month of Kazakhstan's records: stays within and beyond the rules, an open stay,
    a citizen's trip and an exit without an entry."""
    return [
        # a citizen of Uzbekistan within his 30 days, one beyond them (left 36 days late)
        *stay("A", "2024-01-05", "2024-01-20", doc="FA1000001"),
        *stay("B", "2024-01-10", "2024-03-15", doc="FA1000002"),
        # a citizen of Russia (EAEU: 90 days) still in the country
        *stay("C", "2024-01-15", None, doc="7100000003", nationality="RUS", permit="EAEU"),
        # a citizen of Kazakhstan abroad and back: not a stay
        crossing("K-out", "EXIT", "2024-01-02", doc="N0000004", nationality="KAZ"),
        crossing("K-in", "ENTRY", "2024-01-09", doc="N0000004", nationality="KAZ"),
        # an exit with no entry before it
        crossing("O-out", "EXIT", "2024-01-03", doc="FA1000005"),
        *tourists(20),
    ]


def csv_bytes(rows: list[Row], columns: tuple[str, ...] = SPEC_COLUMNS) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


class CrossingLoadFactory(factory.django.DjangoModelFactory):
    """A load row (no records stored with it): done, of Kazakhstan unless told otherwise."""

    class Meta:
        model = CrossingLoad

    state = factory.LazyFunction(lambda: _state("KAZ"))
    file_name = factory.Sequence(lambda n: f"crossings-{n}.csv")
    sha256 = factory.Sequence(lambda n: hashlib.sha256(f"file {n}".encode()).hexdigest())
    status = LoadStatus.DONE
    rows_read = 50
    rows_accepted = 50


class StayRuleFactory(factory.django.DjangoModelFactory):
    """30 days per entry for any foreign national entering Kazakhstan, from 2015."""

    class Meta:
        model = StayRule

    state = factory.LazyFunction(lambda: _state("KAZ"))
    max_stay_days = 30
    valid_from = dt.date(2015, 1, 1)
    source = "A test rule."


def _state(iso3: str) -> Any:
    from almaty.process.models import State

    return State.objects.get(iso3=iso3)
