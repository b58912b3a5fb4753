"""The crossing-records format (specs/crossing-records.md), its code lists, and the normalised
batch the engine stores and reads: one row per accepted crossing, with the time as UTC epoch
seconds for ordering and the local date as an epoch day for arithmetic that any SQL engine
does the same way."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pycountry

SPEC_COLUMNS: tuple[str, ...] = (
    "record_id",
    "recording_state",
    "bcp",
    "direction",
    "crossed_at",
    "doc_type",
    "doc_number",
    "doc_issuer",
    "nationality",
    "surname",
    "given_names",
    "birth_date",
    "sex",
    "purpose",
    "permit",
    "authorised_stay_days",
)
# Columns a file may leave out entirely (all their values unknown).
OPTIONAL_COLUMNS: frozenset[str] = frozenset(
    {"surname", "given_names", "birth_date", "sex", "permit", "authorised_stay_days", "doc_type"}
)
DIRECTIONS = ("ENTRY", "EXIT")
PURPOSES = (
    "WORK",
    "PRIVATE",
    "TOURISM",
    "BUSINESS",
    "STUDY",
    "TRANSIT",
    "OFFICIAL",
    "RESIDENCE",
    "OTHER",
)
PERMITS = ("VISA_FREE", "VISA", "WORK_PERMIT", "RESIDENCE_PERMIT", "EAEU", "LOCAL_BORDER")
SEXES = ("M", "F", "X")
DOC_TYPE_PATTERN = "^[A-Z][A-Z0-9<]?$"  # ICAO 9303: P, PT, I, ID, A, C, ...
MOVEMENT_TYPES = ("TRANSIT", "LOCAL", "CIRCULAR", "SEASONAL", "REGULAR")
MOVEMENT_BASES = ("transit", "local_permit", "local_trips", "seasonal", "circular", "regular")
# Real codes, not placeholders: ICAO 9303 (part 3) gives them to travellers without an ordinary
# nationality: XXA stateless person, XXB refugee (1951 Convention), XXC refugee (other
# instruments), XXX unspecified nationality.
ICAO_SPECIAL_NATIONALITIES = ("XXA", "XXB", "XXC", "XXX")

# The normalised batch (Parquet) the engine writes at ingest and reads when deriving.
BATCH_COLUMNS: tuple[tuple[str, str], ...] = (
    ("record_id", "VARCHAR"),
    ("recording_state", "VARCHAR"),
    ("bcp", "VARCHAR"),
    ("is_entry", "BOOLEAN"),
    ("crossed_at", "VARCHAR"),
    ("crossed_ts", "BIGINT"),
    ("record_no", "BIGINT"),  # unique in the State's batches: the order of loading
    ("crossed_day", "INTEGER"),
    ("crossed_month", "VARCHAR"),
    ("doc_type", "VARCHAR"),
    ("doc_number", "VARCHAR"),
    ("doc_issuer", "VARCHAR"),
    ("doc_key", "VARCHAR"),
    ("nationality", "VARCHAR"),
    ("surname", "VARCHAR"),
    ("given_names", "VARCHAR"),
    ("birth_date", "VARCHAR"),
    ("birth_year", "INTEGER"),
    ("sex", "VARCHAR"),
    ("purpose", "VARCHAR"),
    ("permit", "VARCHAR"),
    ("authorised_stay_days", "INTEGER"),
)

EPOCH = dt.date(1970, 1, 1)


def day_of(value: dt.date) -> int:
    """The epoch day (days since 1970-01-01) of a date."""
    return (value - EPOCH).days


def date_of(day: int) -> dt.date:
    """The date of an epoch day."""
    return EPOCH + dt.timedelta(days=int(day))


def country_codes() -> frozenset[str]:
    """Codes a document issuer or a nationality may carry: ISO 3166-1 alpha-3 and ICAO's own."""
    return frozenset(c.alpha_3 for c in pycountry.countries) | frozenset(ICAO_SPECIAL_NATIONALITIES)


@dataclass(frozen=True)
class ValidCodes:
    """The code lists a load is checked against (the defaults are the spec's)."""

    countries: frozenset[str] = field(default_factory=country_codes)
    purposes: tuple[str, ...] = PURPOSES
    permits: tuple[str, ...] = PERMITS
    sexes: tuple[str, ...] = SEXES
