"""Loading the project's reference data file (States, organisations, roles, participations;
the Operating Modalities, chair history and meetings in `reference_history`).

The file is parsed and checked completely before anything is written; the load runs in one
transaction and upserts by natural keys, so a second load of the same file changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from almaty.accounts.models import Role
from almaty.core import countries
from almaty.core.audit import audit_record
from almaty.core.errors import InvalidInput
from almaty.core.models import AuditAction
from almaty.process.choices import OrganisationKind, ParticipationStatus
from almaty.process.models import (
    Organisation,
    Participation,
    ProcessProfile,
    ReferenceDataset,
    State,
)

DEFAULT_FILE = Path(__file__).parent / "reference" / "almaty-process.yaml"
LANGS = ("en", "ru")


@dataclass(frozen=True)
class LoadResult:
    version: int
    created: int
    updated: int
    skipped: bool


def _bilingual(item: dict[str, Any], key: str, where: str, required: bool = True) -> dict[str, str]:
    value = item.get(key)
    if value is None and not required:
        return {}
    if not isinstance(value, dict) or any(not isinstance(value.get(lang), str) for lang in LANGS):
        raise InvalidInput(
            _("%(where)s: '%(key)s' needs an English and a Russian text."), where=where, key=key
        )
    return {f"{key}_{lang}": value[lang].strip() for lang in LANGS}


def _date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(
            _("%(where)s: '%(value)s' is not a date (YYYY-MM-DD)."), where=where, value=value
        ) from None


# libyaml's parser when PyYAML was built with it: ten times faster on the reference file.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):  # type: ignore[valid-type,misc]  # a base chosen at import
    """YAML without implicit dates: `2013-02-30` stays text, so `_date` reports where it is
    (PyYAML would raise a bare ValueError while parsing)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _parse(text: str) -> dict[str, Any]:
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as exc:
        raise InvalidInput(
            _("The reference file is not valid YAML: %(error)s"), error=str(exc)
        ) from None
    version = data.get("version") if isinstance(data, dict) else None
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InvalidInput(_("The reference file has no integer 'version'."))
    for section in ("process", "roles", "states", "organisations", "participations"):
        if section not in data:
            raise InvalidInput(
                _("The reference file has no '%(section)s' section."), section=section
            )
    # The shape is checked here so that `_plan` can rely on records being mappings.
    if not isinstance(data["process"], dict):
        raise InvalidInput(_("%(where)s: not a record with fields."), where="process")
    for section in ("roles", "states", "organisations", "participations"):
        if not isinstance(data[section], list):
            raise InvalidInput(
                _("The reference file's '%(section)s' section is not a list."), section=section
            )
        for i, record in enumerate(data[section], start=1):
            if not isinstance(record, dict):
                where = f"{section}[{i}]"
                raise InvalidInput(_("%(where)s: not a record with fields."), where=where)
    return data


