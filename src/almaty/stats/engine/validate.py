"""Validation of a statistics submission against the exchange format and the catalogue.

Everything is vectorised: each rule is a polars expression over the whole file, and only the
rows it finds become `Issue`s. Row numbers are those a person sees in the file: the header is
row 1, the first data row is row 2 (a spreadsheet's row number; a CSV record's line number
when no quoted cell spans lines). Nothing here imports Django.

Issue codes and their `params` (the Django side renders the messages, in English and Russian):

=====================  ========  =======================  ===========================================
code                   row       column                   params
=====================  ========  =======================  ===========================================
empty_file             None      None                     {}
bad_encoding           line/None None                     encoding ("UTF-16"/"UTF-32"/"" = not
                                                          UTF-8), position (byte offset)
unreadable_file        None      None                     detail (technical, English)
wrong_field_count      row       None                     expected, found (number of fields)
missing_column         1         the column               column
unknown_column         1         None                     column (the header cell as written)
duplicate_column       1         the column               column
missing_value          row       the column               column
unknown_code           row       the column               column, value
wrong_dataflow         row       DATAFLOW                 value, expected, indicator
bad_period             row       TIME_PERIOD              value
wrong_periodicity      row       TIME_PERIOD              value, expected ("A"/"Q"/"M"), indicator
dimension_not_used     row       the dimension            column, value, indicator (must be "_Z")
dimension_required     row       the dimension            column, indicator ("_Z" where it is used)
wrong_unit             row       UNIT_MEASURE             value, expected, indicator
not_a_number           row       OBS_VALUE                value
negative_value         row       OBS_VALUE                value
too_long               row       COMMENT                  column, limit (characters)
wrong_area             row       REF_AREA                 value, allowed ("KAZ, KGZ")
duplicate_key          row       None                     rows (the other rows with the same key,
                                                          "3, 7"), first_row
totals_mismatch        total's   OBS_VALUE                dimension, total, sum, parts (count),
                                                          rows (the breakdown's rows)
totals_exceeded        total's   OBS_VALUE                same as totals_mismatch (a partial
                                                          breakdown whose sum exceeds the total)
too_many_issues        None      the rule's column/None   code, shown, found (one rule found more
                                                          rows than MAX_ISSUES_PER_RULE)
implausible (warning)  row       OBS_VALUE                value, min, max, known (history values)
pending_overlap        None      None                     id, slices (added by the services: a
(warning)                                                 submission not yet approved holds values
                                                          for the same State, indicator, period)
=====================  ========  =======================  ===========================================

All params are strings. File-level problems (encoding, header) stop validation: the rows are
not examined.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import polars as pl

from almaty.stats.engine import groups
from almaty.stats.engine.catalogue import Indicator, load_catalogue
from almaty.stats.engine.codelists import (
    AGE,
    NOT_APPLICABLE,
    OBS_STATUS,
    PURPOSE,
    SEX,
    UNIT_MEASURE,
    area_codes,
    iso3_codes,
)
from almaty.stats.engine.columns import COLUMNS, COMMENT_LIMIT, DIMENSIONS, KEY, REQUIRED_VALUES
from almaty.stats.engine.errors import ERROR, WARNING, FileProblem, Issue
from almaty.stats.engine.periods import parse_period
from almaty.stats.engine.readers import ROW, read_table

__all__ = [
    "ERROR",
    "WARNING",
    "Issue",
    "ValidationResult",
    "issues_csv",
    "read_table",
    "validate",
    "validate_file",
]

MAX_ISSUES_PER_RULE = 1000
STAGES = 5  # progress: read, row rules, duplicates, totals, plausibility
# Decimal point ".", no thousands separator; an exponent is tolerated (exports of some tools).
NUMBER = r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$"
Progress = Callable[[int, int], None]


@dataclass
class ValidationResult:
    """The normalised observations (meaningful only when ok) and the issues found.

    `frame` columns: the KEY columns (strings), `period_start` (Date), `freq`, `value`
    (Float64, null for OBS_STATUS M), UNIT_MEASURE, OBS_STATUS ("A" when left empty),
    COMMENT, DATAFLOW and `row` (the file row number).
    """

    frame: pl.DataFrame
    issues: list[Issue] = field(default_factory=list)
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not any(issue.severity == ERROR for issue in self.issues)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == WARNING]


@dataclass(frozen=True)
class _Rule:
    code: str
    column: str | None
    when: pl.Expr
    params: Mapping[str, pl.Expr]


def _empty_frame() -> pl.DataFrame:
    schema: dict[str, pl.DataType | type[pl.DataType]] = dict.fromkeys(KEY, pl.String)
    schema.update(
        period_start=pl.Date,
        freq=pl.String,
        value=pl.Float64,
        UNIT_MEASURE=pl.String,
        OBS_STATUS=pl.String,
        COMMENT=pl.String,
        DATAFLOW=pl.String,
        row=pl.Int64,
    )
    return pl.DataFrame(schema=schema)


def _attribute(values: list[object], dtype: type[pl.DataType]) -> pl.Expr:
    """The indicator attribute of each row, by the row's catalogue index (`_ind`)."""
    return pl.lit(pl.Series(values, dtype=dtype)).gather(pl.col("_ind"))


