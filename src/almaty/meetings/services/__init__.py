"""Writes of meetings: scheduling and cloning, the agenda and its speakers, delegates,
materials and outcomes. Each service checks the actor's permission through
`almaty.meetings.access`, runs in one transaction and writes its audit entry in it. Audit
parameters keep English titles (the entry is translated when shown) and name delegates by id
only (they are personal data)."""

from almaty.meetings.services.agenda import (
    agenda_item_add,
    agenda_item_move,
    agenda_item_remove,
    agenda_item_update,
    agenda_publish,
    agenda_withdraw,
    person_save,
    speaker_add,
    speaker_remove,
)
from almaty.meetings.services.delegates import (
    delegate_decide,
    delegate_register,
    delegate_update,
    delegate_withdraw,
)
from almaty.meetings.services.meetings import meeting_clone, meeting_schedule, meeting_update
from almaty.meetings.services.results import (
    material_add,
    material_circulate,
    material_remove,
    outcome_record,
    outcome_update,
)

__all__ = [
    "agenda_item_add",
    "agenda_item_move",
    "agenda_item_remove",
    "agenda_item_update",
    "agenda_publish",
    "agenda_withdraw",
    "delegate_decide",
    "delegate_register",
    "delegate_update",
    "delegate_withdraw",
    "material_add",
    "material_circulate",
    "material_remove",
    "meeting_clone",
    "meeting_schedule",
    "meeting_update",
    "outcome_record",
    "outcome_update",
    "person_save",
    "speaker_add",
    "speaker_remove",
]
