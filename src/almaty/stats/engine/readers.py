"""Reading a submission (SDMX-CSV or XLSX) into a frame of text columns.

Every column comes back as `pl.String` with surrounding spaces removed and empty cells null,
plus `row`: the row number a person sees in the file (header = row 1). Blank lines are
dropped but keep their numbers counted. A file that cannot be read raises `FileProblem`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Sequence

import openpyxl
import polars as pl

from almaty.stats.engine.columns import COLUMNS, OPTIONAL_COLUMNS
from almaty.stats.engine.errors import FileProblem, Issue

ROW = "row"
HEADER_ROWS = 1
MAX_ENCODING_ISSUES = 20
UTF8_BOM = b"\xef\xbb\xbf"
# SDMX-CSV 2.0 structure columns a tool may add; they carry nothing the dataflow does not.
IGNORED_COLUMNS = frozenset({"STRUCTURE", "STRUCTURE_ID", "ACTION"})
_OTHER_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def is_xlsx(data: bytes, filename: str) -> bool:
    return filename.lower().endswith((".xlsx", ".xlsm")) or data[:4] == b"PK\x03\x04"


def read_table(data: bytes, filename: str) -> pl.DataFrame:
    """The submission's cells as text (see the module docstring); raises FileProblem."""
    if not data.strip():
        raise FileProblem(Issue(None, None, "empty_file", {}))
    frame = _read_xlsx(data) if is_xlsx(data, filename) else _read_csv(data)
    if frame.height == 0:
        raise FileProblem(Issue(None, None, "empty_file", {}))
    return frame


# --- CSV ----------------------------------------------------------------------------------


def _check_encoding(data: bytes) -> bytes:
    """`data` without its UTF-8 BOM; raises FileProblem naming each line with a bad byte."""
    for bom, name in _OTHER_BOMS:
        if data.startswith(bom):
            raise FileProblem(
                Issue(None, None, "bad_encoding", {"encoding": name, "position": "0"})
            )
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as first:
        raise FileProblem(*_encoding_issues(data, first)) from None
    return data


def _encoding_issues(data: bytes, first: UnicodeDecodeError) -> list[Issue]:
    issues: list[Issue] = []
    error: UnicodeDecodeError | None = first
    offset = 0
    line = 1
    while error is not None and len(issues) < MAX_ENCODING_ISSUES:
        position = offset + error.start
        line += data.count(b"\n", offset, position)
        issues.append(
            Issue(line, None, "bad_encoding", {"encoding": "", "position": str(position)})
        )
        end = data.find(b"\n", position)
        if end < 0:
            break
        line += 1
        offset = end + 1
        try:
            data[offset:].decode("utf-8")
            error = None
        except UnicodeDecodeError as again:
            error = again
    return issues


def _header_issues(header: Sequence[str]) -> list[Issue]:
    issues: list[Issue] = []
    seen: set[str] = set()
    for name in header:
        if name in seen:
            issues.append(Issue(1, name, "duplicate_column", {"column": name}))
        seen.add(name)
        if name not in COLUMNS and name not in IGNORED_COLUMNS:
            issues.append(Issue(1, None, "unknown_column", {"column": name}))
    issues.extend(
        Issue(1, column, "missing_column", {"column": column})
        for column in COLUMNS
        if column not in seen and column not in OPTIONAL_COLUMNS
    )
    return issues


def _first_ragged_row(text: str, width: int) -> tuple[int, int] | None:
    """Slow path, only after polars refused the file: (row number, fields) of a bad record."""
    reader = csv.reader(io.StringIO(text))
    for number, record in enumerate(reader, start=1):
        if number > HEADER_ROWS and record and len(record) != width:
            return reader.line_num, len(record)
    return None