def _periods(frame: pl.DataFrame) -> tuple[pl.Expr, pl.Expr]:
    """`freq` and `period_start` of each row: a file holds few distinct periods, parse those."""
    distinct = [p for p in frame["TIME_PERIOD"].unique().to_list() if p is not None]
    parsed = {p: parse_period(p) for p in distinct}
    known = {p: v for p, v in parsed.items() if v is not None and p == p.strip()}
    column = pl.col("TIME_PERIOD")
    freq = column.replace_strict(
        list(known), [v[1] for v in known.values()], default=None, return_dtype=pl.String
    )
    start = column.replace_strict(
        list(known), [v[0] for v in known.values()], default=None, return_dtype=pl.Date
    )
    return freq, start


def _prepare(frame: pl.DataFrame, catalogue: Mapping[str, Indicator]) -> pl.DataFrame:
    """Add typed values and the indicator's attributes (`_` columns) to the text frame."""
    if ROW not in frame.columns:
        frame = frame.with_row_index(ROW, offset=2).with_columns(pl.col(ROW).cast(pl.Int64))
    frame = frame.with_columns(
        pl.lit(None, dtype=pl.String).alias(c) for c in COLUMNS if c not in frame.columns
    )
    inds = list(catalogue.values())
    number_ok = pl.col("OBS_VALUE").str.contains(NUMBER)
    freq, start = _periods(frame)
    frame = frame.with_columns(
        pl.col("INDICATOR")
        .replace_strict(
            [i.code for i in inds], list(range(len(inds))), default=None, return_dtype=pl.UInt32
        )
        .alias("_ind")
    )
    return frame.with_columns(
        pl.col("OBS_STATUS").fill_null("A"),
        pl.when(number_ok)
        .then(pl.col("OBS_VALUE").cast(pl.Float64, strict=False))
        .otherwise(None)
        .alias("value"),
        number_ok.alias("_number_ok"),
        freq.alias("freq"),
        start.alias("period_start"),
        _attribute([i.dataflow for i in inds], pl.String).alias("_dataflow"),
        _attribute([i.unit for i in inds], pl.String).alias("_unit"),
        _attribute([i.periodicity for i in inds], pl.String).alias("_periodicity"),
        _attribute([i.additive for i in inds], pl.Boolean).alias("_additive"),
        _attribute([i.tolerance for i in inds], pl.Float64).alias("_tolerance"),
        *(
            _attribute([i.uses(d) for i in inds], pl.Boolean).alias(f"_uses_{d}")
            for d in DIMENSIONS
        ),
        *groups.key_codes(),
    )


