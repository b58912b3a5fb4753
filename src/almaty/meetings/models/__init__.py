"""Meetings, their agendas, delegations, materials and outcomes."""

from almaty.meetings.models.agenda import AgendaItem, Person, Speaker
from almaty.meetings.models.meeting import Meeting
from almaty.meetings.models.registration import Delegate
from almaty.meetings.models.results import Material, Outcome

__all__ = ["AgendaItem", "Delegate", "Material", "Meeting", "Outcome", "Person", "Speaker"]
