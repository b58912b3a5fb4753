"""Pages of meetings: the list and iCal feed, a meeting's page and agenda PDF (`public`); the
Support Unit's scheduling, cloning and agenda editor (`agenda`); delegates, the list of
participants and badges (`delegates`); the materials dashboard and outcomes (`desk`).

Views parse, call a service or selector, and render. A form the services refuse (InvalidInput)
is shown again with the service's message and nothing is changed. htmx requests (HX-Request)
get the re-rendered fragment; without JavaScript every form posts normally and redirects.
"""

from almaty.meetings.views.agenda import agenda_edit, clone, schedule
from almaty.meetings.views.delegates import badges, delegates, participants
from almaty.meetings.views.desk import materials, outcomes
from almaty.meetings.views.public import agenda_pdf, detail, feed, meeting_ics, meeting_list

__all__ = [
    "agenda_edit",
    "agenda_pdf",
    "badges",
    "clone",
    "delegates",
    "detail",
    "feed",
    "materials",
    "meeting_ics",
    "meeting_list",
    "outcomes",
    "participants",
    "schedule",
]