def _row_rules(catalogue: Mapping[str, Indicator], allowed_areas: set[str] | None) -> list[_Rule]:
    col = pl.col
    value_of = {"value": col("OBS_VALUE")}
    rules: list[_Rule] = [
        _Rule("missing_value", c, col(c).is_null(), {"column": pl.lit(c)}) for c in REQUIRED_VALUES
    ]
    rules.append(
        _Rule(
            "missing_value",
            "OBS_VALUE",
            col("OBS_VALUE").is_null() & (col("OBS_STATUS") != "M"),
            {"column": pl.lit("OBS_VALUE")},
        )
    )
    dimension_codes = {
        "COUNTERPART_AREA": area_codes(),
        "SEX": frozenset(SEX) | {NOT_APPLICABLE},
        "AGE": frozenset(AGE) | {NOT_APPLICABLE},
        "PURPOSE": frozenset(PURPOSE),
    }
    code_lists: dict[str, frozenset[str]] = {
        "DATAFLOW": frozenset(i.dataflow for i in catalogue.values()),
        "REF_AREA": iso3_codes(),
        "INDICATOR": frozenset(catalogue),
        **dimension_codes,
        "UNIT_MEASURE": frozenset(UNIT_MEASURE),
        "OBS_STATUS": frozenset(OBS_STATUS),
    }
    known = {c: col(c).is_in(sorted(codes)) for c, codes in code_lists.items()}
    rules.extend(
        _Rule(
            "unknown_code",
            c,
            col(c).is_not_null() & ~known[c],
            {"column": pl.lit(c), "value": col(c)},
        )
        for c in code_lists
    )
    rules.append(
        _Rule(
            "wrong_dataflow",
            "DATAFLOW",
            known["DATAFLOW"] & (col("DATAFLOW") != col("_dataflow")),
            {"value": col("DATAFLOW"), "expected": col("_dataflow"), "indicator": col("INDICATOR")},
        )
    )
    rules.append(
        _Rule(
            "bad_period",
            "TIME_PERIOD",
            col("TIME_PERIOD").is_not_null() & col("freq").is_null(),
            {"value": col("TIME_PERIOD")},
        )
    )
    rules.append(
        _Rule(
            "wrong_periodicity",
            "TIME_PERIOD",
            col("freq") != col("_periodicity"),
            {
                "value": col("TIME_PERIOD"),
                "expected": col("_periodicity"),
                "indicator": col("INDICATOR"),
            },
        )
    )
    for d in DIMENSIONS:
        uses = col(f"_uses_{d}")
        rules.append(
            _Rule(
                "dimension_not_used",
                d,
                ~uses & known[d] & (col(d) != NOT_APPLICABLE),
                {"column": pl.lit(d), "value": col(d), "indicator": col("INDICATOR")},
            )
        )
        rules.append(
            _Rule(
                "dimension_required",
                d,
                uses & (col(d) == NOT_APPLICABLE),
                {"column": pl.lit(d), "indicator": col("INDICATOR")},
            )
        )
    rules.append(
        _Rule(
            "wrong_unit",
            "UNIT_MEASURE",
            known["UNIT_MEASURE"] & (col("UNIT_MEASURE") != col("_unit")),
            {
                "value": col("UNIT_MEASURE"),
                "expected": col("_unit"),
                "indicator": col("INDICATOR"),
            },
        )
    )
    rules.append(
        _Rule(
            "not_a_number",
            "OBS_VALUE",
            col("OBS_VALUE").is_not_null()
            & (~col("_number_ok") | col("value").is_nan() | col("value").is_infinite()),
            value_of,
        )
    )
    rules.append(_Rule("negative_value", "OBS_VALUE", col("value") < 0, value_of))
    rules.append(
        _Rule(
            "too_long",
            "COMMENT",
            col("COMMENT").str.len_chars() > COMMENT_LIMIT,
            {"column": pl.lit("COMMENT"), "limit": pl.lit(str(COMMENT_LIMIT))},
        )
    )
    if allowed_areas is not None:
        allowed = ", ".join(sorted(allowed_areas))
        rules.append(
            _Rule(
                "wrong_area",
                "REF_AREA",
                known["REF_AREA"] & ~col("REF_AREA").is_in(sorted(allowed_areas)),
                {"value": col("REF_AREA"), "allowed": pl.lit(allowed)},
            )
        )
    return rules


def _apply_rules(frame: pl.DataFrame, rules: list[_Rule]) -> list[Issue]:
    flags = frame.select(
        rule.when.fill_null(False).alias(f"_rule{index}") for index, rule in enumerate(rules)
    )
    counts = flags.select(pl.all().sum()).row(0)
    issues: list[Issue] = []
    for index, (rule, found) in enumerate(zip(rules, counts, strict=True)):
        if not found:
            continue
        hits = frame.filter(flags[f"_rule{index}"]).head(MAX_ISSUES_PER_RULE)
        params = hits.select(
            pl.col(ROW),
            *(expr.cast(pl.String).fill_null("").alias(k) for k, expr in rule.params.items()),
        )
        names = list(rule.params)
        issues.extend(
            Issue(rec[0], rule.column, rule.code, dict(zip(names, rec[1:], strict=True)))
            for rec in params.iter_rows()
        )
        if found > MAX_ISSUES_PER_RULE:
            issues.append(_too_many(rule.code, rule.column, found))
    return issues


