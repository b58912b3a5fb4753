"""Reading a State's crossing records (CSV or Parquet) into a normalised batch.

Each row is checked against the spec; rows that fail are not stored and are reported by row
number, column and reason. A record already loaded in an earlier batch of the State is
skipped when it is the same crossing, and refused as a conflict when it is not. The batch
file appears whole or not at all (written beside its place, then renamed).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from almaty.borders.engine import schema

Progress = Callable[[str, int, int], None]
SAMPLE_LIMIT = 100
REQUIRED_VALUES = (
    "record_id",
    "recording_state",
    "bcp",
    "direction",
    "crossed_at",
    "doc_number",
    "doc_issuer",
    "nationality",
)
TIME_PATTERN = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)$"
BIRTH_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
MAX_AUTHORISED_DAYS = 3650


class IngestError(Exception):
    """A whole file cannot be read (`code`: unreadable, missing_columns, empty)."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass
class IngestReport:
    """What a load read, kept, skipped and refused, and why."""

    rows_read: int = 0
    rows_accepted: int = 0
    rows_rejected: int = 0
    rows_already_loaded: int = 0
    duplicates_in_file: int = 0
    rejected_by_reason: dict[str, int] = field(default_factory=dict)
    samples: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> IngestReport:
        names = cls.__dataclass_fields__.keys()
        return cls(**{k: v for k, v in data.items() if k in names})


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _codes(values: Sequence[str]) -> str:
    return "(" + ", ".join(_literal(v) for v in values) + ")"


def connect(
    threads: int | None = None, memory_limit: str | None = None
) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection in UTC, with the given limits."""
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute("SET enable_progress_bar = false")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    if memory_limit:
        con.execute(f"SET memory_limit = {_literal(memory_limit)}")
    return con


def _source(path: Path, con: duckdb.DuckDBPyConnection, file_no: int) -> str:
    """A SELECT of the file's spec columns as text, with its row numbers."""
    suffix = path.suffix.lower()
    name = _literal(str(path))
    if not path.exists() or path.stat().st_size == 0:
        raise IngestError("empty", file=path.name)
    if suffix == ".parquet":
        reader = f"read_parquet({name}, file_row_number = true)"
    elif suffix in {".csv", ".txt"}:
        reader = (
            f"read_csv({name}, header = true, all_varchar = true, delim = ',', quote = '\"', "
            "escape = '\"', null_padding = false)"
        )
    else:
        raise IngestError("unreadable", file=path.name)
    try:
        described = con.execute(f"DESCRIBE SELECT * FROM {reader}").fetchall()
    except duckdb.Error as error:
        raise IngestError("unreadable", file=path.name) from error
    types = {str(row[0]).strip().lower(): str(row[1]).upper() for row in described}
    missing = [
        c for c in schema.SPEC_COLUMNS if c not in types and c not in schema.OPTIONAL_COLUMNS
    ]
    if missing:
        raise IngestError("missing_columns", file=path.name, columns=", ".join(missing))
    columns = []
    for column in schema.SPEC_COLUMNS:
        kind = types.get(column)
        if kind is None:
            columns.append(f"NULL::VARCHAR AS {column}")
        elif kind.startswith("TIMESTAMP WITH TIME ZONE"):
            columns.append(f"strftime({column}, '%Y-%m-%dT%H:%M:%S') || '+00:00' AS {column}")
        elif kind.startswith("TIMESTAMP"):
            columns.append(f"strftime({column}, '%Y-%m-%dT%H:%M:%S') AS {column}")
        else:
            columns.append(f"NULLIF(trim(CAST({column} AS VARCHAR)), '') AS {column}")
    # Row numbers as a reader counts them: the header is line 1 of a CSV file.
    row = "file_row_number + 1" if suffix == ".parquet" else "row_number() OVER () + 1"
    return (
        f"SELECT {_literal(path.name)} AS file, {file_no} AS file_no, "
        f"CAST({row} AS BIGINT) AS row, {', '.join(columns)} FROM {reader}"
    )


