"""Writes of the statistics exchange: the catalogue, submissions and their review, external
sources. A file is validated whole before anything is stored, and stored whole or not at all.

Workflow (one service per transition, see TRANSITIONS): a stored submission is `validated`;
the State's National Coordinator (or the Support Unit) approves it, which locks it, and
publishes it to members or to the public. A submission that covers an (area, indicator,
period) already approved is a revision: the earlier values stay stored and, once the revision
is approved, are marked superseded (still shown as earlier values, no longer current).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache
from typing import Any

import polars as pl
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from almaty.core.audit import audit_record
from almaty.core.errors import InvalidInput
from almaty.core.models import AuditAction
from almaty.process.models import State
from almaty.stats import access, analytics, storage
from almaty.stats.engine import catalogue as engine_catalogue
from almaty.stats.engine import errors as engine_errors
from almaty.stats.engine import validate as engine_validate
from almaty.stats.models import (
    ExternalSource,
    Indicator,
    Observation,
    ObservationSlice,
    Sharing,
    Submission,
    SubmissionStatus,
)

Progress = Callable[[int, int], None]
StepProgress = Callable[[str, int, int], None]  # step ("check" or "store"), done, total
CURRENT = (SubmissionStatus.APPROVED, SubmissionStatus.PUBLISHED)

# transition -> (statuses it starts from, status it leads to)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "approve": ((SubmissionStatus.VALIDATED,), SubmissionStatus.APPROVED),
    "publish": (
        (SubmissionStatus.APPROVED, SubmissionStatus.PUBLISHED),
        SubmissionStatus.PUBLISHED,
    ),
}


class StatsValidationError(InvalidInput):
    """The file was refused (or its warnings await confirmation); `issues` lists why, by row
    and column. Nothing was stored."""

    def __init__(self, issues: list[Any], *, needs_confirmation: bool = False) -> None:
        self.issues = issues
        self.needs_confirmation = needs_confirmation
        if needs_confirmation:
            message = ngettext_lazy(
                "The file has %(n)s warning to confirm; nothing was stored.",
                "The file has %(n)s warnings to confirm; nothing was stored.",
                "n",
            )
        else:
            message = ngettext_lazy(
                "The file has %(n)s error; nothing was stored.",
                "The file has %(n)s errors; nothing was stored.",
                "n",
            )
        super().__init__(message, n=len(issues))


# --- catalogue -------------------------------------------------------------------------------


@cache
def catalogue() -> dict[str, Any]:
    """The engine's indicator catalogue (read once per process)."""
    return engine_catalogue.load_catalogue()


def catalogue_sync() -> int:
    """Make the Indicator rows equal to the catalogue; returns how many were created or changed.
    Rows of indicators no longer in the catalogue are kept: observations may still use them."""
    changed = 0
    existing = {row.code: row for row in Indicator.objects.all()}
    for code, item in catalogue().items():
        values = {
            "dataflow": item.dataflow,
            "name_en": item.name_en,
            "name_ru": item.name_ru,
            "definition_en": item.definition_en,
            "definition_ru": item.definition_ru,
            "unit": item.unit,
            "periodicity": item.periodicity,
            "dimensions": ",".join(item.dimensions),
            "additive": item.additive,
            "tolerance": float(item.tolerance),
            "bilateral": item.bilateral or "",
            "source": item.source,
        }
        row = existing.get(code)
        if row is None:
            Indicator.objects.create(code=code, **values)
            changed += 1
        elif any(getattr(row, key) != value for key, value in values.items()):
            Indicator.objects.filter(pk=row.pk).update(**values)
            changed += 1
    return changed


# --- validation and storing ------------------------------------------------------------------


def _allowed_areas(user: Any) -> set[str]:
    areas = access.require_submitter(user)
    if areas is None:
        return set(State.objects.values_list("iso3", flat=True))
    return areas


def _history(areas: set[str] | None) -> pl.DataFrame | None:
    """The current values of the areas' series, for the plausibility check."""
    from almaty.stats.selectors import history_frame

    return history_frame(areas=areas)