def _too_many(code: str, column: str | None, found: int) -> Issue:
    return Issue(
        None,
        column,
        "too_many_issues",
        {"code": code, "shown": str(MAX_ISSUES_PER_RULE), "found": str(found)},
    )


def _order(issue: Issue) -> tuple[int, int, str]:
    column = COLUMNS.index(issue.column) if issue.column in COLUMNS else -1
    return (issue.row or 0, column, issue.code)


def _normalised(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.select(
        *KEY,
        "period_start",
        "freq",
        "value",
        "UNIT_MEASURE",
        "OBS_STATUS",
        "COMMENT",
        "DATAFLOW",
        pl.col(ROW).cast(pl.Int64),
    )


def validate(
    frame: pl.DataFrame,
    *,
    catalogue: Mapping[str, Indicator],
    allowed_areas: set[str] | None = None,
    history: pl.DataFrame | None = None,
    progress: Progress | None = None,
) -> ValidationResult:
    """Check every rule of the exchange format on `frame` (as `read_table` returns it).

    `allowed_areas`: the REF_AREA codes the submitter reports for (None: any State).
    `history`: earlier values (SERIES_KEY columns + `value`) for the plausibility warning.
    `progress(done, STAGES)` is called after each stage.
    """
    return check(
        prepare(frame, catalogue),
        catalogue=catalogue,
        allowed_areas=allowed_areas,
        history=history,
        progress=progress,
    )


def prepare(frame: pl.DataFrame, catalogue: Mapping[str, Indicator]) -> pl.DataFrame:
    """`frame` (as `read_table` returns it) with the columns the rules and storing need: the
    period's start and frequency, the value as a number. Nothing is checked yet: `check`
    does."""
    return _prepare(frame, catalogue)


def check(
    prepared: pl.DataFrame,
    *,
    catalogue: Mapping[str, Indicator],
    allowed_areas: set[str] | None = None,
    history: pl.DataFrame | None = None,
    progress: Progress | None = None,
) -> ValidationResult:
    """Every rule of the exchange format on a `prepare`d frame (see `validate`)."""
    report = progress or (lambda done, total: None)
    issues = _apply_rules(prepared, _row_rules(catalogue, allowed_areas))
    report(2, STAGES)
    dup_mask = groups.duplicated(prepared)
    dup_issues, dup_found = groups.duplicate_issues(prepared, dup_mask, MAX_ISSUES_PER_RULE)
    issues.extend(dup_issues)
    if dup_found > MAX_ISSUES_PER_RULE:
        issues.append(_too_many("duplicate_key", None, dup_found))
    report(3, STAGES)
    issues.extend(groups.totals_issues(prepared, ~dup_mask))
    report(4, STAGES)
    if history is not None and history.height:
        issues.extend(groups.plausibility_issues(prepared, history))
    report(5, STAGES)
    issues.sort(key=_order)
    return ValidationResult(frame=_normalised(prepared), issues=issues, rows=prepared.height)


def validate_file(
    data: bytes,
    filename: str,
    *,
    catalogue: Mapping[str, Indicator] | None = None,
    allowed_areas: set[str] | None = None,
    history: pl.DataFrame | None = None,
    progress: Progress | None = None,
) -> ValidationResult:
    """Read (SDMX-CSV or XLSX) and validate; an unreadable file gives its issues, no rows."""
    report = progress or (lambda done, total: None)
    report(0, STAGES)
    try:
        frame = read_table(data, filename)
    except FileProblem as problem:
        report(STAGES, STAGES)
        return ValidationResult(frame=_empty_frame(), issues=problem.issues, rows=0)
    report(1, STAGES)
    return validate(
        frame,
        catalogue=catalogue if catalogue is not None else load_catalogue(),
        allowed_areas=allowed_areas,
        history=history,
        progress=report,
    )


def issues_csv(issues: list[Issue], render: Callable[[Issue], str]) -> bytes:
    """The issues as CSV (row, column, severity, code, message), UTF-8 with a BOM for Excel."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["row", "column", "severity", "code", "message"])
    for issue in issues:
        writer.writerow(
            [
                "" if issue.row is None else issue.row,
                issue.column or "",
                issue.severity,
                issue.code,
                render(issue),
            ]
        )
    return out.getvalue().encode("utf-8-sig")