def _value_of(column: str) -> str:
    """The text of the column whose name `column` holds."""
    cases = " ".join(f"WHEN {_literal(c)} THEN CAST({c} AS VARCHAR)" for c in schema.SPEC_COLUMNS)
    return f"CASE {column} {cases} END"


def _checks(recording_state: str) -> list[tuple[str, str, str]]:
    """(reason, column, SQL condition that is true when the row fails), in the order reported."""
    checks = [("missing_value", c, f"{c} IS NULL") for c in REQUIRED_VALUES]
    checks += [
        (
            "wrong_state",
            "recording_state",
            f"upper(recording_state) <> {_literal(recording_state)}",
        ),
        ("bad_direction", "direction", f"upper(direction) NOT IN {_codes(schema.DIRECTIONS)}"),
        (
            "bad_time",
            "crossed_at",
            f"NOT regexp_full_match(crossed_at, {_literal(TIME_PATTERN)}) "
            "OR _ts IS NULL OR _local_date IS NULL",
        ),
        ("bad_country", "doc_issuer", "upper(doc_issuer) NOT IN (SELECT code FROM _countries)"),
        ("bad_country", "nationality", "upper(nationality) NOT IN (SELECT code FROM _countries)"),
        (
            "bad_doc_type",
            "doc_type",
            f"doc_type IS NOT NULL AND NOT regexp_full_match(upper(doc_type), "
            f"{_literal(schema.DOC_TYPE_PATTERN)})",
        ),
        (
            "bad_purpose",
            "purpose",
            "purpose IS NOT NULL AND upper(purpose) NOT IN (SELECT code FROM _purposes)",
        ),
        (
            "bad_permit",
            "permit",
            "permit IS NOT NULL AND upper(permit) NOT IN (SELECT code FROM _permits)",
        ),
        ("bad_sex", "sex", "sex IS NOT NULL AND upper(sex) NOT IN (SELECT code FROM _sexes)"),
        (
            "bad_birth_date",
            "birth_date",
            f"birth_date IS NOT NULL AND (NOT regexp_full_match(birth_date, {_literal(BIRTH_PATTERN)}) "
            "OR (length(birth_date) = 10 AND TRY_CAST(birth_date AS DATE) IS NULL) "
            "OR (length(birth_date) = 7 AND TRY_CAST(birth_date || '-01' AS DATE) IS NULL) "
            "OR substr(birth_date, 1, 4) > substr(crossed_at, 1, 4) "
            "OR substr(birth_date, 1, 4) < '1900')",
        ),
        (
            "bad_days",
            "authorised_stay_days",
            "authorised_stay_days IS NOT NULL AND (_days IS NULL "
            f"OR _days NOT BETWEEN 0 AND {MAX_AUTHORISED_DAYS})",
        ),
    ]
    return checks


NORMALISED = """
    record_id,
    upper(recording_state) AS recording_state,
    upper(bcp) AS bcp,
    upper(direction) = 'ENTRY' AS is_entry,
    crossed_at,
    CAST(epoch(_ts) AS BIGINT) AS crossed_ts,
    CAST(0 AS BIGINT) AS record_no,
    CAST(date_diff('day', DATE '1970-01-01', _local_date) AS INTEGER) AS crossed_day,
    substr(crossed_at, 1, 7) AS crossed_month,
    upper(doc_type) AS doc_type,
    doc_number,
    upper(doc_issuer) AS doc_issuer,
    upper(doc_issuer) || ':' || regexp_replace(upper(doc_number), '[^0-9A-Z]', '', 'g') AS doc_key,
    upper(nationality) AS nationality,
    surname,
    given_names,
    birth_date,
    TRY_CAST(substr(birth_date, 1, 4) AS INTEGER) AS birth_year,
    upper(sex) AS sex,
    upper(purpose) AS purpose,
    upper(permit) AS permit,
    _days AS authorised_stay_days
"""
# What makes two rows with one record_id the same crossing.
CONTENT = (
    "hash(recording_state, bcp, is_entry, crossed_ts, doc_key, nationality, purpose, permit, "
    "authorised_stay_days, surname, given_names, birth_date, sex, doc_type)"
)
ROW_KEY = "file_no * 10000000000 + row"  # unique in a load, in the order of its files and rows


