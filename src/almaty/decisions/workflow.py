"""The decision workflow as an explicit transition table: action -> (from statuses, to status)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from almaty.core.errors import InvalidInput
from almaty.decisions.choices import ProposalStatus as S

TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "put_to_meeting": (frozenset({S.DRAFT, S.BROKEN, S.ENDORSED}), S.AT_MEETING),
    "start_silence": (frozenset({S.DRAFT, S.BROKEN}), S.UNDER_SILENCE),
    "adopt_at_meeting": (frozenset({S.AT_MEETING}), S.ADOPTED),
    "not_adopt_at_meeting": (frozenset({S.AT_MEETING}), S.NOT_ADOPTED),
    "silence_holds": (frozenset({S.UNDER_SILENCE}), S.ADOPTED),
    "silence_endorses": (frozenset({S.UNDER_SILENCE}), S.ENDORSED),
    "silence_broken": (frozenset({S.UNDER_SILENCE}), S.BROKEN),
    "withdraw": (
        frozenset({S.DRAFT, S.AT_MEETING, S.UNDER_SILENCE, S.BROKEN, S.ENDORSED}),
        S.WITHDRAWN,
    ),
}

ACTION_LABELS = {
    "put_to_meeting": _("put to a meeting"),
    "start_silence": _("circulated under silence procedure"),
    "adopt_at_meeting": _("adopted at the meeting"),
    "not_adopt_at_meeting": _("not adopted at the meeting"),
    "silence_holds": _("adopted: silence held"),
    "silence_endorses": _("agreed by silence"),
    "silence_broken": _("silence broken"),
    "withdraw": _("withdrawn"),
}


def next_status(current: str, action: str) -> str:
    """The status after `action`, or a clear error if the table does not allow it."""
    if action not in TRANSITIONS:
        raise InvalidInput(_("Unknown action '%(action)s'."), action=action)
    allowed, target = TRANSITIONS[action]
    if current not in allowed:
        raise InvalidInput(
            _("A proposal that is %(status)s cannot be %(action)s."),
            status=S(current).label,
            action=ACTION_LABELS[action],
        )
    return target