def file_check(
    *,
    data: bytes,
    filename: str,
    areas: set[str] | None = None,
    progress: Progress | None = None,
) -> engine_validate.ValidationResult:
    """Check a file against the catalogue and the stored history, for `areas` (None: any
    State); nothing is stored. For operators' command-line checks."""
    return engine_validate.validate_file(
        data,
        filename,
        catalogue=catalogue(),
        allowed_areas=areas,
        history=_history(areas),
        progress=progress,
    )


def submission_validate(
    *, user: Any, data: bytes, filename: str, progress: Progress | None = None
) -> engine_validate.ValidationResult:
    """Check a file as the user would submit it (only for the States they report for);
    nothing is stored."""
    return file_check(data=data, filename=filename, areas=_allowed_areas(user), progress=progress)


def _slices(frame: pl.DataFrame) -> dict[tuple[str, str], list[Any]]:
    """The (area, indicator) pairs of a frame with the period starts it covers."""
    grouped = (
        frame.select(
            pl.col("REF_AREA").cast(pl.String),
            pl.col("INDICATOR").cast(pl.String),
            pl.col("period_start"),
        )
        .unique()
        .group_by("REF_AREA", "INDICATOR")
        .agg(pl.col("period_start"))
    )
    return {(area, code): starts for area, code, starts in grouped.iter_rows()}


def _in_slices(slices: dict[tuple[str, str], list[Any]]) -> Q:
    where = Q()
    for (area, code), starts in slices.items():
        where |= Q(ref_area=area, indicator=code, period_start__in=starts)
    return where


def _current_observations(
    slices: dict[tuple[str, str], list[Any]], exclude: int | None = None
) -> QuerySet[Observation]:
    """Current (approved or published, not superseded) observations in the given slices."""
    if not slices or not Submission.objects.filter(status__in=CURRENT).exists():
        return Observation.objects.none()
    holders = ObservationSlice.objects.filter(
        _in_slices(slices), submission__status__in=CURRENT
    ).values("submission_id")
    found = Observation.objects.filter(
        _in_slices(slices),
        submission_id__in=holders,
        superseded=False,
        submission__status__in=CURRENT,
    )
    if exclude is not None:
        found = found.exclude(submission_id=exclude)
    return found


def _file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _pending_overlaps(frame: pl.DataFrame) -> list[engine_errors.Issue]:
    """A warning for each submission awaiting approval that holds values for the same State,
    indicator and period as the file (both approved, the one approved last would count)."""
    slices = _slices(frame)
    if not slices or not Submission.objects.filter(status=SubmissionStatus.VALIDATED).exists():
        return []  # (the common case, without building the query over every slice)
    found: dict[int, set[tuple[str, str]]] = {}
    rows = (
        ObservationSlice.objects.filter(
            _in_slices(slices), submission__status=SubmissionStatus.VALIDATED
        )
        .values_list("submission_id", "ref_area", "indicator")
        .distinct()
    )
    for submission_id, area, code in rows:
        found.setdefault(submission_id, set()).add((area, code))
    return [
        engine_errors.Issue(
            row=None,
            column=None,
            code="pending_overlap",
            params={"id": str(pk), "slices": ", ".join(f"{a} {c}" for a, c in sorted(pairs))},
            severity=engine_errors.WARNING,
        )
        for pk, pairs in sorted(found.items())
    ]


def _refuse_resubmission(digest: str) -> None:
    same = (
        Submission.objects.filter(sha256=digest, source__isnull=True)
        .exclude(status=SubmissionStatus.SUPERSEDED)
        .first()
    )
    if same is not None:
        raise InvalidInput(_("This file was already submitted (submission %(id)s)."), id=same.pk)


def submission_precheck(*, user: Any, data: bytes) -> None:
    """What refuses a file before it is checked row by row (e.g. before it is queued): a user
    who may not submit, a file already submitted. Nothing is stored."""
    _allowed_areas(user)
    _refuse_resubmission(_file_digest(data))