def _read_csv(data: bytes) -> pl.DataFrame:
    data = _check_encoding(data)
    first_line = data.split(b"\n", 1)[0].decode("utf-8").rstrip("\r")
    header = [name.strip() for name in next(csv.reader([first_line]), [])]
    if problems := _header_issues(header):
        raise FileProblem(*problems)
    try:
        frame = pl.read_csv(
            data,
            has_header=True,
            infer_schema=False,
            quote_char='"',
            raise_if_empty=False,
        )
    except pl.exceptions.PolarsError as exc:
        ragged = _first_ragged_row(data.decode("utf-8"), len(header))
        if ragged is not None:
            row, found = ragged
            raise FileProblem(
                Issue(
                    row,
                    None,
                    "wrong_field_count",
                    {"expected": str(len(header)), "found": str(found)},
                )
            ) from None
        raise FileProblem(
            Issue(None, None, "unreadable_file", {"detail": str(exc)[:200]})
        ) from None
    frame.columns = header  # polars keeps the cells' spaces in names; use the stripped ones
    frame = frame.with_row_index(ROW, offset=HEADER_ROWS + 1)
    return _normalise(frame)


def _blank_to_null(cell: pl.Expr) -> pl.Expr:
    return pl.when(cell.str.len_bytes() == 0).then(None).otherwise(cell)


def _normalise(frame: pl.DataFrame) -> pl.DataFrame:
    """Strip cells, empty -> null, add absent optional columns, drop blank rows."""
    text_columns = [c for c in frame.columns if c != ROW]
    frame = frame.with_columns(pl.col(c).cast(pl.String) for c in text_columns)
    # Stripping copies a column: only strip those that have spaces to lose (rarely any).
    padded = frame.select(
        (pl.col(c).str.len_bytes() != pl.col(c).str.strip_chars().str.len_bytes()).any()
        for c in text_columns
    ).row(0)
    frame = frame.with_columns(
        _blank_to_null(pl.col(c).str.strip_chars() if pad else pl.col(c)).alias(c)
        for c, pad in zip(text_columns, padded, strict=True)
    )
    frame = frame.with_columns(
        pl.lit(None, dtype=pl.String).alias(c) for c in COLUMNS if c not in frame.columns
    )
    blank = pl.all_horizontal(pl.col(c).is_null() for c in text_columns)
    frame = frame.filter(~blank)
    return frame.select(pl.col(ROW).cast(pl.Int64), *COLUMNS)


# --- XLSX ---------------------------------------------------------------------------------


def _cell_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        # A spreadsheet turns "2024-03" into a date: give the month back.
        if value.day == 1:
            return f"{value.year:04d}-{value.month:02d}"
        return value.isoformat()[:10]
    return str(value)


def _read_xlsx(data: bytes) -> pl.DataFrame:
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FileProblem(
            Issue(None, None, "unreadable_file", {"detail": type(exc).__name__})
        ) from None
    try:
        sheet = book.worksheets[0]
        rows: Iterable[tuple[object, ...]] = sheet.iter_rows(values_only=True)
        iterator = iter(rows)
        header_row = next(iterator, None)
        if header_row is None:
            raise FileProblem(Issue(None, None, "empty_file", {}))
        header = [(_cell_text(v) or "").strip() for v in header_row]
        while header and header[-1] == "":
            header.pop()
        if problems := _header_issues(header):
            raise FileProblem(*problems)
        width = len(header)
        numbers: list[int] = []
        columns: list[list[str | None]] = [[] for _ in header]
        for number, values in enumerate(iterator, start=HEADER_ROWS + 1):
            cells = [_cell_text(v) for v in values[:width]]
            if all(c is None for c in cells):
                continue
            numbers.append(number)
            for index in range(width):
                columns[index].append(cells[index] if index < len(cells) else None)
    finally:
        book.close()
    frame = pl.DataFrame(
        {ROW: numbers, **dict(zip(header, columns, strict=True))},
        schema={ROW: pl.Int64, **dict.fromkeys(header, pl.String)},
    )
    return _normalise(frame)
