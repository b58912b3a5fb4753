"""The rotation and the obligations as rows for people and programs (CLI, API, pages).

Labels are translated in the active language; `as_json()` keeps codes and ISO dates only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from almaty.core import countries
from almaty.process.choices import ObligationCode, ObligationStatus, TermBasis, TermKind
from almaty.process.engine.obligations import Designation, Event, Obligation
from almaty.process.engine.rotation import Term


def _state_name(iso3: str | None) -> str:
    from django.utils.translation import get_language

    return countries.short_name(iso3, get_language() or "en") if iso3 else ""


@dataclass(frozen=True)
class TermRow:
    state: str
    state_name: str
    start: dt.date
    end: dt.date | None
    basis: str
    basis_label: str
    kind: str
    kind_label: str

    def as_json(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "start": self.start.isoformat(),
            "end": self.end.isoformat() if self.end else None,
            "basis": self.basis,
            "kind": self.kind,
        }


def term_rows(terms: list[Term]) -> list[TermRow]:
    return [
        TermRow(
            state=t.state,
            state_name=_state_name(t.state),
            start=t.start,
            end=t.end,
            basis=t.basis,
            basis_label=str(TermBasis(t.basis).label),
            kind=t.kind,
            kind_label=str(TermKind(t.kind).label),
        )
        for t in terms
    ]


@dataclass(frozen=True)
class ObligationRow:
    code: str
    label: str
    state: str | None
    state_name: str
    status: str
    status_label: str
    due_on: dt.date | None
    last_on: dt.date | None
    evidence: list[dict[str, Any]]
    evidence_text: str

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "state": self.state,
            "status": self.status,
            "due_on": self.due_on.isoformat() if self.due_on else None,
            "last_on": self.last_on.isoformat() if self.last_on else None,
            "evidence": self.evidence,
        }


def _evidence(item: Event | Designation) -> dict[str, Any]:
    if isinstance(item, Event):
        return {"kind": item.kind, "on": item.on.isoformat(), "ref": item.ref, "label": item.label}
    return {
        "kind": "designation",
        "on": item.start.isoformat(),
        "until": item.end.isoformat() if item.end else None,
        "ref": item.ref,
        "label": item.state,
    }


def obligation_rows(obligations: list[Obligation]) -> list[ObligationRow]:
    rows = []
    for o in obligations:
        evidence = [_evidence(item) for item in o.evidence]
        rows.append(
            ObligationRow(
                code=o.code,
                label=str(ObligationCode(o.code).label),
                state=o.state,
                state_name=_state_name(o.state),
                status=o.status,
                status_label=str(ObligationStatus(o.status).label),
                due_on=o.due_on,
                last_on=o.last_on,
                evidence=evidence,
                evidence_text="; ".join(f"{e['label']} ({e['on']})" for e in evidence),
            )
        )
    return rows