@transaction.atomic
def submission_create(
    *,
    user: Any,
    data: bytes,
    filename: str,
    sharing: str = Sharing.MEMBERS,
    confirm: bool = False,
    progress: StepProgress | None = None,
) -> Submission:
    """Validate and store a file of observations, all of them or none.

    Errors refuse the file (StatsValidationError with the issues); warnings (e.g. a value far
    outside its series' history) refuse it too unless `confirm` is given.
    """
    if sharing not in Sharing.values:
        raise InvalidInput(
            _("Unknown sharing level '%(value)s': use one of %(allowed)s."),
            value=sharing,
            allowed=", ".join(Sharing.values),
        )

    def step(name: str) -> Progress | None:
        return None if progress is None else (lambda done, total: progress(name, done, total))

    result = submission_validate(user=user, data=data, filename=filename, progress=step("check"))
    if not result.ok:
        raise StatsValidationError([i for i in result.issues if i.severity == "error"])
    digest = _file_digest(data)
    _refuse_resubmission(digest)
    warnings = [i for i in result.issues if i.severity != "error"]
    warnings += _pending_overlaps(result.frame)
    if warnings and not confirm:
        raise StatsValidationError(warnings, needs_confirmation=True)
    frame = result.frame
    areas = sorted(frame.get_column("REF_AREA").cast(pl.String).unique().to_list())
    codes = sorted(frame.get_column("INDICATOR").cast(pl.String).unique().to_list())
    earlier = (
        _current_observations(_slices(frame))
        .order_by("-submission_id")
        .values_list("submission_id", flat=True)
        .first()
    )
    submission = Submission.objects.create(
        state=State.objects.filter(iso3=areas[0]).first() if len(areas) == 1 else None,
        indicators=",".join(codes)[:500],
        file_name=filename[:255],
        sha256=digest,
        sharing=sharing,
        submitted_by=user if getattr(user, "is_authenticated", False) else None,
        revision_of_id=earlier,
        rows=frame.height,
    )
    storage.store(storage.observation_rows(frame, submission.pk), step("store"))
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        obj=submission,
        message_key="statistics.submitted",
        params={
            "id": submission.pk,
            "file": submission.file_name,
            "rows": submission.rows,
            "areas": ", ".join(areas),
        },
    )
    return submission


# --- review ----------------------------------------------------------------------------------


def _transition(submission: Submission, name: str) -> str:
    sources, target = TRANSITIONS[name]
    if submission.status not in sources:
        raise InvalidInput(
            _("Submission %(id)s is %(status)s: this step is not possible now."),
            id=submission.pk,
            status=submission.get_status_display(),
        )
    return target


def _locked(submission: Submission) -> Submission:
    return (
        Submission.objects.select_for_update(of=("self",))
        .select_related("state", "source")
        .get(pk=submission.pk)
    )


def _supersede_earlier(submission: Submission) -> int:
    """Mark the current values the submission replaces as superseded; an earlier submission
    left without current values becomes superseded itself. Returns the values marked."""
    frame = pl.DataFrame(
        list(
            ObservationSlice.objects.filter(submission=submission).values_list(
                "ref_area", "indicator", "period_start"
            )
        ),
        schema={"REF_AREA": pl.String, "INDICATOR": pl.String, "period_start": pl.Date},
        orient="row",
    )
    replaced = _current_observations(_slices(frame), exclude=submission.pk)
    touched = set(replaced.values_list("submission_id", flat=True).distinct())
    count = replaced.update(superseded=True)
    for earlier in touched:
        if not Observation.objects.filter(submission_id=earlier, superseded=False).exists():
            Submission.objects.filter(pk=earlier).update(status=SubmissionStatus.SUPERSEDED)
    return count