def _register_codes(con: duckdb.DuckDBPyConnection, codes: schema.ValidCodes) -> None:
    for table, values in (
        ("_countries", sorted(codes.countries)),
        ("_purposes", list(codes.purposes)),
        ("_permits", list(codes.permits)),
        ("_sexes", list(codes.sexes)),
    ):
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table} (code VARCHAR)")
        con.executemany(f"INSERT INTO {table} VALUES (?)", [(v,) for v in values])


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0] or 0) if row else 0


def _checked_sql(sources: list[str], recording_state: str) -> str:
    """Every row read, normalised, with the first reason it fails ("reason:column") if any,
    and the failing value."""
    checks = _checks(recording_state)
    reason = (
        "CASE "
        + " ".join(f"WHEN {cond} THEN {_literal(r + ':' + c)}" for r, c, cond in checks)
        + " END"
    )
    parsed = f"""
        SELECT *,
               CASE WHEN regexp_full_match(crossed_at, {_literal(TIME_PATTERN)})
                    THEN TRY_CAST(crossed_at AS TIMESTAMPTZ) END AS _ts,
               TRY_CAST(substr(crossed_at, 1, 10) AS DATE) AS _local_date,
               TRY_CAST(authorised_stay_days AS INTEGER) AS _days
        FROM ({" UNION ALL ".join(sources)}) u"""
    return f"""
        SELECT file, row, {ROW_KEY} AS row_key, {NORMALISED}, _reason AS reason,
               CASE WHEN _reason IS NOT NULL
                    THEN {_value_of("split_part(_reason, ':', 2)")} END AS value
        FROM (SELECT *, {reason} AS _reason FROM ({parsed}) p) c"""


