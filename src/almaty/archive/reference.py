"""The archive's part of the reference data file: the topics of the Process (the preliminary
thematic areas of the Operating Modalities), which documents and media items are filed under."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from almaty.archive.models import Topic
from almaty.core.errors import InvalidInput
from almaty.process.reference_history import Step, _fields, _key, _texts, _unique
from almaty.process.reference_loader import _upsert

TOPIC_FIELDS = frozenset({"code", "name", "position"})
# Topic.position is a small integer column on every database.
MAX_POSITION = 32767


def plan_topics(records: list[dict[str, Any]]) -> list[Step]:
    """The writes of the file's topics, keyed by code."""
    steps: list[Step] = []
    codes: dict[Any, str] = {}
    for i, topic in enumerate(records, start=1):
        where = f"topics[{i}]"
        _fields(topic, TOPIC_FIELDS, where)
        code = _key(topic.get("code"), f"{where}.code")
        _unique(codes, "code", code, where)
        position = topic.get("position", 0)
        if (
            isinstance(position, bool)
            or not isinstance(position, int)
            or not 0 <= position <= MAX_POSITION
        ):
            raise InvalidInput(
                _("%(where)s: '%(key)s' must be a whole number from %(minimum)s to %(maximum)s."),
                where=f"{where}.position",
                key="position",
                minimum=0,
                maximum=MAX_POSITION,
            )
        values = {**_texts(topic, "name", where, Topic), "position": position}
        steps.append(_topic_step(code, values))
    return steps


def _topic_step(code: str, values: dict[str, Any]) -> Step:
    return lambda: _upsert(Topic, {"code": code}, values)