@transaction.atomic
def submission_approve(*, user: Any, submission: Submission) -> Submission:
    """Approve (and lock) a validated submission; a revision supersedes the values it
    replaces."""
    submission = _locked(submission)
    access.require_approver(user, submission)
    submission.status = _transition(submission, "approve")
    submission.approved_by = user
    submission.approved_at = timezone.now()
    submission.save(update_fields=["status", "approved_by", "approved_at"])
    replaced = _supersede_earlier(submission)
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        obj=submission,
        message_key="statistics.approved",
        params={"id": submission.pk, "file": submission.file_name, "replaced": replaced},
    )
    if replaced:  # published values were superseded
        transaction.on_commit(
            lambda: analytics.schedule_refresh(indicators=submission.indicators.split(","))
        )
    return submission


@transaction.atomic
def submission_publish(*, user: Any, submission: Submission, sharing: str) -> Submission:
    """Publish an approved submission to members or to the public (or change its sharing)."""
    if sharing not in Sharing.values:
        raise InvalidInput(
            _("Unknown sharing level '%(value)s': use one of %(allowed)s."),
            value=sharing,
            allowed=", ".join(Sharing.values),
        )
    submission = _locked(submission)
    access.require_approver(user, submission)
    submission.status = _transition(submission, "publish")
    submission.sharing = sharing
    submission.published_at = submission.published_at or timezone.now()
    submission.save(update_fields=["status", "sharing", "published_at"])
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        obj=submission,
        message_key="statistics.published",
        params={"id": submission.pk, "file": submission.file_name, "sharing": sharing},
    )
    transaction.on_commit(
        lambda: analytics.schedule_refresh(indicators=submission.indicators.split(","))
    )
    return submission


# --- external sources ------------------------------------------------------------------------

SOURCE_FIELDS = ("name_en", "name_ru", "provenance", "licence", "url", "retrieved")


@transaction.atomic
def load_external_source(
    *, source: dict[str, Any], frame: pl.DataFrame, actor: Any | None = None
) -> Submission:
    """Store an external source's observations (SDMX layout), published to the public.

    Idempotent: the same data (by SHA-256) loads once; new data of the same source supersedes
    the earlier load."""
    code = str(source.get("code") or "").strip()
    if not code:
        raise InvalidInput(_("An external source needs a code."))
    digest = storage.frame_digest(frame)
    existing = (
        Submission.objects.filter(source__code=code, sha256=digest)
        .exclude(status=SubmissionStatus.SUPERSEDED)
        .first()
    )
    if existing is not None:
        return existing
    normalised = storage.external_frame(frame, code, set(catalogue()))
    now = timezone.now()
    values = {f: str(source.get(f) or "") for f in SOURCE_FIELDS}
    values["name_en"] = values["name_en"] or code
    values["name_ru"] = values["name_ru"] or values["name_en"]
    record, _created = ExternalSource.objects.update_or_create(
        code=code, defaults={**values, "loaded_at": now}
    )
    earlier = list(
        Submission.objects.filter(source=record).exclude(status=SubmissionStatus.SUPERSEDED)
    )
    codes = sorted(normalised.get_column("INDICATOR").unique().to_list())
    submission = Submission.objects.create(
        source=record,
        indicators=",".join(codes)[:500],
        file_name=str(source.get("file") or code)[:255],
        sha256=digest,
        status=SubmissionStatus.PUBLISHED,
        sharing=Sharing.PUBLIC,
        approved_at=now,
        published_at=now,
        revision_of=earlier[0] if earlier else None,
        rows=normalised.height,
    )
    storage.store(storage.observation_rows(normalised, submission.pk), None)
    if earlier:
        Observation.objects.filter(submission__in=earlier).update(superseded=True)
        Submission.objects.filter(pk__in=[e.pk for e in earlier]).update(
            status=SubmissionStatus.SUPERSEDED
        )
    audit_record(
        actor=actor,
        action=AuditAction.LOAD,
        obj=submission,
        message_key="statistics.external_loaded",
        params={"source": code, "rows": submission.rows, "id": submission.pk},
    )
    transaction.on_commit(lambda: analytics.schedule_refresh(indicators=None if earlier else codes))
    return submission