def _upsert(model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]) -> str:
    """Create or update one row; returns 'created', 'updated' or 'same'."""
    row = model._default_manager.filter(**lookup).first()
    if row is None:
        model._default_manager.create(**lookup, **values)
        return "created"
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    if not changed:
        return "same"
    for name in changed:
        setattr(row, name, values[name])
    # auto_now fields are only written when listed, so name it: the row did change.
    touched = [f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
    row.save(update_fields=changed + touched)
    return "updated"


def reference_load(
    *,
    path: Path | None = None,
    actor: Any | None = None,
    force: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> LoadResult:
    """Load the reference data file (default: the Almaty Process). Idempotent."""
    path = path or DEFAULT_FILE
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(
            _("Cannot read the reference file %(path)s: %(error)s"),
            path=str(path),
            error=exc.strerror,
        ) from None
    checksum = hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        message = _("The reference file is not valid YAML: %(error)s")
        raise InvalidInput(message, error=str(exc)) from None
    data = _parse(text)
    name = str(data["process"].get("code") or path.stem)
    previous = ReferenceDataset.objects.filter(name=name).first()
    if previous and previous.checksum == checksum and not force:
        return LoadResult(version=data["version"], created=0, updated=0, skipped=True)

    steps = _plan(data)
    counts = {"created": 0, "updated": 0, "same": 0}
    with transaction.atomic():
        for index, step in enumerate(steps, start=1):
            counts[step()] += 1
            if progress is not None:
                progress(index, len(steps))
        # The portal's editable pages get their first texts; existing pages are never touched.
        from almaty.pages.reference import pages_seed

        pages_seed()
        # The statistics catalogue's indicators (upserted; a second call changes nothing).
        from almaty.stats.services import catalogue_sync

        catalogue_sync()
        ReferenceDataset.objects.update_or_create(
            name=name,
            defaults={
                "version": data["version"],
                "checksum": checksum,
                "loaded_at": timezone.now(),
            },
        )
        audit_record(
            actor=actor,
            action=AuditAction.LOAD,
            object_type="process.referencedataset",
            object_id=name,
            message_key="reference.loaded",
            params={
                "version": data["version"],
                "created": counts["created"],
                "updated": counts["updated"],
            },
        )
    return LoadResult(
        version=data["version"], created=counts["created"], updated=counts["updated"], skipped=False
    )


def _plan(data: dict[str, Any]) -> list[Callable[[], str]]:
    """Check every record and return the writes to make, in dependency order."""
    steps: list[Callable[[], str]] = []

    def add(model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]) -> None:
        steps.append(lambda: _upsert(model, lookup, values))

    proc = data["process"]
    profile_values = {
        **_bilingual(proc, "name", "process"),
        **_bilingual(proc, "short_name", "process"),
        **_bilingual(proc, "summary", "process"),
        **_bilingual(proc, "secretariat_city", "process"),
        "launched_on": _date(proc["launched_on"], "process") if proc.get("launched_on") else None,
    }
    add(ProcessProfile, {"code": str(proc.get("code", "process"))}, profile_values)

    for i, role in enumerate(data["roles"], start=1):
        where = f"roles[{i}]"
        code = role.get("code")
        if not isinstance(code, str) or not code:
            raise InvalidInput(_("%(where)s: a role needs a code."), where=where)
        add(
            Role,
            {"code": code},
            {
                **_bilingual(role, "name", where),
                **_bilingual(role, "description", where, required=False),
                "needs_state": bool(role.get("needs_state", False)),
                "is_secretariat": bool(role.get("is_secretariat", False)),
            },
        )

    state_codes: set[str] = set()
    for i, state in enumerate(data["states"], start=1):
        where = f"states[{i}]"
        found = countries.lookup(str(state.get("iso3", "")))
        if found is None:
            raise InvalidInput(
                _("%(where)s: '%(code)s' is not an ISO 3166 alpha-3 code."),
                where=where,
                code=state.get("iso3"),
            )
        alpha2, alpha3, numeric = found
        state_codes.add(alpha3)
        add(
            State,
            {"iso3": alpha3},
            {
                "iso2": alpha2,
                "numeric": numeric,
                "is_central_asian": bool(state.get("central_asian", False)),
                "rotation_name": str(
                    state.get("rotation_name") or countries.short_name(alpha3, "en")
                ),
                **_bilingual(state, "name", where),
            },
        )

    org_codes: set[str] = set()
    for i, org in enumerate(data["organisations"], start=1):
        where = f"organisations[{i}]"
        kind = org.get("kind")
        if kind not in OrganisationKind.values:
            raise InvalidInput(
                _("%(where)s: unknown organisation kind '%(kind)s'."), where=where, kind=kind
            )
        code = org.get("code")
        if not isinstance(code, str) or not code:
            raise InvalidInput(_("%(where)s: an organisation needs a code."), where=where)
        org_codes.add(code)
        add(
            Organisation,
            {"code": code},
            {
                "kind": kind,
                "is_support_unit": bool(org.get("support_unit", False)),
                **_bilingual(org, "acronym", where),
                **_bilingual(org, "name", where),
            },
        )

    for i, part in enumerate(data["participations"], start=1):
        where = f"participations[{i}]"
        status = part.get("status")
        if status not in ParticipationStatus.values:
            raise InvalidInput(
                _("%(where)s: unknown participation status '%(status)s'."),
                where=where,
                status=status,
            )
        valid_from = _date(part.get("from"), where)
        valid_to = _date(part["to"], where) if part.get("to") else None
        if valid_to and valid_to < valid_from:
            raise InvalidInput(_("%(where)s: the period ends before it starts."), where=where)
        note = _bilingual(part, "note", where, required=False) or {"note_en": "", "note_ru": ""}
        if "state" in part:
            code = str(part["state"]).upper()
            if code not in state_codes:
                raise InvalidInput(
                    _("%(where)s: State '%(code)s' is not in the file's States."),
                    where=where,
                    code=code,
                )
            steps.append(_participation_step("state", code, status, valid_from, valid_to, note))
        elif "organisation" in part:
            code = str(part["organisation"])
            if code not in org_codes:
                raise InvalidInput(
                    _("%(where)s: organisation '%(code)s' is not in the file's organisations."),
                    where=where,
                    code=code,
                )
            steps.append(
                _participation_step("organisation", code, status, valid_from, valid_to, note)
            )
        else:
            raise InvalidInput(
                _("%(where)s: a participation names a State or an organisation."), where=where
            )
    from almaty.process.reference_history import plan_history

    steps += plan_history(data, state_codes)
    return steps


def _participation_step(
    kind: str,
    code: str,
    status: str,
    valid_from: dt.date,
    valid_to: dt.date | None,
    note: dict[str, str],
) -> Callable[[], str]:
    def step() -> str:
        participant: State | Organisation
        if kind == "state":
            participant = State.objects.get(iso3=code)
        else:
            participant = Organisation.objects.get(code=code)
        return _upsert(
            Participation,
            {kind: participant, "status": status, "valid_from": valid_from},
            {"valid_to": valid_to, **note},
        )

    return step
