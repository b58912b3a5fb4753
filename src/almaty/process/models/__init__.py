"""The process's records: participants over time, the Operating Modalities as versioned rules,
chair terms and passes, National Coordinator designations."""

from almaty.process.models.chair import ChairPass, ChairTerm
from almaty.process.models.coordinators import NationalCoordinator
from almaty.process.models.participants import (
    Organisation,
    Participation,
    ProcessProfile,
    ReferenceDataset,
    State,
)
from almaty.process.models.rules import ModalitiesVersion

__all__ = [
    "ChairPass",
    "ChairTerm",
    "ModalitiesVersion",
    "NationalCoordinator",
    "Organisation",
    "Participation",
    "ProcessProfile",
    "ReferenceDataset",
    "State",
]