def ingest(
    paths: Sequence[Path],
    *,
    recording_state: str,
    out: Path,
    known: Sequence[Path] = (),
    valid_codes: schema.ValidCodes | None = None,
    progress: Progress | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
) -> IngestReport:
    """Check `paths` and write their accepted rows, normalised, to `out` (no file when none)."""
    if not paths:
        raise IngestError("empty", file="")
    step = progress or (lambda name, done, total: None)
    con = con or connect()
    _register_codes(con, valid_codes or schema.ValidCodes())
    recording_state = recording_state.upper()

    step("read", 0, 4)
    sources = [_source(Path(p), con, n) for n, p in enumerate(paths)]
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _checked AS " + _checked_sql(sources, recording_state)
    )
    rows_read = _count(con, "SELECT count(*) FROM _checked")
    if rows_read == 0:
        raise IngestError("empty", file=", ".join(Path(p).name for p in paths))

    step("check", 1, 4)
    # One record_id twice in the file: identical copies are kept once; differing ones refused.
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _dups AS
        SELECT record_id, count(*) AS copies, count(DISTINCT {CONTENT}) AS versions,
               min(row_key) AS keep
        FROM _checked
        WHERE reason IS NULL AND record_id IN (
            SELECT record_id FROM _checked WHERE reason IS NULL
            GROUP BY record_id HAVING count(*) > 1)
        GROUP BY record_id"""
    )
    duplicates_in_file = _count(
        con, "SELECT coalesce(sum(copies - 1), 0) FROM _dups WHERE versions = 1"
    )
    # Rows that pass every check but are not stored: differing copies, and all identical copies
    # but the first.
    con.execute(
        """CREATE OR REPLACE TEMP TABLE _drop AS
        SELECT c.row_key FROM _checked c JOIN _dups d ON d.record_id = c.record_id
        WHERE c.reason IS NULL AND (d.versions > 1 OR c.row_key <> d.keep)"""
    )
    unique = """
        SELECT * FROM _checked
        WHERE reason IS NULL AND row_key NOT IN (SELECT row_key FROM _drop)"""

    step("compare", 2, 4)
    earlier = [Path(p) for p in known if Path(p).exists()]
    first_no = 1
    if earlier:
        listed = "[" + ", ".join(_literal(str(p)) for p in earlier) + "]"
        first_no = _count(con, f"SELECT max(record_no) FROM read_parquet({listed})") + 1
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE _status AS
            SELECT u.row_key, u.record_id,
                   CASE WHEN k.content = {CONTENT.replace("hash(", "hash(u.").replace(", ", ", u.")}
                        THEN 'loaded' ELSE 'conflict' END AS status
            FROM ({unique}) u
            JOIN (SELECT record_id, {CONTENT} AS content FROM read_parquet({listed})) k
              ON k.record_id = u.record_id"""
        )
    else:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _status (row_key BIGINT, record_id VARCHAR, status VARCHAR)"
        )
    counts = dict(con.execute("SELECT status, count(*) FROM _status GROUP BY status").fetchall())
    problems = """
        SELECT split_part(reason, ':', 1) AS reason, split_part(reason, ':', 2) AS reason_column,
               file, row, record_id, value
        FROM _checked WHERE reason IS NOT NULL
        UNION ALL
        SELECT 'duplicate', 'record_id', file, row, record_id, record_id FROM _checked
        WHERE reason IS NULL AND record_id IN (SELECT record_id FROM _dups WHERE versions > 1)
        UNION ALL
        SELECT 'conflict', 'record_id', c.file, c.row, c.record_id, c.record_id
        FROM _checked c JOIN _status s ON s.row_key = c.row_key WHERE s.status = 'conflict'"""
    by_reason = dict(
        con.execute(
            f"SELECT reason, count(*) FROM ({problems}) p GROUP BY reason ORDER BY reason"
        ).fetchall()
    )
    samples = [
        {
            "file": file,
            "row": int(row),
            "record_id": record_id,
            "reason": reason_code,
            "column": reason_column,
            "value": value or "",
        }
        for reason_code, reason_column, file, row, record_id, value in con.execute(
            f"SELECT * FROM ({problems}) p ORDER BY file, row LIMIT {SAMPLE_LIMIT}"
        ).fetchall()
    ]

    step("write", 3, 4)
    con.execute("INSERT INTO _drop SELECT row_key FROM _status")
    new_rows = """
        SELECT * FROM _checked
        WHERE reason IS NULL AND row_key NOT IN (SELECT row_key FROM _drop)"""
    accepted = (
        rows_read
        - _count(con, "SELECT count(*) FROM _checked WHERE reason IS NOT NULL")
        - _count(con, "SELECT count(*) FROM _drop")
    )
    out = Path(out)
    if accepted:
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(f".{out.name}.{os.getpid()}.partial")
        names = ", ".join(
            f"{first_no} + row_key AS record_no" if name == "record_no" else name
            for name, _ in schema.BATCH_COLUMNS
        )
        con.execute(
            f"""COPY (SELECT {names} FROM ({new_rows}) n)
            TO {_literal(str(partial))} (FORMAT parquet)"""
        )
        os.replace(partial, out)
    step("write", 4, 4)
    return IngestReport(
        rows_read=rows_read,
        rows_accepted=accepted,
        rows_rejected=sum(int(v) for v in by_reason.values()),
        rows_already_loaded=int(counts.get("loaded", 0)),
        duplicates_in_file=duplicates_in_file,
        rejected_by_reason={str(k): int(v) for k, v in by_reason.items()},
        samples=samples,
    )
